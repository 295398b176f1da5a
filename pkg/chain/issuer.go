package chain

import (
	"bytes"
	"crypto/x509"
	"errors"
	"sort"

	"github.com/voicepki/certkit/internal/dnkey"
	"github.com/voicepki/certkit/pkg/convert"
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
	named := make([]namedCert, 0, len(candidates)+len(roots))
	for _, c := range candidates {
		named = append(named, namedCert{c.Raw, c.RawSubject, c.RawIssuer, false})
	}
	for _, c := range roots {
		named = append(named, namedCert{c.Raw, c.RawSubject, c.RawIssuer, true})
	}
	set = []*x509.Certificate{cert}
	up, _ := walkUp(cert, named)
	for _, i := range up {
		if i < len(candidates) {
			set = append(set, candidates[i])
		} else {
			anchors = append(anchors, roots[i-len(candidates)])
		}
	}
	return set, anchors
}

// Candidates returns the indices, in deferred, of the certificates that
// IssuerOf would look at to find cert's issuer among parsed and deferred
// together: those that may be its issuer by name, and their own issuers in
// turn. Among a bundle of thousands read with convert.Options.Defer, a
// few are named, and only those need parsing:
//
//	res, _ := convert.Decode(bundle, convert.Options{Defer: true})
//	for _, i := range chain.Candidates(cert, res.Certificates, res.Deferred) {
//		c, notes, err := res.Deferred[i].Parse()
//		...
//	}
//	issuer, err := chain.IssuerOf(cert, candidates, chain.Options{})
func Candidates(cert *x509.Certificate, parsed []*x509.Certificate, deferred []convert.DeferredCertificate) []int {
	if cert == nil {
		return nil
	}
	named := make([]namedCert, 0, len(parsed)+len(deferred))
	for _, c := range parsed {
		if c != nil {
			named = append(named, namedCert{c.Raw, c.RawSubject, c.RawIssuer, false})
		}
	}
	first := len(named)
	for _, d := range deferred {
		named = append(named, namedCert{d.Raw, d.RawSubject, d.RawIssuer, false})
	}
	var out []int
	up, _ := walkUp(cert, named)
	for _, i := range up {
		if i >= first {
			out = append(out, i-first)
		}
	}
	sort.Ints(out)
	return out
}

// namedCert is what walkUp needs of a certificate: its DER and names.
type namedCert struct {
	raw, subject, issuer []byte
	anchor               bool // a trust anchor: a chain ends there
}

// walkUp returns the indices, in certs, of those that may be cert's
// issuer by name, or the issuer of one of those, and so on up, in the
// order found. Names are matched as newGraph matches them: by bytes, else
// by RFC 5280 comparison when no bytes match. Nothing is found above an
// anchor. Each name is looked up once and each certificate's meaning
// computed once at most, so the work grows with the number of
// certificates, never with their square; looked counts the entries looked
// at, for the tests that hold it to that.
func walkUp(cert *x509.Certificate, certs []namedCert) (out []int, looked int) {
	bySubject := make(map[string][]int, len(certs))
	for i, c := range certs {
		bySubject[string(c.subject)] = append(bySubject[string(c.subject)], i)
	}
	// Names that differ in bytes but match by RFC 5280 rules have the same
	// attribute types in the same order: only candidates of that shape
	// are normalized, since normalizing all of thousands costs more than
	// the rest of the lookup.
	var byShape map[string][]int // built on first need
	// byKey indexes by dnkey.Of the certificates of the shapes in
	// shapeDone, each shape's on its first need.
	byKey := map[string][]int{}
	shapeDone := map[string]bool{}
	// A certificate given both as a candidate and as an anchor is found
	// as each, as newGraph expects.
	type seenKey struct {
		raw    string
		anchor bool
	}
	seen := map[seenKey]bool{{string(cert.Raw), false}: true}
	// The names already looked up, each once: thousands of certificates
	// of one name (CN=Same) name the same issuer, and its certificates are
	// all seen after the first look.
	lookedUp := map[string]bool{}
	queue := []namedCert{{cert.Raw, cert.RawSubject, cert.RawIssuer, false}}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		found := bySubject[string(x.issuer)]
		selfName := bytes.Equal(x.issuer, x.subject)
		byMeaning := !selfName && (len(found) == 0 || len(found) == 1 && bytes.Equal(certs[found[0]].raw, x.raw))
		lookup := "b" + string(x.issuer)
		if byMeaning {
			lookup = "m" + string(x.issuer)
		}
		if lookedUp[lookup] {
			continue
		}
		lookedUp[lookup] = true
		if byMeaning {
			if byShape == nil {
				byShape = make(map[string][]int)
				for _, is := range bySubject {
					k := dnkey.Shape(certs[is[0]].subject)
					byShape[k] = append(byShape[k], is...)
				}
			}
			if shape := dnkey.Shape(x.issuer); !shapeDone[shape] {
				shapeDone[shape] = true
				for _, i := range byShape[shape] {
					looked++
					k := dnkey.Of(certs[i].subject)
					byKey[k] = append(byKey[k], i)
				}
			}
			found = append(found[:len(found):len(found)], byKey[dnkey.Of(x.issuer)]...)
		}
		for _, i := range found {
			looked++
			c := certs[i]
			k := seenKey{string(c.raw), c.anchor}
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, i)
			if !c.anchor {
				queue = append(queue, c)
			}
		}
	}
	return out, looked
}
