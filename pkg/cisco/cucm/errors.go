package cucm

import (
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/voicepki/certkit/pkg/finding"
)

// The codes of the findings (warnings) this package reports, besides
// those several packages share, which package finding defines:
// finding.CodeNameMismatch and finding.CodeNameCaseMismatch (a trustpoint,
// hostname or SIP trunk subject name that is not the certificate's),
// finding.CodeKeyTooLarge, finding.CodeKeyOver2048, finding.CodeKeyType,
// finding.CodeWildcard, finding.CodeMissingEKU (CUCM's limits),
// finding.CodeWeakSignature and finding.CodeExpiresBeforeLeaf. Every
// warning has severity finding.Warning.
const (
	// codeSubjectCollision: two CA certificates share a subject and so
	// collide in CUCM's one-certificate-per-subject trust store, including
	// a step and a certificate of the inputs the plan leaves out (the old
	// copy of a re-keyed CA, which may already be in the trust store).
	codeSubjectCollision finding.Code = "subject-collision"
	// codeNoRoot: the first certificate of the plan is not self-signed, so
	// the root is missing.
	codeNoRoot finding.Code = "no-root"
)

// ErrUnknownService is what errors match (errors.Is) that report a CUCM
// service name certkit does not know.
var ErrUnknownService = errors.New("cucm: unknown CUCM service")

// ErrServiceNotPlanned is what errors match (errors.Is) that report a CUCM
// certificate purpose certkit knows but does not plan uploads for, because
// what CUCM does with it is not confirmed: ITLRecovery.
var ErrServiceNotPlanned = errors.New("cucm: CUCM service not planned")

// errInvalidOption is what errors match (errors.Is) that report an option
// value out of range, an option that does not fit with the others, or
// input that is missing.
var errInvalidOption = errors.New("cucm: invalid option")

// serialOf writes c's serial number in hex for a message, or "none".
func serialOf(c *x509.Certificate) string {
	if c.SerialNumber == nil {
		return "none"
	}
	return fmt.Sprintf("%x", c.SerialNumber)
}

// nonEmpty returns the names that are not empty.
func nonEmpty(names ...string) []string {
	var out []string
	for _, n := range names {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}
