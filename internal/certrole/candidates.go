package certrole

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"hash/maphash"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/voicepki/certkit/internal/dnkey"
)

// MaxCandidates is how many possible issuers of one certificate, found by
// name, have their key checked against its signature: the cap of
// chain.Options.MaxCandidates when it is zero, of Issued and of the CUCM
// plan and audit. Names are only hints, so a set of thousands of
// certificates of one name (a hostile file: CN=Same, each signed by the
// one before) would otherwise cost a signature check per pair.
const MaxCandidates = 16

// Rank says how likely parent is to have issued child by their key
// identifiers: 0 when child's authority key ID is parent's subject key ID,
// 1 when either is missing, 2 when they differ. crypto/x509 ranks the
// candidate parents of its path builder alike.
func Rank(child, parent *x509.Certificate) int {
	aki, ski := child.AuthorityKeyId, parent.SubjectKeyId
	switch {
	case len(aki) > 0 && len(ski) > 0 && bytes.Equal(aki, ski):
		return 0
	case len(aki) == 0 || len(ski) == 0:
		return 1
	}
	return 2
}

// Worth reports whether a candidate issuer is still worth a signature
// check once found, the key of another candidate, verified the child's
// signature: only if it holds that same key (a copy of the CA, re-issued
// or cross-signed), since no other key verifies that signature. With a
// nil found (none has verified yet) every candidate is.
func Worth(found, cand *x509.Certificate) bool {
	if found == nil {
		return true
	}
	if k, ok := found.PublicKey.(interface{ Equal(crypto.PublicKey) bool }); ok && k.Equal(cand.PublicKey) {
		return true
	}
	return bytes.Equal(found.RawSubjectPublicKeyInfo, cand.RawSubjectPublicKeyInfo)
}

// Index finds, among a set of certificates, the likeliest issuers of a
// certificate by name: those whose subject is its issuer name, byte for
// byte, else by meaning (dnkey.Of) when no other certificate has those
// bytes; ranked by key identifier (Rank), then nearest in the set, at most
// a cap of them. Finding them costs in proportion to the cap, never to the
// number of certificates of that name. It keeps no copy of the subjects
// (a hash of each), so that a store of thousands costs it little. The
// zero value is ready to use. Add must not run at the same time as
// another method; Issuers may run on several goroutines at once.
type Index struct {
	seed   maphash.Seed
	certs  []*x509.Certificate
	byName map[uint64]*named // by a hash of the subject's DER; entries compare their bytes
	// byMeaning is byName by dnkey.Of, built on first need: normalizing
	// a name costs an ASN.1 parse, and most sets match byte for byte.
	meaningOnce sync.Once
	byMeaning   map[string]*named
	looked      atomic.Int64
}

// named is the certificates of one subject name (or hash), in the order
// added.
type named struct {
	all []int
	// For a name of more certificates than a pick looks at, the same by
	// subject key ID, and those without one, built on first need.
	once  sync.Once
	byKID map[string][]int
	noKID []int
}

// Add adds c as the certificate of index i. Indexes are the caller's (its
// slice or its graph's nodes), added in increasing order; Issuers returns
// them.
func (x *Index) Add(i int, c *x509.Certificate) {
	for len(x.certs) <= i {
		x.certs = append(x.certs, nil)
	}
	x.certs[i] = c
	if x.byName == nil {
		x.seed = maphash.MakeSeed()
		x.byName = map[uint64]*named{}
	}
	h := maphash.Bytes(x.seed, c.RawSubject)
	n := x.byName[h]
	if n == nil {
		n = &named{}
		x.byName[h] = n
	}
	n.all = append(n.all, i)
	if x.byMeaning != nil {
		k := dnkey.Of(c.RawSubject)
		if x.byMeaning[k] == nil {
			x.byMeaning[k] = &named{}
		}
		x.byMeaning[k].all = append(x.byMeaning[k].all, i)
	}
}

func (x *Index) meaning() map[string]*named {
	x.meaningOnce.Do(func() {
		if x.byMeaning != nil {
			return
		}
		m := map[string]*named{}
		for i, c := range x.certs {
			if c == nil {
				continue
			}
			k := dnkey.Of(c.RawSubject)
			if m[k] == nil {
				m[k] = &named{}
			}
			m[k].all = append(m[k].all, i)
		}
		x.byMeaning = m
	})
	return x.byMeaning
}

