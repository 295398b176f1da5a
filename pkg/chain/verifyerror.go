package chain

import (
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/voicepki/certkit/internal/x509text"
)

// verifyErr is why a chain does not verify (Chain.VerifyError) when
// crypto/x509 said so: reason in certkit's words, Err the crypto/x509
// error (x509.CertificateInvalidError, x509.UnknownAuthorityError...)
// behind it, for errors.As (Unwrap) and for a front end that shows the
// detail (Detail).
type verifyErr struct {
	Reason string
	Err    error
}

func (e *verifyErr) Error() string { return "chain: " + e.Reason }

// Unwrap returns crypto/x509's error.
func (e *verifyErr) Unwrap() error { return e.Err }

// Detail returns crypto/x509's message, which Reason words for people.
func (e *verifyErr) Detail() string { return e.Err.Error() }

// verifyError words the error of x509.Certificate.Verify, run at time at.
func verifyError(err error, at time.Time) *verifyErr {
	var (
		invalid  x509.CertificateInvalidError
		unknown  x509.UnknownAuthorityError
		insecure x509.InsecureAlgorithmError
		usage    x509.ConstraintViolationError
	)
	reason := "the chain does not verify"
	switch {
	case errors.As(err, &invalid):
		reason = invalidReason(invalid, at)
	case errors.As(err, &unknown) && unknown.Cert != nil:
		reason = fmt.Sprintf("%s does not lead to a trusted root", x509text.Describe(unknown.Cert))
	case errors.As(err, &insecure):
		reason = fmt.Sprintf("a signature in the chain uses %v, which crypto/x509 no longer accepts", x509.SignatureAlgorithm(insecure))
	case errors.As(err, &usage):
		reason = "a CA's key usage does not allow signing certificates"
	}
	return &verifyErr{Reason: reason, Err: err}
}

// invalidReason words why crypto/x509 found a certificate of the chain
// invalid.
func invalidReason(e x509.CertificateInvalidError, at time.Time) string {
	name := x509text.Describe(e.Cert)
	switch e.Reason {
	case x509.Expired:
		if e.Cert != nil && at.Before(e.Cert.NotBefore) {
			return fmt.Sprintf("%s is not valid before %s (checked at %s)", name, e.Cert.NotBefore.UTC().Format(time.DateOnly), at.UTC().Format(time.RFC3339))
		}
		if e.Cert != nil {
			return fmt.Sprintf("%s expired on %s (checked at %s)", name, e.Cert.NotAfter.UTC().Format(time.DateOnly), at.UTC().Format(time.RFC3339))
		}
		return "a certificate is outside its validity period"
	case x509.NotAuthorizedToSign:
		return fmt.Sprintf("%s issued a certificate but is not a CA (no CA:TRUE basic constraint)", name)
	case x509.TooManyIntermediates:
		return fmt.Sprintf("%s has more CAs below it than its path length constraint allows", name)
	case x509.IncompatibleUsage:
		return fmt.Sprintf("the extended key usages of %s exclude the usage checked", name)
	case x509.CANotAuthorizedForExtKeyUsage:
		return fmt.Sprintf("%s does not allow an extended key usage of a certificate below it", name)
	case x509.NameMismatch:
		return fmt.Sprintf("the issuer name of %s is not its issuer's subject name", name)
	case x509.CANotAuthorizedForThisName, x509.NameConstraintsWithoutSANs, x509.UnconstrainedName, x509.TooManyConstraints:
		return fmt.Sprintf("the name constraints of %s exclude a name in the chain, or cannot be checked", name)
	}
	return fmt.Sprintf("%s is not valid in this chain", name)
}
