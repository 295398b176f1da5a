package chain

import (
	"bytes"
	"crypto/x509"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/voicepki/certkit/internal/dnkey"
	"github.com/voicepki/certkit/internal/par"
	"github.com/voicepki/certkit/internal/sigcheck"
)

// defaultMaxCandidates caps the candidate parents checked per certificate
// when Options.MaxCandidates is zero.
const defaultMaxCandidates = 16

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
	bySig  map[string]int // by signature: short, and as good as unique
	byDER  map[string]int // the few whose signature another has (crafted input)
	at     time.Time
	checks atomic.Int64  // signature checks made
	keys   sigcheck.Keys // tables for the keys of CAs that check many signatures
	// devices are the names of the devices known (Options.Devices, and the
	// names of the device certificates of the set), for the device rule;
	// set by chains before any chain is built.
	devices []string

	bySubject map[string][]int
	normOnce  sync.Once
	byNorm    map[string][]int
}

// newGraph indexes certs (in order, duplicates dropped) and anchors, and
// confirms every candidate link with a signature check, on all cores.
func newGraph(certs, anchors []*x509.Certificate, opts Options) *graph {
	g := &graph{bySig: map[string]int{}, byDER: map[string]int{}, bySubject: map[string][]int{}, at: opts.At}
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

	// A CA that many certificates name will check many signatures.
	named := make(map[string]int, len(g.nodes))
	for i := range g.nodes {
		named[string(g.nodes[i].cert.RawIssuer)]++
	}
	for i := range g.nodes {
		if n := named[string(g.nodes[i].cert.RawSubject)]; n > 1 {
			g.keys.Expect(g.nodes[i].cert.PublicKey, n)
		}
	}
	par.For(len(g.nodes), 64, func(i int) { g.link(i, maxCand) })
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

// find returns the node of the certificate with c's DER. Certificates are
// indexed by signature, which is short (a store holds megabytes of DER to
// hash) and differs between any two real certificates; only those whose
// signature another certificate has are indexed by their whole DER.
func (g *graph) find(c *x509.Certificate) (int, bool) {
	i, ok := g.bySig[string(c.Signature)]
	if !ok {
		return 0, false
	}
	if bytes.Equal(g.nodes[i].cert.Raw, c.Raw) {
		return i, true
	}
	i, ok = g.byDER[string(c.Raw)]
	return i, ok
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
	g.index(c, i)
	g.nodes = append(g.nodes, nd)
	g.bySubject[string(c.RawSubject)] = append(g.bySubject[string(c.RawSubject)], i)
	if g.byNorm != nil {
		k := dnkey.Of(c.RawSubject)
		g.byNorm[k] = append(g.byNorm[k], i)
	}
	return i, true
}

// index records that node i holds c, not found by find.
func (g *graph) index(c *x509.Certificate, i int) {
	if _, taken := g.bySig[string(c.Signature)]; taken {
		g.byDER[string(c.Raw)] = i
		return
	}
	g.bySig[string(c.Signature)] = i
}

// norm returns the index of certificates by normalized subject, built on
// first use: most sets never need it.
func (g *graph) norm() map[string][]int {
	g.normOnce.Do(func() {
		g.byNorm = map[string][]int{}
		for i := range g.nodes {
			k := dnkey.Of(g.nodes[i].cert.RawSubject)
			g.byNorm[k] = append(g.byNorm[k], i)
		}
	})
	return g.byNorm
}

// link finds node i's candidate parents by issuer name (bytes first, then
// RFC 5280 matching), ranks them by key identifier, and keeps those whose
// key verifies i's signature. It also decides whether i is self-signed.
func (g *graph) link(i, maxCand int) {
	nd := &g.nodes[i]
	c := nd.cert
	selfName := bytes.Equal(c.RawIssuer, c.RawSubject)
	var cands []int
	for _, j := range g.bySubject[string(c.RawIssuer)] {
		if j != i {
			cands = append(cands, j)
		}
	}
	// Byte-equal names first; RFC 5280 matching only when they find no
	// certificate at all (a self-issued certificate finds itself).
	if len(cands) == 0 && !selfName {
		key := dnkey.Of(c.RawIssuer)
		selfName = key == dnkey.Of(c.RawSubject)
		for _, j := range g.norm()[key] {
			if j != i {
				cands = append(cands, j)
			}
		}
	}
	if selfName {
		g.checks.Add(1)
		nd.self = signedBy(c, c)
	}
	// Candidates whose key identifier matches come first, those that
	// contradict it last; names and key IDs are hints, so all are checked
	// up to the cap.
	rank := func(j int) int {
		aki, ski := c.AuthorityKeyId, g.nodes[j].cert.SubjectKeyId
		switch {
		case len(aki) > 0 && len(ski) > 0 && bytes.Equal(aki, ski):
			return 0
		case len(aki) == 0 || len(ski) == 0:
			return 1
		}
		return 2
	}
	sort.SliceStable(cands, func(a, b int) bool { return rank(cands[a]) < rank(cands[b]) })
	if len(cands) > maxCand {
		cands = cands[:maxCand]
	}
	weak := sigcheck.Weak(c.SignatureAlgorithm)
	for _, j := range cands {
		g.checks.Add(1)
		if g.verifies(c, j) {
			nd.parents = append(nd.parents, edge{to: j, weak: weak})
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
