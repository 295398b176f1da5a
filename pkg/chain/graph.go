package chain

import (
	"bytes"
	"crypto/x509"
	"hash/maphash"
	"slices"
	"sync/atomic"
	"time"

	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/dnkey"
	"github.com/voicepki/certkit/internal/par"
	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/verdict"
)

// defaultMaxCandidates caps the candidate parents checked per certificate
// when Options.MaxCandidates is zero.
const defaultMaxCandidates = certrole.MaxCandidates

// unreached marks a distance to no terminal.
const unreached = -1

// node is one distinct certificate in the graph.
type node struct {
	cert     *x509.Certificate
	inSet    bool   // given to Order, not only a trust anchor
	fetched  bool   // fetched through Options.Fetch
	key      any    // its DSA key completed with inherited parameters (see dsa.go); nil: cert.PublicKey
	anchor   bool   // one of Options.Roots
	self     bool   // its own key verifies its signature
	parents  []edge // other certificates whose key verifies its signature
	children []int  // reverse of parents
	issued   bool   // issued another certificate of the set
	distA    int    // links to the nearest trust anchor
	distR    int    // links to the nearest self-signed root
}

// edge is a confirmed link from a certificate to one that signed it.
type edge struct {
	to   int
	weak bool // signed with MD5, SHA-1 or DSA
}

// graph holds every certificate once, with the links signatures prove.
type graph struct {
	nodes  []node
	at     time.Time
	checks atomic.Int64  // signature checks made
	keys   sigcheck.Keys // tables for the keys of CAs that check many signatures
	// devices are the names of the devices known (Options.Devices, and the
	// names of the device certificates of the set), for the device rule;
	// set by chains before any chain is built.
	devices verdict.DeviceIndex

	// Certificates by signature (short, and as good as unique: a store
	// holds megabytes of DER to hash), and by subject, the candidate
	// parents.
	bySig byteIndex
	names certrole.Index

	// parentsOnly, when set, limits the links made (linkedGraph); named
	// then says, by node, whether another certificate has it among its
	// candidate issuers.
	parentsOnly func(*x509.Certificate) bool
	named       []atomic.Bool
}

// byteIndex finds nodes by a string of bytes of their certificate (its
// signature, its subject name) without keeping a copy of each: it maps a
// hash of the string to the last node added with that hash, each node
// leads to the one added before it, and callers compare the strings.
type byteIndex struct {
	seed maphash.Seed
	head map[uint64]int32
	next []int32 // by node; -1 ends a list
}

func newByteIndex(n int) byteIndex {
	return byteIndex{seed: maphash.MakeSeed(), head: make(map[uint64]int32, n), next: make([]int32, 0, n)}
}

// add indexes b as the string of the next node.
func (x *byteIndex) add(b []byte) {
	h := maphash.Bytes(x.seed, b)
	prev, ok := x.head[h]
	if !ok {
		prev = -1
	}
	x.head[h] = int32(len(x.next))
	x.next = append(x.next, prev)
}

// last returns the last node added whose string may be b, or -1; next
// leads to the others.
func (x *byteIndex) last(b []byte) int {
	if i, ok := x.head[maphash.Bytes(x.seed, b)]; ok {
		return int(i)
	}
	return -1
}

// newGraph indexes certs (in order, duplicates dropped) and anchors, and
// confirms every candidate link with a signature check, on all cores.
func newGraph(certs, anchors []*x509.Certificate, opts Options) *graph {
	return linkedGraph(certs, anchors, opts, nil)
}

