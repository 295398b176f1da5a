package chain

import (
	"crypto/x509"
	"errors"
	"fmt"
	"strings"

	"github.com/voicepki/certkit/internal/x509text"
)

// ErrIssuerNotFound is reported when no certificate at hand issued a
// certificate. It is an ordinary outcome: the issuer is simply not in the
// set. Errors from IssuerOf carry the details in an *IssuerNotFoundError.
var ErrIssuerNotFound = errors.New("chain: issuer not found")

// IssuerNotFoundError says which issuer is missing and where to get it.
// It matches ErrIssuerNotFound with errors.Is.
type IssuerNotFoundError struct {
	// Cert is the certificate whose issuer is missing.
	Cert *x509.Certificate
	// Issuer is the missing issuer's distinguished name, as Cert names it,
	// written by x509text.Issuer (as openssl prints it).
	Issuer string
	// AuthorityKeyID is Cert's authority key identifier, if any.
	AuthorityKeyID []byte
	// AIA lists Cert's caIssuers URLs, where the issuer can be fetched.
	AIA []string
}

func newIssuerNotFound(c *x509.Certificate) *IssuerNotFoundError {
	return &IssuerNotFoundError{Cert: c, Issuer: x509text.Issuer(c), AuthorityKeyID: c.AuthorityKeyId, AIA: c.IssuingCertificateURL}
}

// Error says what went wrong, as the command prints it.
func (e *IssuerNotFoundError) Error() string {
	if e == nil {
		return ErrIssuerNotFound.Error()
	}
	msg := fmt.Sprintf("chain: issuer of %s not found: %s", x509text.Describe(e.Cert), e.Issuer)
	if len(e.AuthorityKeyID) > 0 {
		msg += fmt.Sprintf(" (key id %X)", e.AuthorityKeyID)
	}
	if len(e.AIA) > 0 {
		msg += ", published at " + strings.Join(x509text.PrintableURLs(e.AIA), ", ")
	}
	return msg
}

// Is makes errors.Is(err, ErrIssuerNotFound) true.
func (e *IssuerNotFoundError) Is(target error) bool { return target == ErrIssuerNotFound }

// checkNil refuses nil certificates, which callers would not expect to be
// dropped silently.
func checkNil(certs, roots []*x509.Certificate) error {
	for i, c := range certs {
		if c == nil {
			return fmt.Errorf("chain: certificate %d of %d is nil", i+1, len(certs))
		}
	}
	for i, c := range roots {
		if c == nil {
			return fmt.Errorf("chain: trust anchor %d of %d is nil", i+1, len(roots))
		}
	}
	return nil
}
