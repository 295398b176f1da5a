package chain

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"slices"
	"sort"

	"github.com/voicepki/certkit/internal/dnkey"
	"github.com/voicepki/certkit/internal/sigcheck"
)

// maxPathVisits bounds the search for paths above one certificate, so that
// a pathological bag (CAs cross-certifying each other by the hundred)
// still ends quickly. The first path found is already the shortest.
const maxPathVisits = 2048

// candidate is one complete path from a certificate up to a terminal.
type candidate struct {
	nodes  []int // leaf first
	tier   int   // 0 ends at a trust anchor, 1 at a self-signed root
	faults int   // what would make crypto/x509 reject it (see faults)
	length int   // see pathLength
}

// paths returns the complete paths above node i, best first: ending at a
// trust anchor before a mere root, then with the fewest faults (a path that
// validates before one that does not), then the fewest links (see
// pathLength); ties go to the better parent at the first link where paths
// part. No path holds two certificates of the same subject and key (see
// repeats), so cross-certificates never make it climb in a circle.
func (g *graph) paths(i int) []candidate {
	var out []candidate
	leaf := g.nodes[i].cert
	visits := 0
	stack := []int{i}
	var dfs func(cur int)
	dfs = func(cur int) {
		visits++
		nd := &g.nodes[cur]
		// A self-signed certificate ends a path even when an anchor lies
		// beyond it: the anchor's path comes first, and the root's stands
		// when the anchor repeats it (the same name and key).
		if nd.anchor || nd.self {
			tier := 1
			if nd.anchor {
				tier = 0
			}
			p := slices.Clone(stack)
			out = append(out, candidate{nodes: p, tier: tier, faults: g.faults(p, leaf), length: pathLength(g, p)})
			if nd.anchor {
				return
			}
		}
		// Parents closest to the best kind of terminal first, so that the
		// first path found is the shortest.
		ps := make([]int, 0, len(nd.parents))
		for _, e := range nd.parents {
			if t, _ := g.tier(e.to); t < 2 && g.repeats(stack, e.to) < 0 {
				ps = append(ps, e.to)
			}
		}
		sort.SliceStable(ps, func(a, b int) bool {
			ta, da := g.tier(ps[a])
			tb, db := g.tier(ps[b])
			if ta != tb {
				return ta < tb
			}
			if da != db {
				return da < db
			}
			return g.better(nd.cert, ps[a], ps[b])
		})
		for _, p := range ps {
			if visits >= maxPathVisits {
				return
			}
			stack = append(stack, p)
			dfs(p)
			stack = stack[:len(stack)-1]
		}
	}
	if t, _ := g.tier(i); t < 2 {
		dfs(i)
	}
	sort.SliceStable(out, func(a, b int) bool { return g.less(out[a], out[b]) })
	return out
}

// repeats returns the position on path (leaf first) of a certificate with
// the subject and key of node j, which therefore may not come next, or -1.
// This is the loop check of crypto/x509 and BoringSSL (RFC 4158, section
// 2.4.2): a path never revisits a (subject, key) pair, so CAs that certify
// each other are climbed once, and a re-issued copy of a CA never follows
// itself. One pair may appear twice: a self-signed CA and then the
// self-issued link that certifies its key under an older one (a key
// rollover, which pathLength counts as one step).
func (g *graph) repeats(path []int, j int) int {
	c := g.nodes[j].cert
	at := -1
	for k, i := range path {
		if i == j {
			return k
		}
		if d := g.nodes[i].cert; sameKey(c, d) && sameName(c.RawSubject, d.RawSubject) {
			at = k
			if k+1 < len(path) {
				return k // the pair is already followed by another certificate
			}
		}
	}
	if at == len(path)-1 && g.nodes[path[at]].self && !g.nodes[j].self && bytes.Equal(c.RawSubject, c.RawIssuer) {
		return -1 // the key rollover link above its CA's self-signed certificate
	}
	return at
}

// sameName reports whether two distinguished names are the same name:
// equal bytes, or equal under RFC 5280's matching rules.
func sameName(a, b []byte) bool {
	return bytes.Equal(a, b) || dnkey.Of(a) == dnkey.Of(b)
}

// less orders candidate paths, best first.
func (g *graph) less(a, b candidate) bool {
	if a.tier != b.tier {
		return a.tier < b.tier
	}
	if a.faults != b.faults {
		return a.faults < b.faults
	}
	if a.length != b.length {
		return a.length < b.length
	}
	for k := 1; k < len(a.nodes) && k < len(b.nodes); k++ {
		if a.nodes[k] != b.nodes[k] {
			return g.better(g.nodes[a.nodes[k-1]].cert, a.nodes[k], b.nodes[k])
		}
	}
	return len(a.nodes) < len(b.nodes)
}