// linkedGraph is newGraph; with parentsOnly, it checks only the
// signatures of the certificates that have a candidate parent for which
// parentsOnly is true (and, for those, every candidate as newGraph does),
// which is enough to know whether those parents issued anything.
func linkedGraph(certs, anchors []*x509.Certificate, opts Options, parentsOnly func(*x509.Certificate) bool) *graph {
	n := len(certs) + len(anchors)
	g := &graph{nodes: make([]node, 0, n), bySig: newByteIndex(n), at: opts.At, parentsOnly: parentsOnly}
	if g.at.IsZero() {
		g.at = time.Now()
	}
	add := func(c *x509.Certificate, inSet, anchor bool) {
		if c == nil {
			return
		}
		if i, added := g.add(node{cert: c, inSet: inSet, anchor: anchor}); !added {
			g.nodes[i].inSet = g.nodes[i].inSet || inSet
			g.nodes[i].anchor = g.nodes[i].anchor || anchor
		}
	}
	for _, c := range certs {
		add(c, true, false)
	}
	for _, c := range anchors {
		add(c, false, true)
	}
	maxCand := opts.MaxCandidates
	if maxCand <= 0 {
		maxCand = defaultMaxCandidates
	}

	// A CA that many certificates name will check many signatures, with a
	// table of its key's multiples (see sigcheck.Keys). The certificates
	// are linked grouped by issuer name, so that each table lives only
	// while its CA's children are checked. The CAs of one name share the
	// checks of the certificates that name it: thousands of CAs all named
	// alike each check one or two, and get no table.
	order, naming := g.byIssuer()
	holders := make(map[string]int, len(naming))
	for i := range g.nodes {
		if s := g.nodes[i].cert.RawSubject; naming[string(s)] > 1 {
			holders[string(s)]++
		}
	}
	for i := range g.nodes {
		c := g.nodes[i].cert
		if n := naming[string(c.RawSubject)]; n > 1 && parentsOnly == nil { // parentsOnly: few checks, no tables
			if bytes.Equal(c.RawIssuer, c.RawSubject) {
				n-- // its own name: it is not checked against itself
			}
			if n /= holders[string(c.RawSubject)]; n > 1 {
				g.keys.Expect(c.PublicKey, n)
			}
		}
	}
	if parentsOnly != nil {
		g.named = make([]atomic.Bool, len(g.nodes))
	}
	par.For(len(order), 64, func(k int) {
		if !opts.stopped() {
			g.link(order[k], maxCand)
		}
	})
	if opts.Fetch != nil {
		g.fetchMissing(opts, maxCand)
	}
	g.completeDSA(maxCand)

	for i := range g.nodes {
		for _, e := range g.nodes[i].parents {
			g.nodes[e.to].children = append(g.nodes[e.to].children, i)
			if g.nodes[i].inSet || g.nodes[i].fetched {
				g.nodes[e.to].issued = true
			}
		}
	}
	g.distances()
	return g
}

// byIssuer returns the indexes of the nodes grouped by issuer name (the
// names in the order they first appear, each group in node order), and
// how many nodes name each issuer.
func (g *graph) byIssuer() (order []int, named map[string]int) {
	group := make(map[string]int, 64)
	var size []int
	of := make([]int32, len(g.nodes))
	for i := range g.nodes {
		name := g.nodes[i].cert.RawIssuer
		k, ok := group[string(name)]
		if !ok {
			k = len(size)
			group[string(name)] = k
			size = append(size, 0)
		}
		size[k]++
		of[i] = int32(k)
	}
	next := make([]int, len(size))
	for k := 1; k < len(size); k++ {
		next[k] = next[k-1] + size[k-1]
	}
	order = make([]int, len(g.nodes))
	for i, k := range of {
		order[next[k]] = i
		next[k]++
	}
	named = make(map[string]int, len(group))
	for name, k := range group {
		named[name] = size[k]
	}
	return order, named
}

// find returns the node of the certificate with c's DER, looked up by
// its signature.
func (g *graph) find(c *x509.Certificate) (int, bool) {
	for i := g.bySig.last(c.Signature); i >= 0; i = int(g.bySig.next[i]) {
		if bytes.Equal(g.nodes[i].cert.Raw, c.Raw) {
			return i, true
		}
	}
	return 0, false
}

// add adds nd as a node and indexes its certificate, unless a node holds
// that certificate already. It returns the node's index, and whether it
// was added.
func (g *graph) add(nd node) (int, bool) {
	c := nd.cert
	if i, ok := g.find(c); ok {
		return i, false
	}
	i := len(g.nodes)
	g.nodes = append(g.nodes, nd)
	g.bySig.add(c.Signature)
	g.names.Add(i, c)
	return i, true
}

// link finds node i's candidate parents by issuer name (bytes first, then
// RFC 5280 matching), ranked by key identifier and capped
// (certrole.Index), and keeps those whose key verifies i's signature;
// once one does, only candidates with that key are checked. It also
// decides whether i is self-signed.
func (g *graph) link(i, maxCand int) {
	nd := &g.nodes[i]
	c := nd.cert
	selfName := bytes.Equal(c.RawIssuer, c.RawSubject)
	// Byte-equal names first; RFC 5280 matching only when they find no
	// certificate at all (a self-issued certificate finds itself).
	cands, byMeaning := g.names.Issuers(c, i, maxCand, func(j int) bool { return j == i })
	if g.parentsOnly != nil {
		for _, j := range cands {
			g.named[j].Store(true)
		}
		if !slices.ContainsFunc(cands, func(j int) bool { return g.parentsOnly(g.nodes[j].cert) }) {
			return
		}
	}
	if byMeaning {
		selfName = dnkey.Of(c.RawIssuer) == dnkey.Of(c.RawSubject)
	}
	if selfName {
		g.checks.Add(1)
		nd.self = signedBy(c, c)
	}
	weak := sigcheck.Weak(c.SignatureAlgorithm)
	var found *x509.Certificate
	for _, j := range cands {
		if !certrole.Worth(found, g.nodes[j].cert) {
			continue
		}
		g.checks.Add(1)
		if g.verifies(c, j) {
			nd.parents = append(nd.parents, edge{to: j, weak: weak})
			found = g.nodes[j].cert
		}
	}
}

