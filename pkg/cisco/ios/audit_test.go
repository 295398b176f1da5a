package ios

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/internal/x509text"
)

var auditAt = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// issue makes a certificate for cn valid from..until, signed by parent
// (self-signed when parent is nil), with a fresh P-256 key.
func issue(t *testing.T, cn string, isCA bool, from, until time.Time, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(int64(len(cn)) + 0x40), Subject: pkix.Name{CommonName: cn},
		NotBefore: from, NotAfter: until, IsCA: isCA, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c, key
}

func auditCodes(t *testing.T, cfg string, opts Options) []string {
	t.Helper()
	g, err := Read("test.cfg", []byte(cfg))
	if err != nil {
		t.Fatal(err)
	}
	if opts.At.IsZero() {
		opts.At = auditAt
	}
	var codes []string
	for _, tp := range auditGateways([]*Gateway{g}, opts).Gateways[0].Trustpoints {
		for _, f := range tp.Findings {
			codes = append(codes, tp.Name+":"+string(f.Code))
		}
	}
	sort.Strings(codes)
	return codes
}

func TestAuditFindings(t *testing.T) {
	y := func(n int) time.Time { return time.Date(2025+n, 1, 1, 0, 0, 0, 0, time.UTC) }
	root, rootKey := issue(t, "Root", true, y(0), y(20), nil, nil)
	ca, caKey := issue(t, "Issuing", true, y(0), y(10), root, rootKey)
	other, _ := issue(t, "Other CA", true, y(0), y(10), root, rootKey)
	gw, _ := issue(t, "gw1", false, y(0), y(2), ca, caKey)
	longGW, _ := issue(t, "gw1", false, y(0), y(15), ca, caKey)
	header := "hostname gw1\n!\ncrypto pki trustpoint gw1\n enrollment terminal\n rsakeypair gw1\n hash sha256\n!\n"

	for _, tc := range []struct {
		name string
		cfg  string
		opts Options
		want []string
	}{
		{"healthy", header + testkit.IOSChain("gw1", testkit.IOSEntry{Role: "", Cert: gw}, testkit.IOSEntry{Role: "ca", Cert: ca}), Options{}, nil},
		{"expiring within 90 days", header + testkit.IOSChain("gw1", testkit.IOSEntry{Role: "", Cert: gw}, testkit.IOSEntry{Role: "ca", Cert: ca}),
			Options{At: y(2).Add(-30 * 24 * time.Hour), Expiring: 90 * 24 * time.Hour}, []string{"gw1:expiring"}},
		{"expired", header + testkit.IOSChain("gw1", testkit.IOSEntry{Role: "", Cert: gw}, testkit.IOSEntry{Role: "ca", Cert: ca}), Options{At: y(3)}, []string{"gw1:expired"}},
		{"router certificate from another CA", header + testkit.IOSChain("gw1", testkit.IOSEntry{Role: "", Cert: gw}, testkit.IOSEntry{Role: "ca", Cert: other}), Options{}, []string{"gw1:not-issued-by"}},
		{"no CA certificate", header + testkit.IOSChain("gw1", testkit.IOSEntry{Role: "", Cert: gw}), Options{}, []string{"gw1:no-ca"}},
		{"CA expires before the router certificate", header + testkit.IOSChain("gw1", testkit.IOSEntry{Role: "", Cert: longGW}, testkit.IOSEntry{Role: "ca", Cert: ca}), Options{}, []string{"gw1:expires-before-leaf"}},
		{"no hash", strings.Replace(header, " hash sha256\n", "", 1) + testkit.IOSChain("gw1", testkit.IOSEntry{Role: "", Cert: gw}, testkit.IOSEntry{Role: "ca", Cert: ca}), Options{}, []string{"gw1:hash-missing"}},
		{"key label", strings.Replace(header, "rsakeypair gw1", "rsakeypair GW1-key", 1) + testkit.IOSChain("gw1", testkit.IOSEntry{Role: "", Cert: gw}, testkit.IOSEntry{Role: "ca", Cert: ca}), Options{}, []string{"gw1:name-mismatch"}},
		{"reference only", header + testkit.IOSChain("gw1", testkit.IOSEntry{Role: "", Cert: gw}, testkit.IOSEntry{Role: "ca", Cert: ca}) + "crypto pki certificate chain SLA-TrustPoint\n certificate ca 01 nvram:CiscoLicensi#1CA.cer\n!\n",
			Options{}, []string{"SLA-TrustPoint:reference-only"}},
		{"header serial", header + strings.Replace(testkit.IOSChain("gw1", testkit.IOSEntry{Role: "", Cert: gw}, testkit.IOSEntry{Role: "ca", Cert: ca}), " certificate "+x509text.IOSSerial(gw)+"\n", " certificate 77\n", 1),
			Options{}, []string{"gw1:serial-mismatch"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, auditCodes(t, tc.cfg, tc.opts)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAuditCAHeld: a CA file is found by its DER in a configuration and by
// its fingerprint in show output.
func TestAuditCAHeld(t *testing.T) {
	cfg, err := Read("verybiggw.cfg", readTestdata(t, "ios/fleet/verybiggw.cfg"))
	if err != nil {
		t.Fatal(err)
	}
	show, err := Read("status.txt", readTestdata(t, "ios/show/trustpoints-status.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var issuing *x509.Certificate
	for _, c := range cfg.Certificates {
		if c.Trustpoint == "verybiggw" && c.Role == "ca" {
			issuing = c.Certificate
		}
	}
	for name, gws := range map[string][]*Gateway{"config": {cfg}, "show": {show}} {
		f := auditGateways(gws, Options{At: auditAt, CAs: []*x509.Certificate{issuing}}).Findings
		if len(f) != 1 || f[0].Code != codeCAHeld || !strings.Contains(f[0].Message, "trustpoint verybiggw on verybiggw") {
			t.Errorf("%s: findings %v", name, f)
		}
	}
}

// TestAuditShowOnly: show output alone gives the trustpoints with what it
// says of their certificates, dates judged as for certificates.
func TestAuditShowOnly(t *testing.T) {
	g, err := Read("show.txt", readTestdata(t, "ios/show/certificates.txt"))
	if err != nil {
		t.Fatal(err)
	}
	rep := auditGateways([]*Gateway{g}, Options{At: time.Date(2124, 12, 1, 0, 0, 0, 0, time.UTC), Expiring: 90 * 24 * time.Hour})
	var got []string
	for _, tp := range rep.Gateways[0].Trustpoints {
		for _, c := range tp.Certificates {
			got = append(got, tp.Name+" "+c.Role+" "+c.Subject)
		}
		for _, f := range tp.Findings {
			got = append(got, tp.Name+" "+string(f.Code))
		}
	}
	want := []string{
		"verybiggw device cn=verybiggw,o=Example Voice,c=US", "verybiggw ca cn=Example Voice Issuing CA,o=Example Voice,c=US",
		"verybiggw expiring", "verybiggw expiring",
		"TP-self-signed-3735928559 self-signed cn=IOS-Self-Signed-Certificate-3735928559", "TP-self-signed-3735928559 expiring",
		"SLA-TrustPoint ca cn=Cisco Licensing Root CA,o=Example Voice,c=US", "SLA-TrustPoint expiring",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestRowsSortedByAction: the table's rows come by the next date needing
// action, the renewal where auto-enroll renews, rows without a date last.
func TestRowsSortedByAction(t *testing.T) {
	var gws []*Gateway
	for _, f := range []string{"verybiggw.cfg", "oldgw.cfg", "casegw.cfg"} {
		g, err := Read(f, readTestdata(t, "ios/fleet/"+f))
		if err != nil {
			t.Fatal(err)
		}
		gws = append(gws, g)
	}
	g, err := Read("brief.txt", []byte("hostname brief\ncrypto pki certificate chain SLA-TrustPoint\n certificate ca 01\n!\n"))
	if err != nil {
		t.Fatal(err)
	}
	gws = append(gws, g)
	rows := auditGateways(gws, Options{At: auditAt}).rows()
	var got []string
	for _, r := range rows {
		got = append(got, r.Gateway+"/"+r.Trustpoint+"/"+r.Role)
	}
	want := []string{"oldgw/TP-self-signed-1234567890/self-signed", "verybiggw/verybiggw/device",
		"verybiggw/TP-self-signed-3735928559/self-signed", "verybiggw/SLA-TrustPoint/ca", "verybiggw/verybiggw/ca",
		"casegw/SLA-TrustPoint/ca", "casegw/casegw/ca", "casegw/casegw/device", "brief/SLA-TrustPoint/ca"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestRowsReferenceCodes(t *testing.T) {
	g, err := Read("startup-config.txt", readTestdata(t, "ios/config/startup-config.txt"))
	if err != nil {
		t.Fatal(err)
	}
	rows := auditGateways([]*Gateway{g}, Options{At: auditAt}).rows()
	if len(rows) != 3 {
		t.Fatalf("%d rows, want the 3 references", len(rows))
	}
	for _, r := range rows {
		if len(r.Codes) != 1 || r.Codes[0] != codeReferenceOnly || r.SHA256 != nil || r.NotAfter != nil {
			t.Errorf("%s/%s serial %s: codes %v", r.Trustpoint, r.Role, r.Serial, r.Codes)
		}
	}
}

// TestAuditRenewDate: show crypto pki certificates prints IOS's own renew
// date under Validity Date for a certificate auto-enroll renews; the
// audit of that capture alone gives it as the row's renewal (the RENEWS
// column), where it gave none before. Issue 17's regression test.
func TestAuditRenewDate(t *testing.T) {
	g, err := Read("certificates.txt", readTestdata(t, "ios/show/certificates.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range auditGateways([]*Gateway{g}, Options{At: auditAt}).rows() {
		renews := "-"
		if r.Renews != nil {
			renews = r.Renews.Format(time.RFC3339)
		}
		got = append(got, r.Subject+" "+renews)
	}
	want := []string{"cn=verybiggw,o=Example Voice,c=US 2105-01-01T04:48:00Z"}
	if len(got) == 0 || got[0] != want[0] {
		t.Errorf("rows %q, want the router certificate first, renewing on IOS's date: %q", got, want)
	}
	for _, r := range got[1:] {
		if !strings.HasSuffix(r, " -") {
			t.Errorf("%s: a renewal for a certificate IOS prints none for", r)
		}
	}
	// The line as other captures give it: another zone spacing, a tab.
	capture := "gw#show crypto pki certificates\nCertificate\n  Status: Available\n  Certificate Serial Number (hex): 1A\n" +
		"  Issuer: \n    cn=Corp CA\n  Subject:\n    Name: gw.corp.example\n    cn=gw.corp.example\n  Validity Date: \n" +
		"    start date: 09:17:52 UTC Jun 22 2025\n    end   date: 09:17:52 UTC Jun 22 2027\n\trenew date:  09:19:52 UTC Apr 10 2027\n" +
		"  Associated Trustpoints: corp \n"
	s, err := ParseShow([]byte(capture))
	if err != nil || len(s.Records) != 1 || !s.Records[0].Renew.Equal(time.Date(2027, 4, 10, 9, 19, 52, 0, time.UTC)) {
		t.Errorf("renew date not read: %v %+v", err, s)
	}
}
