package cisco

import (
	"crypto/x509"
	"errors"
	"fmt"
	"strings"

	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
)

// ErrSeveralLeaves is what ChooseLeaf's and UploadChain's errors match
// (errors.Is) when the certificates hold several device certificates and
// the names given pick none of them, or more than one. A *SeveralLeavesError
// lists them.
var ErrSeveralLeaves = errors.New("cisco: more than one device certificate")

// ErrNoLeaf is what ChooseLeaf's error matches (errors.Is) when the
// certificates hold no device certificate at all, only CA certificates.
var ErrNoLeaf = errors.New("cisco: no device certificate")

// SeveralLeavesError names the device certificates found, when the names
// given could not pick one of them.
type SeveralLeavesError struct {
	// Leaves are every device certificate, in the order their chains came.
	Leaves []*x509.Certificate
	// Names are the names that were given to pick one by its CN; none of
	// the leaves has one of them as its CN, or several do.
	Names []string
	// Matches are the leaves whose CN is one of Names, when there are
	// several.
	Matches []*x509.Certificate
}

func (e *SeveralLeavesError) Error() string {
	if e == nil || len(e.Leaves) == 0 {
		return "cisco: the certificates hold more than one device certificate; pick one by its CN"
	}
	list := quoteCNs(e.Leaves)
	switch {
	case len(e.Matches) > 1:
		return fmt.Sprintf("cisco: %d of the %d device certificates (%s) have the CN %s; give a name only one of them has",
			len(e.Matches), len(e.Leaves), list, orList(e.Names))
	case len(e.Names) > 0:
		return fmt.Sprintf("cisco: none of the %d device certificates (%s) has the CN %s", len(e.Leaves), list, orList(e.Names))
	}
	return fmt.Sprintf("cisco: the certificates hold %d device certificates (%s); pick one by its CN", len(e.Leaves), list)
}

// Is reports whether target is ErrSeveralLeaves.
func (e *SeveralLeavesError) Is(target error) bool { return target == ErrSeveralLeaves }

// quoteCNs lists certificates by CN for a message: "a", "b".
func quoteCNs(certs []*x509.Certificate) string {
	names := make([]string, len(certs))
	for i, c := range certs {
		names[i] = fmt.Sprintf("%q", commonName(c))
	}
	return strings.Join(names, ", ")
}

// orList quotes names for a message: "a", or "a" or "b".
func orList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, " or ")
}

// ChooseLeaf returns the device certificate among certs: the certificate
// that ends a chain (chain.Order) and is not a CA (chain.RoleOf's leaf).
// This is how certkit finds the gateway's (or CUCM's) certificate in a
// bundle, wherever it sits in the file:
//
//   - one device certificate: that one, whatever its name (a name that
//     differs is for the caller to warn about, not a reason to refuse);
//   - several: the one whose CN equals one of names exactly, letter case
//     included, else whose CN or DNS SAN is that name followed by "."
//     and a domain (give the hostname, else the trustpoint name, in that
//     order of preference: the first name that picks exactly one wins);
//     with no name given, the only one that is not self-signed (a
//     gateway holds its old self-signed certificate beside its CA-issued
//     one); else a *SeveralLeavesError listing them;
//   - none, only CA certificates: an error matching ErrNoLeaf.
//
// It never picks by position. Empty names are ignored.
func ChooseLeaf(certs []*x509.Certificate, names ...string) (*x509.Certificate, error) {
	if len(certs) == 0 {
		return nil, errorOf(ErrInvalidOption, "cisco: no certificates")
	}
	chains, err := chain.Order(certs, chain.Options{})
	if err != nil {
		return nil, fmt.Errorf("cisco: %w", err)
	}
	return PickLeaf(chains, names...)
}