// distances computes, by breadth-first search down the links, how far
// each certificate is from a trust anchor and from a self-signed root.
func (g *graph) distances() {
	bfs := func(isStart func(*node) bool, set func(*node, int), get func(*node) int) {
		var queue []int
		for i := range g.nodes {
			set(&g.nodes[i], unreached)
			if isStart(&g.nodes[i]) {
				set(&g.nodes[i], 0)
				queue = append(queue, i)
			}
		}
		for len(queue) > 0 {
			u := queue[0]
			queue = queue[1:]
			for _, v := range g.nodes[u].children {
				if get(&g.nodes[v]) == unreached {
					set(&g.nodes[v], get(&g.nodes[u])+1)
					queue = append(queue, v)
				}
			}
		}
	}
	bfs(func(n *node) bool { return n.anchor },
		func(n *node, d int) { n.distA = d }, func(n *node) int { return n.distA })
	bfs(func(n *node) bool { return n.self },
		func(n *node, d int) { n.distR = d }, func(n *node) int { return n.distR })
}

// tier says what a node's best path reaches: 0 a trust anchor, 1 a
// self-signed root, 2 nothing; dist is the number of links on it.
func (g *graph) tier(i int) (tier, dist int) {
	nd := &g.nodes[i]
	switch {
	case nd.distA != unreached:
		return 0, nd.distA
	case nd.distR != unreached:
		return 1, nd.distR
	}
	return 2, 0
}

// validAt reports whether c is within its validity period at g.at.
func (g *graph) validAt(c *x509.Certificate) bool {
	return !g.at.Before(c.NotBefore) && !g.at.After(c.NotAfter)
}

// fault counts what is wrong with c as an issuer: outside its validity
// period, no CA flag, or a key usage without certSign.
func (g *graph) fault(c *x509.Certificate) int {
	f := 0
	if !g.validAt(c) {
		f++
	}
	if !caFlag(c) || !certSign(c) {
		f++
	}
	return f
}

// caFlag reports whether c may issue certificates by its basic
// constraints. A version 1 certificate has no extensions and may, as
// crypto/x509 allows (old roots are version 1).
func caFlag(c *x509.Certificate) bool {
	return c.Version < 3 || c.BasicConstraintsValid && c.IsCA
}

func certSign(c *x509.Certificate) bool {
	return c.KeyUsage == 0 || c.KeyUsage&x509.KeyUsageCertSign != 0
}

// better reports whether parent a beats parent b for child: the issuer
// valid now (and a CA), then the later NotAfter, then an AKI/SKI match,
// then the copy signed with the stronger algorithm, then a self-signed CA
// certificate over a key rollover link, then input order.
func (g *graph) better(child *x509.Certificate, a, b int) bool {
	ca, cb := g.nodes[a].cert, g.nodes[b].cert
	if fa, fb := g.fault(ca), g.fault(cb); fa != fb {
		return fa < fb
	}
	if !ca.NotAfter.Equal(cb.NotAfter) {
		return ca.NotAfter.After(cb.NotAfter)
	}
	if ma, mb := akiMatch(child, ca), akiMatch(child, cb); ma != mb {
		return ma
	}
	if sa, sb := sigcheck.Strength(ca.SignatureAlgorithm), sigcheck.Strength(cb.SignatureAlgorithm); sa != sb {
		return sa > sb
	}
	if sa, sb := g.nodes[a].self, g.nodes[b].self; sa != sb {
		return sa
	}
	return a < b
}

func akiMatch(child, parent *x509.Certificate) bool {
	return len(child.AuthorityKeyId) > 0 && bytes.Equal(child.AuthorityKeyId, parent.SubjectKeyId)
}

// sameKey reports whether two certificates hold the same public key.
func sameKey(a, b *x509.Certificate) bool {
	return bytes.Equal(a.RawSubjectPublicKeyInfo, b.RawSubjectPublicKeyInfo)
}
