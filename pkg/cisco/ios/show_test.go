package ios

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/pkg/convert"
)

func readTestdata(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantRecord is a record as testdata/ios/show/manifest.json gives it: what
// the generator printed, and the certificate it printed it from.
type wantRecord struct {
	Kind        string   `json:"kind"`
	Status      string   `json:"status,omitempty"`
	Serial      string   `json:"serial,omitempty"`
	Usage       string   `json:"usage,omitempty"`
	Issuer      string   `json:"issuer,omitempty"`
	Subject     string   `json:"subject"`
	NotBefore   string   `json:"not_before,omitempty"`
	NotAfter    string   `json:"not_after,omitempty"`
	Renew       string   `json:"renew,omitempty"`
	MD5         string   `json:"md5,omitempty"`
	SHA1        string   `json:"sha1,omitempty"`
	Trustpoints []string `json:"trustpoints,omitempty"`
	KeyLabel    string   `json:"key_label,omitempty"`
	Storage     string   `json:"storage,omitempty"`
	SHA256      string   `json:"sha256"`
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// gatewayCerts are the certificates the show output describes: the full
// configuration's and the root the trustpool holds.
func gatewayCerts(t testing.TB) []*x509.Certificate {
	var certs []*x509.Certificate
	for _, f := range []string{"ios/config/full-config.txt", "ios/fleet/ca/root.pem"} {
		res, err := convert.Decode(readTestdata(t, f), convert.Options{})
		if err != nil {
			t.Fatal(err)
		}
		certs = append(certs, res.Certificates...)
	}
	return certs
}

func sha256Hex(c *x509.Certificate) string {
	if c == nil {
		return ""
	}
	s := sha256.Sum256(c.Raw)
	return hex.EncodeToString(s[:])
}

// TestParseShow reads each generated show output and compares every record
// with what the generator printed, then matches it to its certificate.
func TestParseShow(t *testing.T) {
	var manifest map[string][]wantRecord
	if err := json.Unmarshal(readTestdata(t, "ios/show/manifest.json"), &manifest); err != nil {
		t.Fatal(err)
	}
	if len(manifest) < 6 {
		t.Fatalf("manifest lists %d show outputs", len(manifest))
	}
	certs := gatewayCerts(t)
	for name, want := range manifest {
		t.Run(name, func(t *testing.T) {
			s, err := ParseShow(readTestdata(t, "ios/show/"+name))
			if err != nil {
				t.Fatal(err)
			}
			if s.Hostname != "verybiggw" {
				t.Errorf("Hostname = %q, want verybiggw (from the prompt)", s.Hostname)
			}
			var got []wantRecord
			for _, r := range s.Records {
				got = append(got, wantRecord{Kind: r.Kind, Status: r.Status, Serial: r.Serial, Usage: r.Usage, Issuer: r.Issuer,
					Subject: r.Subject, NotBefore: rfc3339(r.NotBefore), NotAfter: rfc3339(r.NotAfter), Renew: rfc3339(r.Renew), MD5: r.MD5, SHA1: r.SHA1,
					Trustpoints: r.Trustpoints, KeyLabel: r.KeyLabel, Storage: r.Storage, SHA256: sha256Hex(matchRecord(r, certs))})
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
			wantCmd := strings.SplitN(strings.TrimSuffix(name, ".txt"), "-", 2)[0]
			for _, r := range s.Records {
				if r.Command != wantCmd {
					t.Errorf("record %s (line %d): Command = %q, want %q", r.Kind, r.Line, r.Command, wantCmd)
				}
			}
		})
	}
}

func TestParseShowTrustpointState(t *testing.T) {
	s, err := ParseShow(readTestdata(t, "ios/show/trustpoints-status.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Trustpoints) != 3 {
		t.Fatalf("got %d trustpoints, want 3", len(s.Trustpoints))
	}
	got := s.Trustpoints[2]
	want := trustpointState{Name: "verybiggw", State: map[string]string{
		"Keys generated": "Yes (General Purpose, non-exportable)", "Issuing CA authenticated": "Yes", "Certificate request(s)": "Yes"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("verybiggw (-want +got):\n%s", diff)
	}
}

// TestMatchBySerialAndIssuer: without fingerprints (show crypto pki
// certificates, not verbose) a record matches by serial and issuer only;
// the same serial under another issuer does not match.
func TestMatchBySerialAndIssuer(t *testing.T) {
	certs := gatewayCerts(t)
	s, err := ParseShow(readTestdata(t, "ios/show/certificates.txt"))
	if err != nil {
		t.Fatal(err)
	}
	r := s.Records[0]
	if matchRecord(r, certs) == nil {
		t.Fatal("the router certificate's record matches nothing")
	}
	r.Issuer = "cn=Some Other CA,o=Example Voice,c=US"
	if c := matchRecord(r, certs); c != nil {
		t.Errorf("a record with another issuer matched %s", c.Subject)
	}
	r = s.Records[0]
	r.Serial = "01"
	if c := matchRecord(r, certs); c != nil {
		t.Errorf("a record with another serial matched %s", c.Subject)
	}
	// A fingerprint that matches nothing is not rescued by the serial.
	r = s.Records[0]
	r.SHA1 = "00000000 00000000 00000000 00000000 00000000"
	if c := matchRecord(r, certs); c != nil {
		t.Errorf("a record with a foreign fingerprint matched %s", c.Subject)
	}
}

func TestParseShowNothing(t *testing.T) {
	s, err := ParseShow([]byte("just some text\nwith lines\n"))
	if err != nil || len(s.Records) != 0 {
		t.Fatalf("s = %+v, err = %v", s, err)
	}
	if _, err := ParseShow([]byte{0x00, 0x01, 0x02, 0xff}); err == nil {
		t.Error("binary input gave no error")
	}
}

// FuzzParseShow: the show parser never panics, and every record it gives
// from text has a kind and its line.
func FuzzParseShow(f *testing.F) {
	n := 0
	for _, glob := range []string{"ios/show/*.txt", "ios/config/*.txt", "ios/fleet/*.cfg"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", glob))
		for _, p := range files {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
			n++
		}
	}
	if n == 0 {
		f.Fatal("no seed files")
	}
	// A template's directives around IOS lines (issue 17).
	f.Add([]byte("<#if tls>\nhostname vgw1\ncrypto pki trustpoint vgw1\n<#if x>\n hash sha256\n</#if>\n</#if>\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseShow(data)
		if err != nil {
			return
		}
		if s.Hostname != "" && !hostname(s.Hostname) {
			t.Fatalf("hostname %q from a prompt is no hostname", s.Hostname)
		}
		for _, r := range s.Records {
			if r.Kind == "" || r.Line < 1 {
				t.Fatalf("record without kind or line: %+v", r)
			}
			matchRecord(r, nil)
		}
		cfg, err := parseConfigText(data)
		if err != nil {
			t.Fatalf("ParseConfig failed where ParseShow read the text: %v", err)
		}
		if cfg.Hostname != "" && !hostname(cfg.Hostname) {
			t.Fatalf("hostname %q from a hostname line is no hostname", cfg.Hostname)
		}
	})
}

// TestMatchIOSNames: IOS writes unstructuredName as hostname= and the
// e-mail address as ea=; a record with those keys, in either order,
// matches the certificate.
func TestMatchIOSNames(t *testing.T) {
	name := pkix.Name{CommonName: "gw1", Organization: []string{"Example Voice"}, ExtraNames: []pkix.AttributeTypeAndValue{
		{Type: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 2}, Value: "gw1.example.com"},
		{Type: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}, Value: "pki@example.com"},
	}}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(0xDC), Subject: name, NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	for _, issuer := range []string{
		"ea=pki@example.com,hostname=gw1.example.com,cn=gw1,o=Example Voice",
		"o=Example Voice,cn=gw1,hostname=gw1.example.com,ea=pki@example.com",
	} {
		if matchRecord(Record{Serial: "00DC", Issuer: issuer}, []*x509.Certificate{c}) == nil {
			t.Errorf("issuer %q does not match %s", issuer, c.Subject)
		}
	}
	if matchRecord(Record{Serial: "00DC", Issuer: "ea=pki@example.com,hostname=gw1.example.com,cn=GW1,o=Example Voice"}, []*x509.Certificate{c}) != nil {
		t.Error("a CN in other letter case matched")
	}
}

// TestParseShowOlderLayout: releases before the "(hex)" label, a local
// time zone, a renew date, a pager prompt and a CRL distribution point
// with = in its URL.
func TestParseShowOlderLayout(t *testing.T) {
	text := "R1#sh cry pki cert\r\n" +
		"Certificate\r\n  Status: Available\r\n  Certificate Serial Number: 0B2E41970001000000CF\r\n  Certificate Usage: Encryption\r\n" +
		"  Issuer:\r\n    cn=msca-root\r\n    ou=pki msca-root\r\n    o=cisco\r\n    c=US\r\n    ea=pki@example.com\r\n" +
		"  Subject:\r\n    Name: R1.example.com\r\n    IP Address: 192.0.2.1\r\n    Serial Number: 1234567\r\n    hostname=R1.example.com\r\n" +
		" --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b  CRL Distribution Point:\r\n    ldap:///CN=msca-root,O=cisco?certificateRevocationList\r\n" +
		"  Validity Date:\r\n    start date: 18:16:45 PST Jun 7 2002\r\n    end   date: 18:26:45 PST Jun  7 2003\r\n    renew date: 16:00:00 PST Dec 31 1969\r\n" +
		"  Associated Trustpoints: MS\r\n"
	s, err := ParseShow([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Records) != 1 {
		t.Fatalf("%d records", len(s.Records))
	}
	r := s.Records[0]
	got := []string{s.Hostname, r.Command, r.Serial, r.Usage, r.Issuer, r.Subject, r.NotBefore.Format("2006-01-02 15:04"), r.NotAfter.Format("2006-01-02"), strings.Join(r.Trustpoints, " ")}
	want := []string{"R1", "certificates", "0B2E41970001000000CF", "Encryption", "cn=msca-root,ou=pki msca-root,o=cisco,c=US,ea=pki@example.com",
		"hostname=R1.example.com", "2002-06-07 18:16", "2003-06-07", "MS"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
