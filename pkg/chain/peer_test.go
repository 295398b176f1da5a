package chain_test

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/chain"
)

func readPEMCerts(t *testing.T, path string) []*x509.Certificate {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []*x509.Certificate
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			return out
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			t.Logf("%s: skipping a certificate Go cannot parse: %v", path, err)
			continue
		}
		out = append(out, c)
	}
}

type peerExpect struct {
	At          *time.Time `json:"at"`
	ExpectValid *bool      `json:"expect_valid"`
	Chains      [][]string `json:"acceptable_chains"`
	CNPaths     [][]string `json:"acceptable_cn_paths"`
	Note        string     `json:"note"`
}

// TestPeerCases orders the public BoringSSL and bettertls chain cases with
// Verify on, as certkit order --verify does, and scores the ordering and
// the validation of each suite.
func TestPeerCases(t *testing.T) {
	root := testkit.PeerDir(t, "chains")
	// validate floors: what crypto/x509 Verify alone scores on each suite.
	floors := map[string]int{"bssl-vcc": 99, "bettertls-pb": 75}
	for _, suite := range []string{"bssl-vcc", "bettertls-pb"} {
		cases, err := os.ReadDir(filepath.Join(root, suite))
		if err != nil {
			t.Fatal(err)
		}
		var orderOK, orderN, valOK, valN int
		for _, cs := range cases {
			d := filepath.Join(root, suite, cs.Name())
			var e peerExpect
			b, err := os.ReadFile(filepath.Join(d, "expect.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &e); err != nil {
				t.Fatal(err)
			}
			leaf := readPEMCerts(t, filepath.Join(d, "leaf.pem"))
			bag := readPEMCerts(t, filepath.Join(d, "bag.pem"))
			opts := chain.Options{Roots: readPEMCerts(t, filepath.Join(d, "trust.pem")), Verify: true}
			switch {
			case e.At != nil:
				opts.At = *e.At
			case len(leaf) > 0:
				// These cases give no time to check at: the test uses a day
				// after the leaf was issued, so that it never expires.
				opts.At = leaf[0].NotBefore.Add(24 * time.Hour)
			}
			chains, err := chain.Order(append(leaf, bag...), opts)
			if err != nil {
				t.Fatalf("%s: %v", cs.Name(), err)
			}
			var shas, cns [][]string
			var verified *bool
			var verr error
			for _, ch := range chains {
				var s, n []string
				for _, c := range ch.Certificates {
					sum := sha256.Sum256(c.Raw)
					s = append(s, hex.EncodeToString(sum[:]))
					n = append(n, c.Subject.CommonName)
				}
				shas, cns = append(shas, s), append(cns, n)
				if len(leaf) > 0 && ch.Certificates[len(ch.Certificates)-1].Equal(leaf[0]) && verified == nil {
					verified, verr = ch.Verified, ch.VerifyError
				}
			}
			hit := func(want, got [][]string) bool {
				return slices.ContainsFunc(got, func(g []string) bool {
					return slices.ContainsFunc(want, func(w []string) bool { return slices.Equal(g, w) })
				})
			}
			if e.ExpectValid == nil || *e.ExpectValid {
				if len(e.Chains) > 0 {
					orderN++
					if hit(e.Chains, shas) {
						orderOK++
					} else {
						t.Errorf("%s/%s order: got %q (%s)", suite, cs.Name(), cns, e.Note)
					}
				}
				if len(e.CNPaths) > 0 {
					orderN++
					if hit(e.CNPaths, cns) {
						orderOK++
					} else {
						t.Errorf("%s/%s order: got %q, want one of %q (%s)", suite, cs.Name(), cns, e.CNPaths, e.Note)
					}
				}
			}
			if e.ExpectValid != nil {
				valN++
				if verified != nil && *verified == *e.ExpectValid {
					valOK++
				} else {
					t.Logf("%s/%s validate: verified=%v want %v: %v (%s)", suite, cs.Name(), verified != nil && *verified, *e.ExpectValid, verr, e.Note)
				}
			}
		}
		t.Logf("%s: order %d/%d validate %d/%d", suite, orderOK, orderN, valOK, valN)
		if valOK < floors[suite] {
			t.Errorf("%s: validate %d/%d, below crypto/x509's %d", suite, valOK, valN, floors[suite])
		}
	}
}

// TestPeerDSARoot checks a DSA self-signature with the primitives: cfssl's
// DSA test root (which crypto/x509 cannot verify) is a root.
func TestPeerDSARoot(t *testing.T) {
	path := filepath.Join(testkit.PeerDir(t, "chains"), "..", "formats", "cfssl", "bundler-dsa2048.pem")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s not found; skipping", path)
	}
	certs := readPEMCerts(t, path)
	if len(certs) != 1 || certs[0].PublicKeyAlgorithm != x509.DSA {
		t.Fatalf("want one DSA certificate in %s, got %d", path, len(certs))
	}
	if err := certs[0].CheckSignatureFrom(certs[0]); err == nil {
		t.Fatal("crypto/x509 verified a DSA signature; this test is moot")
	}
	chains, err := chain.Order(certs, chain.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(chains) != 1 || !chains[0].Complete || chains[0].Roles[0] != chain.RoleRoot {
		t.Errorf("DSA root: %d chains, complete %v, roles %v", len(chains), chains[0].Complete, chains[0].Roles)
	}
}
