package cisco

import (
	"crypto/x509"
	"errors"
	"fmt"
	"strings"

	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/x509text"
)

// ErrSeveralLeaves is what UploadChain's error matches (errors.Is) when the
// certificates hold more than one device certificate: CUCM takes one
// signed certificate per upload plan.
var ErrSeveralLeaves = errors.New("cisco: more than one device certificate")

// SeveralLeavesError names the device certificates UploadChain found.
type SeveralLeavesError struct {
	Leaves []*x509.Certificate
}

func (e *SeveralLeavesError) Error() string {
	if e == nil || len(e.Leaves) == 0 {
		return "cisco: the certificates hold more than one device certificate; plan one at a time"
	}
	names := make([]string, len(e.Leaves))
	for i, c := range e.Leaves {
		names[i] = fmt.Sprintf("%q", commonName(c))
	}
	return fmt.Sprintf("cisco: the certificates hold %d device certificates (%s); plan one at a time", len(e.Leaves), strings.Join(names, ", "))
}

// Is reports whether target is ErrSeveralLeaves.
func (e *SeveralLeavesError) Is(target error) bool { return target == ErrSeveralLeaves }

// UploadChain orders certs (by signature, with chain.Order) and returns
// what to upload to CUCM, root first, ready for Plan:
//
//   - with one device certificate, its chain, ending at it, and in left
//     the certificates outside that chain, which the plan leaves out;
//   - with CA certificates only (a CA's bundle for a trust store), every
//     certificate once, each chain root first (chain.Sequence), so that a
//     root shared by two chains is uploaded once.
//
// With several device certificates it returns a *SeveralLeavesError; with
// none at all an error matching ErrInvalidOption.
func UploadChain(certs []*x509.Certificate) (upload, left []*x509.Certificate, err error) {
	if len(certs) == 0 {
		return nil, nil, errorOf(ErrInvalidOption, "cisco: no certificates to upload")
	}
	chains, err := chain.Order(certs, chain.Options{})
	if err != nil {
		return nil, nil, fmt.Errorf("cisco: %w", err)
	}
	leaves := chain.Leaves(chains)
	switch len(leaves) {
	case 0:
		upload, _ = chain.Sequence(certs, chains)
		return upload, nil, nil
	case 1:
		for _, ch := range chains {
			if n := len(ch.Certificates); ch.Certificates[n-1] == leaves[0] {
				return ch.Certificates, chain.Outside(certs, []chain.Chain{ch}), nil
			}
		}
	}
	return nil, nil, &SeveralLeavesError{Leaves: leaves}
}

// commonName is c's CN, else its whole subject, else what describe says.
func commonName(c *x509.Certificate) string {
	if c == nil {
		return "<nil>"
	}
	if c.Subject.CommonName != "" {
		return c.Subject.CommonName
	}
	if s := x509text.Subject(c); s != "" {
		return s
	}
	return describe(c)
}
