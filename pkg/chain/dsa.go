package chain

import (
	"crypto/dsa" //lint:ignore SA1019 old private PKIs have DSA CAs whose keys inherit their parameters
	"crypto/x509"

	"github.com/voicepki/certkit/internal/dnkey"
)

// A DSA key may leave out its parameters, which then come from the key of
// the CA that issued the certificate (RFC 3279, 2.3.2); convert reads
// such a key as a *dsa.PublicKey with Y only. Such a certificate is
// linked to its issuer as any other, but the signatures its key made can
// only be checked once the issuer's parameters complete it.

// verifies reports whether node j's key verifies child's signature, with
// j's key completed from its issuer when its parameters are inherited.
func (g *graph) verifies(child *x509.Certificate, j int) bool {
	if k := g.nodes[j].key; k != nil {
		return g.keys.Verify(child.SignatureAlgorithm, child.RawTBSCertificate, child.Signature, k) == nil
	}
	return g.keys.Certificate(child, g.nodes[j].cert)
}

// inheritsParams reports whether c's DSA key lacks its parameters.
func inheritsParams(c *x509.Certificate) (*dsa.PublicKey, bool) {
	k, ok := c.PublicKey.(*dsa.PublicKey)
	return k, ok && k.Y != nil && (k.P == nil || k.Q == nil || k.G == nil)
}

// completeDSA gives each certificate whose DSA key inherits its
// parameters the parameters of a confirmed issuer's key, then links again
// the certificates that key may have signed. It repeats while keys are
// completed, for CAs that inherit from CAs that inherit.
func (g *graph) completeDSA(maxCand int) {
	for {
		var done []int
		for j := range g.nodes {
			y, ok := inheritsParams(g.nodes[j].cert)
			if !ok || g.nodes[j].key != nil {
				continue
			}
			for _, e := range g.nodes[j].parents {
				if p := g.dsaKey(e.to); p != nil {
					g.nodes[j].key = &dsa.PublicKey{Parameters: p.Parameters, Y: y.Y}
					done = append(done, j)
					break
				}
			}
		}
		if len(done) == 0 {
			return
		}
		subjects := map[string]bool{}
		for _, j := range done {
			subjects[string(g.nodes[j].cert.RawSubject)] = true
			subjects[dnkey.Of(g.nodes[j].cert.RawSubject)] = true
		}
		for i := range g.nodes {
			c := g.nodes[i].cert
			if subjects[string(c.RawIssuer)] || subjects[dnkey.Of(c.RawIssuer)] {
				g.relink(i, maxCand)
			}
		}
	}
}

// dsaKey returns node j's complete DSA key, or nil.
func (g *graph) dsaKey(j int) *dsa.PublicKey {
	if k, ok := g.nodes[j].key.(*dsa.PublicKey); ok {
		return k
	}
	k, ok := g.nodes[j].cert.PublicKey.(*dsa.PublicKey)
	if !ok || k.P == nil || k.Q == nil || k.G == nil {
		return nil
	}
	return k
}