// PickLeaf is ChooseLeaf for chains already built with chain.Order: the
// same rule, without ordering the certificates again. It returns
// ErrNoLeaf when the chains hold CA certificates only, and
// *SeveralLeavesError when names pick none or several of the device
// certificates.
func PickLeaf(chains []chain.Chain, names ...string) (*x509.Certificate, error) {
	leaves := chain.Leaves(chains)
	switch len(leaves) {
	case 0:
		return nil, errorOf(ErrNoLeaf, "cisco: the certificates hold CA certificates only, no device certificate")
	case 1:
		return leaves[0], nil
	}
	var given []string
	for _, n := range names {
		if n != "" {
			given = append(given, n)
		}
	}
	var many []*x509.Certificate
	for _, n := range given {
		// The CN exactly first; else the name rule (internal/verdict): the
		// CN or a DNS SAN is the name, or the name followed by a domain.
		matches := leavesNamed(leaves, func(c *x509.Certificate) bool { return c.Subject.CommonName == n })
		if len(matches) == 0 {
			matches = leavesNamed(leaves, func(c *x509.Certificate) bool {
				for _, name := range verdict.Names(c) {
					if verdict.NameMatch(name, n) == verdict.Exact {
						return true
					}
				}
				return false
			})
		}
		if len(matches) == 1 {
			return matches[0], nil
		}
		if len(matches) > 1 && many == nil {
			many = matches
		}
	}
	if many == nil {
		// No name picked one: a gateway's configuration holds its old
		// self-signed certificate beside the one its CA issued, and only
		// the CA-issued one has a chain to plan or an issuer to paste.
		var issued []*x509.Certificate
		for _, l := range leaves {
			if !chain.SelfSigned(l) {
				issued = append(issued, l)
			}
		}
		if len(issued) == 1 && len(given) == 0 {
			return issued[0], nil
		}
	}
	return nil, &SeveralLeavesError{Leaves: leaves, Names: given, Matches: many}
}

// leavesNamed returns the leaves for which match is true.
func leavesNamed(leaves []*x509.Certificate, match func(*x509.Certificate) bool) []*x509.Certificate {
	var out []*x509.Certificate
	for _, l := range leaves {
		if match(l) {
			out = append(out, l)
		}
	}
	return out
}

// UploadChain orders certs (by signature, with chain.Order) and returns
// what to upload to CUCM, root first, ready for Plan:
//
//   - with a device certificate (ChooseLeaf picks it, by names when there
//     are several), its chain, ending at it, and in left the certificates
//     outside that chain, which the plan leaves out;
//   - with CA certificates only (a CA's bundle for a trust store), every
//     certificate once, each chain root first (chain.Sequence), so that a
//     root shared by two chains is uploaded once.
//
// When names pick none of several device certificates it returns
// ChooseLeaf's *SeveralLeavesError; with no certificates at all an error
// matching ErrInvalidOption.
func UploadChain(certs []*x509.Certificate, names ...string) (upload, left []*x509.Certificate, err error) {
	chains, err := chain.Order(certs, chain.Options{})
	if err != nil {
		return nil, nil, fmt.Errorf("cisco: %w", err)
	}
	upload, left, _, err = uploadChain(certs, chains, names)
	return upload, left, err
}

// uploadChain is UploadChain over the chains chain.Order built from certs
// (none when there are no certificates, which it refuses); device says a
// device certificate was picked and ends upload.
func uploadChain(certs []*x509.Certificate, chains []chain.Chain, names []string) (upload, left []*x509.Certificate, device bool, err error) {
	if len(certs) == 0 {
		return nil, nil, false, errorOf(ErrInvalidOption, "cisco: no certificates to upload")
	}
	leaf, err := PickLeaf(chains, names...)
	switch {
	case errors.Is(err, ErrNoLeaf):
		upload, _ = chain.Sequence(certs, chains)
		return upload, nil, false, nil
	case err != nil:
		return nil, nil, false, err
	}
	for _, ch := range chains {
		if n := len(ch.Certificates); ch.Certificates[n-1] == leaf {
			return ch.Certificates, chain.Outside(certs, []chain.Chain{ch}), true, nil
		}
	}
	return nil, nil, false, fmt.Errorf("cisco: the device certificate %s ends no chain", describe(leaf)) // not reached: leaves end chains
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
