package certrole

import (
	"bytes"
	"crypto/x509"
	"sort"

	"github.com/voicepki/certkit/internal/dnkey"
)

// Candidates returns the indices, in deferred, of the certificates that
// chain.IssuerOf would look at to find cert's issuer among parsed and
// deferred together: those that may be its issuer by name, and their own
// issuers in turn. Among a bundle of thousands read with
// convert.Options.Defer, a few are named, and only those need parsing:
//
//	res, _ := convert.Decode(bundle, convert.Options{Defer: true})
//	for _, i := range certrole.Candidates(cert, res.Certificates, certrole.NamesOf(res.Deferred)) {
//		c, notes, err := res.Deferred[i].Parse()
//		...
//	}
//	issuer, err := chain.IssuerOf(cert, candidates, chain.Options{})
func Candidates(cert *x509.Certificate, parsed []*x509.Certificate, deferred []Named) []int {
	if cert == nil {
		return nil
	}
	named := make([]Named, 0, len(parsed)+len(deferred))
	for _, c := range parsed {
		if c != nil {
			named = append(named, Named{c.Raw, c.RawSubject, c.RawIssuer, false})
		}
	}
	first := len(named)
	for _, d := range deferred {
		named = append(named, Named{d.Raw, d.Subject, d.Issuer, false})
	}
	var out []int
	up, _ := Ancestors(cert, named)
	for _, i := range up {
		if i >= first {
			out = append(out, i-first)
		}
	}
	sort.Ints(out)
	return out
}

// Named is what Ancestors needs of a certificate: its DER and the DER of
// its subject and issuer names, and whether it is a trust anchor (a chain
// ends there). A certificate whose parsing is deferred has them too.
type Named struct {
	Raw, Subject, Issuer []byte
	Anchor               bool
}

// Ancestors returns the indices, in certs, of those that may be cert's
// issuer by name, or the issuer of one of those, and so on up, in the
// order found. Names are matched as chain.Order matches them: by bytes, else
// by RFC 5280 comparison when no bytes match. Nothing is found above an
// anchor. Each name is looked up once and each certificate's meaning
// computed once at most, so the work grows with the number of
// certificates, never with their square; looked counts the entries looked
// at, for the tests that hold it to that.
func Ancestors(cert *x509.Certificate, certs []Named) (out []int, looked int) {
	bySubject := make(map[string][]int, len(certs))
	for i, c := range certs {
		bySubject[string(c.Subject)] = append(bySubject[string(c.Subject)], i)
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
	// as each, as chain.Order expects.
	type seenKey struct {
		raw    string
		anchor bool
	}
	seen := map[seenKey]bool{{string(cert.Raw), false}: true}
	// The names already looked up, each once: thousands of certificates
	// of one name (CN=Same) name the same issuer, and its certificates are
	// all seen after the first look.
	lookedUp := map[string]bool{}
	queue := []Named{{cert.Raw, cert.RawSubject, cert.RawIssuer, false}}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		found := bySubject[string(x.Issuer)]
		selfName := bytes.Equal(x.Issuer, x.Subject)
		byMeaning := !selfName && (len(found) == 0 || len(found) == 1 && bytes.Equal(certs[found[0]].Raw, x.Raw))
		lookup := "b" + string(x.Issuer)
		if byMeaning {
			lookup = "m" + string(x.Issuer)
		}
		if lookedUp[lookup] {
			continue
		}
		lookedUp[lookup] = true
		if byMeaning {
			if byShape == nil {
				byShape = make(map[string][]int)
				for _, is := range bySubject {
					k := dnkey.Shape(certs[is[0]].Subject)
					byShape[k] = append(byShape[k], is...)
				}
			}
			if shape := dnkey.Shape(x.Issuer); !shapeDone[shape] {
				shapeDone[shape] = true
				for _, i := range byShape[shape] {
					looked++
					k := dnkey.Of(certs[i].Subject)
					byKey[k] = append(byKey[k], i)
				}
			}
			found = append(found[:len(found):len(found)], byKey[dnkey.Of(x.Issuer)]...)
		}
		for _, i := range found {
			looked++
			c := certs[i]
			k := seenKey{string(c.Raw), c.Anchor}
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, i)
			if !c.Anchor {
				queue = append(queue, c)
			}
		}
	}
	return out, looked
}
