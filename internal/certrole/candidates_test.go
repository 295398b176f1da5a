package certrole

import (
	"bytes"
	"crypto/x509"
	"math/rand/v2"
	"sort"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/dnkey"
	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/testkit"
)

// sameName is the hostile file of issue 23: n CA certificates named
// CN=Same, each signed by the one before, in order or shuffled.
func sameName(t testing.TB, n int, shuffle bool) []*x509.Certificate {
	t.Helper()
	certs, err := testkit.SameName(n, true)
	if err != nil {
		t.Fatal(err)
	}
	if shuffle {
		rand.New(rand.NewPCG(23, 23)).Shuffle(n, func(i, j int) { certs[i], certs[j] = certs[j], certs[i] })
	}
	return certs
}

// TestIssuedSameNameIsLinear: in a set of thousands of certificates of
// one name, Issued checks at most MaxCandidates signatures per
// certificate, and looks at a bounded number of candidates for each,
// instead of checking every pair (4.5 million checks for 3,000, which
// took minutes). In file order, each certificate's issuer is the one
// just before it and is found with one check.
func TestIssuedSameNameIsLinear(t *testing.T) {
	const n = 3000
	for _, shuffle := range []bool{false, true} {
		certs := sameName(t, n, shuffle)
		var checks atomic.Int64
		got := issuedBy(certs, func(child, parent *x509.Certificate) bool {
			checks.Add(1)
			return sigcheck.Certificate(child, parent)
		})
		limit := int64(MaxCandidates * n)
		if !shuffle {
			limit = 2*n + MaxCandidates // one check each, the root's 16 that fail
			// Every certificate but the last issued the next.
			var want, have []int
			for i := range n - 1 {
				want = append(want, i)
			}
			for i, ok := range got {
				if ok {
					have = append(have, i)
				}
			}
			if diff := cmp.Diff(want, have); diff != "" {
				t.Errorf("in order: the certificates that issued another (-want +got):\n%s", diff)
			}
		}
		if c := checks.Load(); c > limit {
			t.Errorf("shuffled %v: %d signature checks for %d certificates of one name, want at most %d", shuffle, c, n, limit)
		}
	}
}

// fakeCerts reads a set of certificates for FuzzIndexIssuers from data:
// each byte gives a certificate's subject and issuer (from three names,
// one of them spelled twice: bytes differ, meaning does not), and whether
// it has a subject and an authority key ID (from two).
func fakeCerts(data []byte) []*x509.Certificate {
	names := [][]byte{
		nameDER("Same"), nameDER("Other"), nameDER("SAME"), // SAME matches Same by meaning
	}
	kids := [][]byte{nil, {1}, {2}}
	var out []*x509.Certificate
	for _, b := range data {
		out = append(out, &x509.Certificate{
			RawSubject:     names[int(b)%3],
			RawIssuer:      names[int(b/3)%3],
			SubjectKeyId:   kids[int(b/9)%3],
			AuthorityKeyId: kids[int(b/27)%3],
		})
	}
	return out
}

func nameDER(cn string) []byte {
	// SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, UTF8String cn } } }
	atv := append([]byte{0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, byte(len(cn))}, cn...)
	atv = append([]byte{0x30, byte(len(atv))}, atv...)
	set := append([]byte{0x31, byte(len(atv))}, atv...)
	return append([]byte{0x30, byte(len(set))}, set...)
}

// reference is Index.Issuers written the obvious way: every certificate
// of the issuer's name (bytes, else meaning), sorted by rank, then
// distance to near, the one before first, then the first max. meaning
// holds dnkey.Of of each subject.
func reference(certs []*x509.Certificate, meaning map[string]string, child *x509.Certificate, near, max int, skip func(int) bool) []int {
	find := func(match func(c *x509.Certificate) bool) []int {
		var out []int
		for j, c := range certs {
			if match(c) && !skip(j) {
				out = append(out, j)
			}
		}
		return out
	}
	cands := find(func(c *x509.Certificate) bool { return bytes.Equal(c.RawSubject, child.RawIssuer) })
	if len(cands) == 0 && !bytes.Equal(child.RawIssuer, child.RawSubject) {
		want := dnkey.Of(child.RawIssuer)
		cands = find(func(c *x509.Certificate) bool { return meaning[string(c.RawSubject)] == want })
	}
	dist := func(j int) (int, int) {
		if j < near {
			return near - j, 0
		}
		return j - near, 1
	}
	sort.SliceStable(cands, func(a, b int) bool {
		ra, rb := Rank(child, certs[cands[a]]), Rank(child, certs[cands[b]])
		if ra != rb {
			return ra < rb
		}
		da, sa := dist(cands[a])
		db, sb := dist(cands[b])
		if da != db {
			return da < db
		}
		return sa < sb
	})
	if len(cands) > max {
		cands = cands[:max]
	}
	return cands
}

// FuzzIndexIssuers holds Index.Issuers to the obvious quadratic search
// (reference) on sets of certificates that share few names and key IDs,
// and its work to the cap: whatever the set, finding a certificate's
// candidates looks at no more than about four times the cap entries,
// never at every certificate of the name.
func FuzzIndexIssuers(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, uint8(3))
	f.Add(bytes.Repeat([]byte{0}, 200), uint8(4))
	f.Add(bytes.Repeat([]byte{0, 9, 18, 27, 54, 81}, 40), uint8(5))
	f.Fuzz(func(t *testing.T, data []byte, max uint8) {
		if len(data) > 500 {
			return
		}
		m := int(max%20) + 1
		certs := fakeCerts(data)
		var x Index
		meaning := map[string]string{}
		for i, c := range certs {
			x.Add(i, c)
			meaning[string(c.RawSubject)] = dnkey.Of(c.RawSubject)
		}
		for i, c := range certs {
			skip := func(j int) bool { return j == i }
			before := x.Looked()
			got, _ := x.Issuers(c, i, m, skip)
			if looked := x.Looked() - before; looked > int64(4*m+8) {
				t.Fatalf("certificate %d of %d: looked at %d entries for %d candidates", i, len(certs), looked, m)
			}
			want := reference(certs, meaning, c, i, m, skip)
			if !cmp.Equal(want, got, cmp.Comparer(func(a, b []int) bool { return len(a) == 0 && len(b) == 0 || cmp.Equal(a, b) })) {
				t.Fatalf("certificate %d of %d: candidates %v, want %v", i, len(certs), got, want)
			}
		}
	})
}