// Issuers returns the indexes of child's likeliest issuers, at most max of
// them (MaxCandidates when max is zero or less): best Rank first, and
// within a rank the nearest to near, the child's own index (-1 when it has
// none), the one before it first: a file holds a chain's certificates side
// by side. skip leaves out an index (the child's own, or a copy of it);
// nil skips none. byMeaning says the names matched by meaning, not by
// bytes: no certificate but those skipped has the bytes of child's issuer
// name, and child is not self-issued byte for byte.
func (x *Index) Issuers(child *x509.Certificate, near, max int, skip func(int) bool) (cands []int, byMeaning bool) {
	if max <= 0 {
		max = MaxCandidates
	}
	looked := 0
	defer func() { x.looked.Add(int64(looked)) }()
	if x.byName != nil {
		n := x.byName[maphash.Bytes(x.seed, child.RawIssuer)]
		same := func(j int) bool { return bytes.Equal(x.certs[j].RawSubject, child.RawIssuer) }
		cands = x.pick(n, child, near, max, skip, same, &looked)
	}
	if len(cands) > 0 || bytes.Equal(child.RawIssuer, child.RawSubject) || x.byName == nil {
		return cands, false
	}
	n := x.meaning()[dnkey.Of(child.RawIssuer)]
	return x.pick(n, child, near, max, skip, nil, &looked), true
}

// pick takes up to max of n's certificates that match (all when match is
// nil) and are not skipped, in Rank order, each rank's nearest to near
// first. A name of at most twice max certificates is sorted whole; a
// larger one is taken rank by rank from its key ID index, each pass
// stopping once max are taken, the last passing over at most the entries
// the first two took (and those skipped or not matching), so that the
// work is bounded by max whatever the size of n.
func (x *Index) pick(n *named, child *x509.Certificate, near, max int, skip, match func(int) bool, looked *int) []int {
	if n == nil {
		return nil
	}
	ok := func(j int) bool { return (skip == nil || !skip(j)) && (match == nil || match(j)) }
	if len(n.all) <= 2*max {
		var out []int
		for _, j := range n.all {
			*looked++
			if ok(j) {
				out = append(out, j)
			}
		}
		sort.SliceStable(out, func(a, b int) bool {
			ra, rb := Rank(child, x.certs[out[a]]), Rank(child, x.certs[out[b]])
			if ra != rb {
				return ra < rb
			}
			return closer(out[a], out[b], near)
		})
		return out[:min(len(out), max)]
	}
	n.once.Do(func() {
		n.byKID = map[string][]int{}
		for _, j := range n.all {
			if ski := x.certs[j].SubjectKeyId; len(ski) > 0 {
				n.byKID[string(ski)] = append(n.byKID[string(ski)], j)
			} else {
				n.noKID = append(n.noKID, j)
			}
		}
	})
	var out []int
	take := func(list []int, want func(int) bool) {
		// Outward from near: the lists hold indexes in increasing order.
		hi := sort.SearchInts(list, near)
		lo := hi - 1
		for len(out) < max && (lo >= 0 || hi < len(list)) {
			var j int
			if lo >= 0 && (hi >= len(list) || near-list[lo] <= list[hi]-near) {
				j, lo = list[lo], lo-1
			} else {
				j, hi = list[hi], hi+1
			}
			*looked++
			if ok(j) && (want == nil || want(j)) {
				out = append(out, j)
			}
		}
	}
	aki := child.AuthorityKeyId
	if len(aki) == 0 {
		take(n.all, nil) // every candidate ranks 1
		return out
	}
	take(n.byKID[string(aki)], nil)
	take(n.noKID, nil)
	take(n.all, func(j int) bool {
		ski := x.certs[j].SubjectKeyId
		return len(ski) > 0 && !bytes.Equal(ski, aki)
	})
	return out
}

// closer reports whether index a is nearer to near than b, the one
// before near first when both are as near.
func closer(a, b, near int) bool {
	da, db := a-near, b-near
	if da < 0 {
		da = -da
	}
	if db < 0 {
		db = -db
	}
	if da != db {
		return da < db
	}
	return a < b
}

// Looked is how many entries Issuers has looked at in all, for the tests
// that hold its work to the cap.
func (x *Index) Looked() int64 { return x.looked.Load() }
