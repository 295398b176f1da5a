package chain

import (
	"crypto/x509"
	"errors"

	"github.com/voicepki/certkit/internal/certrole"
)

// IssuerOf returns the certificate among candidates (and Options.Roots)
// whose key verifies cert's signature. When several do, it takes the one on
// the best path to a root, by the rules of Order. A self-signed cert is its
// own issuer. When none does, the error is an *IssuerNotFoundError, which
// matches ErrIssuerNotFound.
//
// Only the candidates that may be cert's issuer by name, and those that
// may be theirs in turn (the ancestors needed to rank them), are looked
// at: among thousands of CA certificates, a few signatures are checked.
func IssuerOf(cert *x509.Certificate, candidates []*x509.Certificate, opts Options) (*x509.Certificate, error) {
	issuer, _, err := issuerOf(cert, candidates, opts)
	return issuer, err
}

// issuerOf is IssuerOf, also returning the graph it built (its signature
// checks are counted there).
func issuerOf(cert *x509.Certificate, candidates []*x509.Certificate, opts Options) (*x509.Certificate, *graph, error) {
	if cert == nil {
		return nil, nil, errors.New("chain: certificate is nil")
	}
	if err := checkNil(candidates, opts.Roots); err != nil {
		return nil, nil, err
	}
	set, anchors := ancestors(cert, candidates, opts.Roots)
	g := newGraph(set, anchors, opts)
	i, _ := g.find(cert)
	nd := &g.nodes[i]
	if nd.self {
		return cert, g, nil
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
		return nil, g, newIssuerNotFound(cert)
	}
	return g.nodes[p].cert, g, nil
}

// ancestors returns cert followed by every candidate that may be its
// issuer by name, or the issuer of one of those, and so on up; and the
// anchors among roots found the same way.
func ancestors(cert *x509.Certificate, candidates, roots []*x509.Certificate) (set, anchors []*x509.Certificate) {
	named := make([]certrole.Named, 0, len(candidates)+len(roots))
	for _, c := range candidates {
		named = append(named, certrole.Named{Raw: c.Raw, Subject: c.RawSubject, Issuer: c.RawIssuer})
	}
	for _, c := range roots {
		named = append(named, certrole.Named{Raw: c.Raw, Subject: c.RawSubject, Issuer: c.RawIssuer, Anchor: true})
	}
	set = []*x509.Certificate{cert}
	up, _ := certrole.Ancestors(cert, named)
	for _, i := range up {
		if i < len(candidates) {
			set = append(set, candidates[i])
		} else {
			anchors = append(anchors, roots[i-len(candidates)])
		}
	}
	return set, anchors
}
