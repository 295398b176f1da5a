package chain

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"

	"github.com/voicepki/certkit/internal/certrole"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/convert"
)

// sameNameChain is the hostile file of issue 23: n CA certificates all named
// CN=Same, each signed by the one before, in order or shuffled.
func sameNameChain(tb testing.TB, n int, shuffle bool) []*x509.Certificate {
	tb.Helper()
	certs, err := testkit.SameName(n, true)
	if err != nil {
		tb.Fatal(err)
	}
	if shuffle {
		rand.New(rand.NewPCG(23, 23)).Shuffle(n, func(i, j int) { certs[i], certs[j] = certs[j], certs[i] })
	}
	return certs
}

// TestSameNameChainIsLinear: the graph of 3,000 certificates of one name
// makes at most MaxCandidates signature checks per certificate (in file
// order, two: itself and the one before it), and looks at a bounded
// number of candidates for each, never at every pair.
func TestSameNameChainIsLinear(t *testing.T) {
	const n = 3000
	for _, shuffle := range []bool{false, true} {
		certs := sameNameChain(t, n, shuffle)
		g := newGraph(certs, nil, Options{})
		limit := int64((certrole.MaxCandidates + 1) * n)
		if !shuffle {
			limit = 2*n + certrole.MaxCandidates
		}
		if got := g.checks.Load(); got > limit {
			t.Errorf("shuffled %v: %d signature checks for %d certificates, want at most %d", shuffle, got, n, limit)
		}
		if got, limit := g.names.Looked(), int64((3*certrole.MaxCandidates+4)*n); got > limit {
			t.Errorf("shuffled %v: looked at %d candidates for %d certificates, want at most %d", shuffle, got, n, limit)
		}
		if !shuffle {
			for i := 1; i < n; i++ {
				if len(g.nodes[i].parents) != 1 || g.nodes[i].parents[0].to != i-1 {
					t.Fatalf("certificate %d: parents %v, want the one before it", i, g.nodes[i].parents)
				}
			}
		}
	}
}

// nameDER is the DER of CN=cn.
func nameDER(cn string) []byte {
	atv := append([]byte{0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, byte(len(cn))}, cn...)
	atv = append([]byte{0x30, byte(len(atv))}, atv...)
	set := append([]byte{0x31, byte(len(atv))}, atv...)
	return append([]byte{0x30, byte(len(set))}, set...)
}

// TestWalkUpIsLinear: the names issuer-for walks up to find the
// certificates worth parsing are each looked up once, and each
// certificate's name is compared by meaning once at most: 3,000
// certificates of one name, and 3,000 whose issuer names match their
// issuers' subjects by meaning only (CN=ca42 issued by CN=CA41), cost in
// proportion to their number.
func TestWalkUpIsLinear(t *testing.T) {
	const n = 3000
	same := sameNameChain(t, n, false)
	named := make([]certrole.Named, n)
	for i, c := range same {
		named[i] = certrole.Named{Raw: c.Raw, Subject: c.RawSubject, Issuer: c.RawIssuer}
	}
	up, looked := certrole.Ancestors(same[n-1], named)
	if len(up) != n-1 || looked > 2*n {
		t.Errorf("one name: found %d, looked at %d entries, want %d found and at most %d looked at", len(up), looked, n-1, 2*n)
	}

	byMeaning := make([]certrole.Named, n)
	for i := range byMeaning {
		byMeaning[i] = certrole.Named{
			Raw:     []byte(fmt.Sprint(i)),
			Subject: nameDER(fmt.Sprintf("ca%d", i)),
			Issuer:  nameDER(fmt.Sprintf("CA%d", max(i-1, 0))),
		}
	}
	target := &x509.Certificate{Raw: []byte("target"), RawSubject: nameDER("gw"), RawIssuer: nameDER(fmt.Sprintf("CA%d", n-1))}
	up, looked = certrole.Ancestors(target, byMeaning)
	if len(up) != n || looked > 3*n {
		t.Errorf("names by meaning: found %d, looked at %d entries, want %d found and at most %d looked at", len(up), looked, n, 3*n)
	}
}

// BenchmarkSameName orders the hostile file (3,000 certificates of one
// name, each signed by the one before), in order and shuffled, as certkit
// order does from the decoded file.
func BenchmarkSameName(b *testing.B) {
	for _, shuffle := range []bool{false, true} {
		certs := sameNameChain(b, 3000, shuffle)
		p7, err := convert.Encode(certs, convert.EncodeOptions{Format: convert.FormatPKCS7})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("shuffled=%v", shuffle), func(b *testing.B) {
			var checks int64
			for b.Loop() {
				g := newGraph(decodeStore(b, p7), nil, Options{})
				g.chains(Options{})
				checks = g.checks.Load()
			}
			b.ReportMetric(float64(checks)/3000, "sigchecks/cert")
		})
	}
}

// endsAfter is a context that ends after its Err has been asked n times:
// a client that goes away while its certificates are being linked.
type endsAfter struct {
	context.Context
	n atomic.Int64
}

func (c *endsAfter) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// TestOrderContextStops: when its context ends, OrderContext stops
// between certificates, long before the signature checks of the whole
// set are made, and returns the context's error.
func TestOrderContextStops(t *testing.T) {
	certs := sameNameChain(t, 3000, true)
	ctx := &endsAfter{Context: context.Background()}
	ctx.n.Store(100)
	opts := Options{ctx: ctx}
	g := newGraph(certs, nil, opts)
	if got := g.checks.Load(); got > 100*int64(certrole.MaxCandidates+1)+1000 {
		t.Errorf("%d signature checks after the context ended, want the work to stop", got)
	}
	ctx.n.Store(100)
	if chains, err := OrderContext(ctx, certs, Options{}); !errors.Is(err, context.Canceled) || chains != nil {
		t.Errorf("OrderContext: %d chains, %v; want none and context.Canceled", len(chains), err)
	}
}
