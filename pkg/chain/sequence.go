package chain

import (
	"crypto/x509"

	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/sigcheck"
)

// SignedBy reports whether parent's public key verifies child's signature,
// the one proof Order accepts for a link. Unlike
// x509.Certificate.CheckSignatureFrom it accepts MD5, SHA-1 and DSA, for
// which weak is set, and it ignores parent's CA flag and key usage (Order
// reports those as warnings). Nil certificates verify nothing.
func SignedBy(child, parent *x509.Certificate) (ok, weak bool) {
	if child == nil || parent == nil || !signedBy(child, parent) {
		return false, false
	}
	return true, sigcheck.Weak(child.SignatureAlgorithm)
}

// SelfSigned reports whether c's own key verifies its signature, MD5 and
// SHA-1 included. Equal subject and issuer names are not enough: a
// key-rollover link certificate is self-issued but not self-signed.
func SelfSigned(c *x509.Certificate) bool {
	ok, _ := SignedBy(c, c)
	return ok
}

// RoleOf says what c is by its content alone (see Role): a CA its own key
// verifies is a root, another CA an intermediate, anything else a leaf. A
// self-issued key-rollover link (same name, signed by another key) is not
// a root. A version 1 certificate is a CA only if self-issued; give the
// whole set to Roles to count one that issued another certificate as a
// CA too.
func RoleOf(c *x509.Certificate) Role {
	return Role(certrole.Of(c, false))
}

// Roles returns the role of each of certs within the set they form, as
// Order gives it: a certificate whose key verifies the signature of
// another of certs is a CA, whatever its flags say.
func Roles(certs []*x509.Certificate) []Role {
	out := make([]Role, len(certs))
	for i, r := range certrole.InSet(certs) {
		out[i] = Role(r)
	}
	return out
}

// Sequence lists every certificate of certs once, in the order an engineer
// installs them: along each chain of chains root first, then the
// certificates that are in no chain, in their order in certs. Each comes
// with its role, taken from the first chain that holds it (or from RoleOf
// when that chain has no role for it), else from RoleOf. CUCM wants its uploads in this order, and certkit split numbers
// its files by it.
func Sequence(certs []*x509.Certificate, chains []Chain) ([]*x509.Certificate, []Role) {
	var out []*x509.Certificate
	var roles []Role
	seen := make(map[string]bool)
	for _, ch := range chains {
		for i, c := range ch.Certificates {
			if c == nil || seen[string(c.Raw)] {
				continue
			}
			seen[string(c.Raw)] = true
			out = append(out, c)
			var role Role
			if i < len(ch.Roles) {
				role = ch.Roles[i]
			}
			if role == "" {
				role = RoleOf(c) // for a Chain built by hand without Roles
			}
			roles = append(roles, role)
		}
	}
	var issued []bool // of certs, computed once if needed
	for _, c := range Outside(certs, chains) {
		out = append(out, c)
		role := RoleOf(c)
		if role == RoleLeaf {
			// It may have issued one of certs (a version 1 CA whose child's
			// chain took another copy of it).
			if issued == nil {
				issued = certrole.Issued(certs)
			}
			for i, d := range certs {
				if issued[i] && d != nil && d.Equal(c) {
					role = Role(certrole.Of(c, true))
					break
				}
			}
		}
		roles = append(roles, role)
	}
	return out, roles
}

// Leaves returns the certificates that end chains at a leaf (RoleLeaf), in
// the order of chains: the gateway and server certificates of a bundle.
func Leaves(chains []Chain) []*x509.Certificate {
	var out []*x509.Certificate
	for _, ch := range chains {
		n := len(ch.Certificates)
		if n == 0 || ch.Certificates[n-1] == nil {
			continue
		}
		var role Role
		if n == len(ch.Roles) {
			role = ch.Roles[n-1]
		} else {
			role = RoleOf(ch.Certificates[n-1]) // for a Chain built by hand without Roles
		}
		if role == RoleLeaf {
			out = append(out, ch.Certificates[n-1])
		}
	}
	return out
}