// pathLength counts the certificates of a path, except a self-signed
// certificate whose issuer on the path is a self-issued key rollover link:
// the CA's own certificate and the link that certifies its key under the
// old one count as one step, so the chain can show the CA's own
// certificate, as BoringSSL's path builder does.
func pathLength(g *graph, p []int) int {
	n := len(p)
	for k := 0; k+1 < len(p); k++ {
		up := g.nodes[p[k+1]].cert
		if g.nodes[p[k]].self && bytes.Equal(up.RawSubject, up.RawIssuer) {
			n--
		}
	}
	return n
}

// faults counts what would make a path fail validation at g.at: an issuer
// outside its validity period, without the CA flag or certSign, with a
// pathLen the path exceeds, or with extended key usages that exclude the
// leaf's; and a link signed with MD5, SHA-1 or DSA.
func (g *graph) faults(p []int, leaf *x509.Certificate) int {
	f := 0
	for k, j := range p {
		c := g.nodes[j].cert
		if k+1 < len(p) && sigcheck.Weak(c.SignatureAlgorithm) {
			f++
		}
		if k == 0 {
			continue
		}
		f += g.fault(c)
		if !ekuUsable([]*x509.Certificate{c}, leaf) {
			f++
		}
		if c.BasicConstraintsValid && (c.MaxPathLen > 0 || c.MaxPathLenZero) {
			below := 0
			for _, d := range p[1:k] {
				if dc := g.nodes[d].cert; !bytes.Equal(dc.RawSubject, dc.RawIssuer) {
					below++
				}
			}
			if below > c.MaxPathLen {
				f++
			}
		}
	}
	return f
}

// leafUsage is one extended key usage a leaf asserts.
type leafUsage struct {
	known   x509.ExtKeyUsage
	unknown asn1.ObjectIdentifier // set for a usage crypto/x509 does not name
}

// leafUsages lists the usages a leaf asserts, or nil when it asserts none
// or anyExtendedKeyUsage, in which case no CA restricts it.
func leafUsages(leaf *x509.Certificate) []leafUsage {
	if slices.Contains(leaf.ExtKeyUsage, x509.ExtKeyUsageAny) {
		return nil
	}
	var out []leafUsage
	for _, u := range leaf.ExtKeyUsage {
		out = append(out, leafUsage{known: u})
	}
	for _, u := range leaf.UnknownExtKeyUsage {
		out = append(out, leafUsage{unknown: u})
	}
	return out
}

// ekuPermits reports whether a CA's extended key usages, if it lists any,
// permit u. Server-gated crypto counts as serverAuth, as in crypto/x509.
func ekuPermits(ca *x509.Certificate, u leafUsage) bool {
	if len(ca.ExtKeyUsage) == 0 && len(ca.UnknownExtKeyUsage) == 0 {
		return true
	}
	if u.unknown != nil {
		return slices.Contains(ca.ExtKeyUsage, x509.ExtKeyUsageAny) || slices.ContainsFunc(ca.UnknownExtKeyUsage, u.unknown.Equal)
	}
	for _, e := range ca.ExtKeyUsage {
		if e == x509.ExtKeyUsageAny || e == u.known {
			return true
		}
		if u.known == x509.ExtKeyUsageServerAuth && (e == x509.ExtKeyUsageNetscapeServerGatedCrypto || e == x509.ExtKeyUsageMicrosoftServerGatedCrypto) {
			return true
		}
	}
	return false
}

// ekuUsable reports whether every CA above the leaf permits every extended
// key usage the leaf asserts (EKU nesting, as crypto/x509 and Windows apply
// it to the usages asked for; here the leaf's own usages are asked for: a
// CUCM or gateway certificate needs both serverAuth and clientAuth for SIP
// TLS, and a CA that allows only one breaks the other at run time).
func ekuUsable(cas []*x509.Certificate, leaf *x509.Certificate) bool {
	for _, u := range leafUsages(leaf) {
		for _, ca := range cas {
			if !ekuPermits(ca, u) {
				return false
			}
		}
	}
	return true
}

// weakKey reports a leaf key too small to trust: RSA under 1024 bits.
func weakKey(c *x509.Certificate) bool {
	k, ok := c.PublicKey.(*rsa.PublicKey)
	return ok && k.N.BitLen() < 1024
}

// incompletePath climbs from node i through the best parent that repeats
// no subject and key already on the path (see repeats), and returns the
// path leaf first. When every parent of its top repeats one, the CAs there
// certify each other with no self-signed copy among the inputs: loop is
// then the certificate on the path that the top's issuer would repeat,
// else -1.
func (g *graph) incompletePath(i int) (path []int, loop int) {
	path = []int{i}
	cur := i
	for {
		p := -1
		loop = -1
		for _, e := range g.nodes[cur].parents {
			if k := g.repeats(path, e.to); k >= 0 {
				if loop < 0 {
					loop = path[k]
				}
				continue
			}
			if p < 0 || g.better(g.nodes[cur].cert, e.to, p) {
				p = e.to
			}
		}
		if p < 0 {
			return path, loop
		}
		path = append(path, p)
		cur = p
	}
}
