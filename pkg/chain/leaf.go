package chain

import (
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/errkind"
	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
)

// ErrSeveralLeaves is what PickLeaf's error matches
// (errors.Is) when the certificates hold several device certificates and
// the names given pick none of them, or more than one. A *SeveralLeavesError
// lists them.
var ErrSeveralLeaves = errors.New("chain: more than one device certificate")

// ErrNoLeaf is what PickLeaf's error matches (errors.Is) when the
// certificates hold no device certificate at all, only CA certificates.
var ErrNoLeaf = errors.New("chain: no device certificate")

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

// Error says what went wrong, as the command prints it.
func (e *SeveralLeavesError) Error() string {
	if e == nil || len(e.Leaves) == 0 {
		return "chain: the certificates hold more than one device certificate; pick one by its CN"
	}
	list := describeAll(e.Leaves)
	switch {
	case len(e.Matches) > 1:
		return fmt.Sprintf("chain: %d of the %d device certificates (%s) have the CN %s; give a name only one of them has",
			len(e.Matches), len(e.Leaves), list, orList(e.Names))
	case len(e.Names) > 0:
		return fmt.Sprintf("chain: none of the %d device certificates (%s) has the CN %s", len(e.Leaves), list, orList(e.Names))
	}
	return fmt.Sprintf("chain: the certificates hold %d device certificates (%s); pick one by its CN", len(e.Leaves), list)
}

// Is reports whether target is ErrSeveralLeaves.
func (e *SeveralLeavesError) Is(target error) bool { return target == ErrSeveralLeaves }

// describeAll lists certificates for a message as x509text.Describe
// names them: CN=a, CN=b.
func describeAll(certs []*x509.Certificate) string {
	names := make([]string, len(certs))
	for i, c := range certs {
		names[i] = x509text.Describe(c)
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

// PickLeaf returns the device certificate among chains (as Order builds
// them): a certificate that ends a chain and is not a CA. It is
// how certkit finds a gateway's or CUCM's certificate in a bundle,
// wherever it sits in the file:
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
func PickLeaf(chains []Chain, names ...string) (*x509.Certificate, error) {
	return pickLeaf(leaves(chains), len(chains) > 0, names)
}

// PickLeafOf is PickLeaf(Order(certs, opts), names...), the same answer
// and the same error, without building the chains where it can tell the
// leaves without them (leavesOf).
func PickLeafOf(certs []*x509.Certificate, opts Options, names ...string) (*x509.Certificate, error) {
	found, chains, err := leavesOf(certs, opts)
	if err != nil {
		return nil, err
	}
	return pickLeaf(found, chains, names)
}

// leavesOf returns the leaves of Order(certs, opts), in that order,
// without building the chains, and whether Order builds any chain at all
// (none when every certificate issued another). A certificate ends a
// chain at a leaf when it issued nothing else in certs and is not marked
// a CA (or is a device's own by the device rule), so only the
// certificates that may have been issued by one not marked a CA need
// their signatures checked: among thousands of CAs, a few. When a
// certificate marked a CA may be a device certificate by its names, or
// with Roots, Fetch, Verify or a DSA key (whose parameters a child may
// inherit), it orders them all.
func leavesOf(certs []*x509.Certificate, opts Options) (found []*x509.Certificate, chains bool, err error) {
	if err := checkNil(certs, opts.Roots); err != nil {
		return nil, false, err
	}
	byOrder := func() ([]*x509.Certificate, bool, error) {
		chains, err := Order(certs, opts)
		if err != nil {
			return nil, false, err
		}
		return leaves(chains), len(chains) > 0, nil
	}
	if len(opts.Roots) > 0 || opts.Fetch != nil || opts.Verify || !leavesByContent(certs, opts.Devices) {
		return byOrder()
	}
	unmarked := func(c *x509.Certificate) bool { return !certrole.MarkedCA(c) }
	g := linkedGraph(certs, nil, opts, unmarked)
	for i, nd := range g.nodes {
		// A certificate no other one names as a candidate issuer ends a
		// chain: Order builds at least one.
		chains = chains || nd.inSet && !g.named[i].Load()
		if nd.inSet && !nd.issued && unmarked(nd.cert) {
			found = append(found, nd.cert)
		}
	}
	if len(found) == 0 && !chains {
		return byOrder()
	}
	return found, true, nil
}

// leavesByContent reports whether the leaves of certs are known without
// the device rule: no certificate marked a CA could be a device's by its
// names (an IOS self-signed name, or a name of devices or of a
// certificate not marked a CA), and no key is DSA.
func leavesByContent(certs []*x509.Certificate, devices []string) bool {
	names := slices.Clone(devices)
	for _, c := range certs {
		if c.PublicKeyAlgorithm == x509.DSA {
			return false
		}
		if !certrole.MarkedCA(c) {
			names = append(names, verdict.DeviceNames(c)...)
		}
	}
	for _, c := range certs {
		if certrole.MarkedCA(c) && verdict.Device(c, true, false, names) {
			return false
		}
	}
	return true
}

// pickLeaf is PickLeaf among the leaves of chains; built says
// whether there are chains at all.
func pickLeaf(leaves []*x509.Certificate, built bool, names []string) (*x509.Certificate, error) {
	if !built {
		return nil, errkind.New(ErrNoLeaf, "chain: no certificates, so no device certificate")
	}
	switch len(leaves) {
	case 0:
		return nil, errkind.New(ErrNoLeaf, "chain: the certificates hold CA certificates only, no device certificate")
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
			if !sigcheck.SelfSigned(l) {
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
