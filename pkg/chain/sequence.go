package chain

import (
	"crypto/x509"

	"github.com/voicepki/certkit/internal/certrole"
)

// roleOf says what c is by its content alone (see Role): a CA its own
// key verifies is a root, another CA an intermediate, anything else a
// leaf (internal/certrole).
func roleOf(c *x509.Certificate) Role {
	return Role(certrole.Of(c, false))
}

// sequence lists every certificate of certs once, in the order an engineer
// installs them: along each chain of chains root first, then the
// certificates that are in no chain, in their order in certs. Each comes
// with its role, taken from the first chain that holds it (or from roleOf
// when that chain has no role for it), else from roleOf. CUCM wants its uploads in this order, and certkit split numbers
// its files by it.
func sequence(certs []*x509.Certificate, chains []Chain) ([]*x509.Certificate, []Role) {
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
				role = roleOf(c) // for a Chain built by hand without Roles
			}
			roles = append(roles, role)
		}
	}
	var issued []bool // of certs, computed once if needed
	for _, c := range Outside(certs, chains) {
		out = append(out, c)
		role := roleOf(c)
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

// leaves returns the certificates that end chains at a leaf (RoleLeaf), in
// the order of chains: the gateway and server certificates of a bundle.
func leaves(chains []Chain) []*x509.Certificate {
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
			role = roleOf(ch.Certificates[n-1]) // for a Chain built by hand without Roles
		}
		if role == RoleLeaf {
			out = append(out, ch.Certificates[n-1])
		}
	}
	return out
}
