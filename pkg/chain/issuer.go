package chain

import (
	"bytes"
	"crypto/x509"
	"errors"

	"github.com/voicepki/certkit/internal/dnkey"
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
// anchors among roots found the same way. Names are matched as newGraph
// matches them: by bytes, else by RFC 5280 comparison when no bytes match.
func ancestors(cert *x509.Certificate, candidates, roots []*x509.Certificate) (set, anchors []*x509.Certificate) {
	type entry struct {
		c      *x509.Certificate
		anchor bool
	}
	bySubject := make(map[string][]entry, len(candidates)+len(roots))
	for _, c := range candidates {
		bySubject[string(c.RawSubject)] = append(bySubject[string(c.RawSubject)], entry{c, false})
	}
	for _, c := range roots {
		bySubject[string(c.RawSubject)] = append(bySubject[string(c.RawSubject)], entry{c, true})
	}
	// Names that differ in bytes but match by RFC 5280 rules have the same
	// attribute types in the same order: only candidates of that shape
	// are normalized, since normalizing all of thousands costs more than
	// the rest of the lookup.
	var byShape map[string][]entry // built on first need
	inSet := map[string]bool{string(cert.Raw): true}
	inAnchors := map[string]bool{}
	set = []*x509.Certificate{cert}
	queue := []*x509.Certificate{cert}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		found := bySubject[string(x.RawIssuer)]
		selfName := bytes.Equal(x.RawIssuer, x.RawSubject)
		if !selfName && (len(found) == 0 || len(found) == 1 && bytes.Equal(found[0].c.Raw, x.Raw)) {
			if byShape == nil {
				byShape = make(map[string][]entry)
				for _, es := range bySubject {
					k := dnkey.Shape(es[0].c.RawSubject)
					byShape[k] = append(byShape[k], es...)
				}
			}
			want := dnkey.Of(x.RawIssuer)
			for _, e := range byShape[dnkey.Shape(x.RawIssuer)] {
				if dnkey.Of(e.c.RawSubject) == want {
					found = append(found, e)
				}
			}
		}
		for _, e := range found {
			key := string(e.c.Raw)
			if e.anchor {
				// A chain ends at an anchor: nothing above it counts.
				if !inAnchors[key] {
					inAnchors[key] = true
					anchors = append(anchors, e.c)
				}
				continue
			}
			if !inSet[key] {
				inSet[key] = true
				set = append(set, e.c)
				queue = append(queue, e.c)
			}
		}
	}
	return set, anchors
}
