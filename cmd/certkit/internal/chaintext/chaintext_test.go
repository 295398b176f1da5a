package chaintext_test

import (
	"crypto/x509"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/voicepki/certkit/cmd/certkit/internal/chaintext"
	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/chain"
)

// TestAlternativeNotes: the first three issuers not taken are named, with
// their expiry and the certificate they also signed, then counted.
func TestAlternativeNotes(t *testing.T) {
	gw := testkit.NewLeaf(t, "gw1.example.net", nil, testkit.NewCA(t, "Root CA", nil, nil), nil, nil)
	var ch chain.Chain
	for i := range 5 {
		ca := testkit.NewCA(t, "Issuing CA "+string(rune('A'+i)), nil, nil)
		ch.Alternatives = append(ch.Alternatives, chain.Link{Child: gw, Parent: ca.Cert})
	}
	want := []string{
		`CN=Issuing CA A (until 2125-01-01) also verifies the signature of CN=gw1.example.net; not taken`,
		`CN=Issuing CA B (until 2125-01-01) also verifies the signature of CN=gw1.example.net; not taken`,
		`CN=Issuing CA C (until 2125-01-01) also verifies the signature of CN=gw1.example.net; not taken`,
		"2 more issuers not taken",
	}
	if diff := cmp.Diff(want, chaintext.AlternativeNotes(ch)); diff != "" {
		t.Errorf("AlternativeNotes (-want +got):\n%s", diff)
	}
	if notes := chaintext.AlternativeNotes(chain.Chain{}); len(notes) != 0 {
		t.Errorf("a chain with no alternatives has notes %q", notes)
	}
}

// TestNotesCrossCertified: a chain that stopped at CAs certifying each
// other says so first (pkg/chain's TestChunghwa... tests that Order sets
// CrossCertified on such a chain).
func TestNotesCrossCertified(t *testing.T) {
	g2 := testkit.NewCA(t, "ePKI Root G2", nil, nil)
	epki := testkit.NewCA(t, "ePKI Root", g2, nil)
	ch := chain.Chain{Certificates: []*x509.Certificate{g2.Cert, epki.Cert}, CrossCertified: epki.Cert}
	notes := chaintext.Notes(ch)
	want := `cross-certified with CN=ePKI Root; neither is self-signed here`
	if len(notes) == 0 || notes[0] != want {
		t.Errorf("notes %q, want first %q", notes, want)
	}
	if notes := chaintext.Notes(chain.Chain{}); len(notes) != 0 {
		t.Errorf("a plain chain has notes %q", notes)
	}
}
