package chain

import (
	"crypto/x509"
	"errors"
)

// IssuerOf returns the certificate among candidates (and Options.Roots)
// whose key verifies cert's signature. When several do, it takes the one on
// the best path to a root, by the rules of Order. A self-signed cert is its
// own issuer. When none does, the error is an *IssuerNotFoundError, which
// matches ErrIssuerNotFound.
func IssuerOf(cert *x509.Certificate, candidates []*x509.Certificate, opts Options) (*x509.Certificate, error) {
	if cert == nil {
		return nil, errors.New("chain: certificate is nil")
	}
	if err := checkNil(candidates, opts.Roots); err != nil {
		return nil, err
	}
	set := append([]*x509.Certificate{cert}, candidates...)
	g := newGraph(set, opts.Roots, opts)
	i := g.byDER[string(cert.Raw)]
	nd := &g.nodes[i]
	if nd.self {
		return cert, nil
	}
	p := -1
	if cands := g.paths(i); len(cands) > 0 && len(cands[0].nodes) > 1 {
		p = cands[0].nodes[1]
	} else {
		for _, e := range nd.parents {
			if p < 0 || g.better(cert, e.to, p) {
				p = e.to
			}
		}
	}
	if p < 0 {
		return nil, newIssuerNotFound(cert)
	}
	return g.nodes[p].cert, nil
}
