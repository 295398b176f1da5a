package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/voicepki/certkit/internal/testkit"
)

// The moment every job of the table judges validity at.
var tableAt = time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC)

// tcert describes one certificate of the table's hierarchy.
type tcert struct {
	cn           string
	dns          []string
	unstructured string
	ca           bool
	notBefore    time.Time
	notAfter     time.Time
	alg          x509.SignatureAlgorithm
	rsaBits      int // 0: ECDSA P-256
	noKeyUsage   bool
}

type tkey struct {
	cert *x509.Certificate
	key  any
}

// makeCert issues spec, signed by parent (self-signed when nil).
func makeCert(t *testing.T, s tcert, parent *tkey, serial int64) *tkey {
	t.Helper()
	var key, pub any
	if s.rsaBits > 0 {
		k, err := rsa.GenerateKey(rand.Reader, s.rsaBits)
		if err != nil {
			t.Fatal(err)
		}
		key, pub = k, &k.PublicKey
	} else {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		key, pub = k, &k.PublicKey
	}
	if s.notBefore.IsZero() {
		s.notBefore = tableAt.AddDate(-1, 0, 0)
	}
	if s.notAfter.IsZero() {
		s.notAfter = tableAt.AddDate(5, 0, 0)
	}
	subj := pkix.Name{CommonName: s.cn, Organization: []string{"Table Voice"}}
	if s.unstructured != "" {
		subj.ExtraNames = []pkix.AttributeTypeAndValue{{Type: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 2}, Value: s.unstructured}}
	}
	pubDER, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	var spki struct {
		Alg asn1.RawValue
		Key asn1.BitString
	}
	if _, err := asn1.Unmarshal(pubDER, &spki); err != nil {
		t.Fatal(err)
	}
	ski := sha1.Sum(spki.Key.Bytes)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial), Subject: subj, DNSNames: s.dns,
		NotBefore: s.notBefore, NotAfter: s.notAfter, SignatureAlgorithm: s.alg,
		BasicConstraintsValid: true, IsCA: s.ca, SubjectKeyId: ski[:],
	}
	switch {
	case s.noKeyUsage:
	case s.ca:
		tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature
	default:
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
	}
	signer, signKey := tmpl, key
	if parent != nil {
		signer, signKey = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signer, pub, signKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &tkey{c, key}
}

func writePEM(t *testing.T, path string, certs ...*x509.Certificate) string {
	t.Helper()
	var b []byte
	for _, c := range certs {
		b = append(b, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// findingCodes returns the finding codes a run reported: from the
// "certkit: warning|error: CODE: " lines of stderr, and from the JSON's
// "code" fields.
func findingCodes(stdout, stderr string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?m)^certkit: (?:warning|error): ([a-z0-9-]+): `).FindAllStringSubmatch(stderr, -1) {
		out = append(out, m[1])
	}
	for _, m := range regexp.MustCompile(`"code": "([a-z0-9-]+)"`).FindAllStringSubmatch(stdout, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestEveryJobOneVerdict crosses every job with every condition: each job
// that hands the user the certificate concerned reports the same finding
// code for it, and exits as its kind says (advisory jobs 1, file jobs 0).
func TestEveryJobOneVerdict(t *testing.T) {
	at := "--at=" + tableAt.Format(time.RFC3339)
	type hierarchy struct{ root, issuing, device tcert }
	base := func() hierarchy {
		return hierarchy{
			root:    tcert{cn: "Table Root CA", ca: true, rsaBits: 2048, alg: x509.SHA256WithRSA},
			issuing: tcert{cn: "Table Issuing CA", ca: true, rsaBits: 2048, alg: x509.SHA256WithRSA},
			device:  tcert{cn: "vgw1.table.example", dns: []string{"vgw1.table.example"}, rsaBits: 2048, alg: x509.SHA256WithRSA},
		}
	}
	type condition struct {
		name     string
		change   func(*hierarchy)
		hostname string
		code     string // "" for none
		on       string // root, issuing or device: which certificate it concerns
	}
	conditions := []condition{
		{"expired CA", func(h *hierarchy) { h.issuing.notAfter = tableAt.AddDate(0, 0, -3) }, "", "expired", "issuing"},
		{"expired device certificate", func(h *hierarchy) { h.device.notAfter = tableAt.AddDate(0, -1, 0) }, "", "expired", "device"},
		{"device certificate not yet valid", func(h *hierarchy) { h.device.notBefore = tableAt.AddDate(0, 0, 7) }, "", "not-yet-valid", "device"},
		{"device certificate expiring in 10 days", func(h *hierarchy) { h.device.notAfter = tableAt.AddDate(0, 0, 10) }, "", "expiring", "device"},
		{"SHA-1 on the intermediate", func(h *hierarchy) { h.issuing.alg = x509.SHA1WithRSA }, "", "weak-signature", "issuing"},
		{"SHA-1 on the self-signed root", func(h *hierarchy) { h.root.alg = x509.SHA1WithRSA }, "", "", "root"},
		{"1024-bit key", func(h *hierarchy) { h.device.rsaBits, h.device.alg = 1024, x509.SHA256WithRSA }, "", "key-too-small", "device"},
		{"CN is the hostname and a domain", func(h *hierarchy) {}, "vgw1", "", "device"},
		{"CN differs in letter case", func(h *hierarchy) {}, "VGW1", "name-case-mismatch", "device"},
		{"CN is another device", func(h *hierarchy) {}, "vgw2", "name-mismatch", "device"},
	}
	type job struct {
		name  string
		args  func(dir string, c condition) []string
		hands []string // the certificates the job hands the user
		// names says the job takes --hostname and checks the name.
		names    bool
		fileKind bool // a file command: exit 0 whatever it warns
	}
	files := func(dir string) []string {
		return []string{filepath.Join(dir, "device.pem"), filepath.Join(dir, "issuing.pem"), filepath.Join(dir, "root.pem")}
	}
	withHost := func(args []string, c condition) []string {
		if c.hostname != "" {
			args = append(args, "--hostname", c.hostname)
		}
		return args
	}
	jobs := []job{
		{"split", func(dir string, c condition) []string {
			return append([]string{"split", at, "-o", filepath.Join(dir, "out")}, files(dir)...)
		}, []string{"root", "issuing", "device"}, false, true},
		{"order", func(dir string, c condition) []string {
			return append([]string{"order", "--json", at}, files(dir)...)
		}, []string{"root", "issuing", "device"}, false, false},
		{"issuer-for", func(dir string, c condition) []string {
			return append(withHost([]string{"issuer-for", "--json", at}, c), files(dir)...)
		}, []string{"issuing", "device"}, true, false},
		{"issuer-for --ios", func(dir string, c condition) []string {
			return append(withHost([]string{"issuer-for", "--ios", "voice", at}, c), files(dir)...)
		}, []string{"issuing", "device"}, true, false},
		{"issuer-for --ios --anchor-root", func(dir string, c condition) []string {
			return append(withHost([]string{"issuer-for", "--ios", "voice", "--anchor-root", at}, c), files(dir)...)
		}, []string{"root", "issuing", "device"}, true, false},
		{"cucm", func(dir string, c condition) []string {
			return append(withHost([]string{"cucm", "--json", at}, c), files(dir)...)
		}, []string{"root", "issuing", "device"}, true, false},
		{"cucm --trunk-subject", func(dir string, c condition) []string {
			return append(withHost([]string{"cucm", "--json", "--trunk-subject", "vgw1.table.example", at}, c), files(dir)...)
		}, []string{"root", "issuing", "device"}, true, false},
	}
	iosConfig := func(dir string, c condition) string {
		host := c.hostname
		if host == "" {
			host = "vgw1"
		}
		device, _ := os.ReadFile(filepath.Join(dir, "device.der"))
		issuing, _ := os.ReadFile(filepath.Join(dir, "issuing.der"))
		cfg := "hostname " + host + "\n!\ncrypto pki trustpoint voice\n enrollment terminal\n revocation-check none\n rsakeypair " + host +
			" 2048\n hash sha256\n!\ncrypto pki certificate chain voice\n certificate 03\n" + testkit.HexLines(device, false) +
			"  \tquit\n certificate ca 02\n" + testkit.HexLines(issuing, false) + "  \tquit\n!\nend\n"
		path := filepath.Join(dir, host+".cfg")
		if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	jobs = append(jobs,
		job{"convert", func(dir string, c condition) []string {
			return append([]string{"convert", "--to", "pem", at, "-o", filepath.Join(dir, "all.pem"), "--force"}, files(dir)...)
		}, []string{"root", "issuing", "device"}, false, true},
		job{"convert --to p7b", func(dir string, c condition) []string {
			return append([]string{"convert", "--to", "p7b-pem", at, "-o", filepath.Join(dir, "all.p7b"), "--force"}, files(dir)...)
		}, []string{"root", "issuing", "device"}, false, true},
		job{"inspect", func(dir string, c condition) []string {
			return append([]string{"inspect", at}, files(dir)...)
		}, []string{"root", "issuing", "device"}, false, true},
		job{"ios trustpool", func(dir string, c condition) []string {
			return []string{"ios", "trustpool", at, filepath.Join(dir, "issuing.pem"), filepath.Join(dir, "root.pem")}
		}, []string{"root", "issuing"}, false, false},
		job{"ios audit", func(dir string, c condition) []string {
			return []string{"ios", "audit", "--json", at, iosConfig(dir, c)}
		}, []string{"issuing", "device"}, true, false},
		job{"cucm audit", func(dir string, c condition) []string {
			store := filepath.Join(dir, "site", "CallManager-trust")
			if err := os.MkdirAll(store, 0o755); err != nil {
				t.Fatal(err)
			}
			for _, n := range []string{"root.pem", "issuing.pem"} {
				b, _ := os.ReadFile(filepath.Join(dir, n))
				if err := os.WriteFile(filepath.Join(store, n), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			return []string{"cucm", "audit", "--json", at, filepath.Join(dir, "site")}
		}, []string{"root", "issuing"}, false, false},
	)
	for _, c := range conditions {
		h := base()
		c.change(&h)
		dir := t.TempDir()
		root := makeCert(t, h.root, nil, 1)
		issuing := makeCert(t, h.issuing, root, 2)
		device := makeCert(t, h.device, issuing, 3)
		writePEM(t, filepath.Join(dir, "root.pem"), root.cert)
		writePEM(t, filepath.Join(dir, "issuing.pem"), issuing.cert)
		writePEM(t, filepath.Join(dir, "device.pem"), device.cert)
		for name, c := range map[string]*x509.Certificate{"device.der": device.cert, "issuing.der": issuing.cert} {
			if err := os.WriteFile(filepath.Join(dir, name), c.Raw, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, j := range jobs {
			if c.hostname != "" && !j.names {
				continue // the job takes no hostname
			}
			t.Run(c.name+"/"+j.name, func(t *testing.T) {
				args := j.args(dir, c)
				code, out, errs := certkit(t, nil, args...)
				got := findingCodes(out, errs)
				want := c.code != "" && slices.Contains(j.hands, c.on)
				switch {
				case want && !slices.Contains(got, c.code):
					t.Errorf("%q: no %s finding; codes %q\n%s", args, c.code, got, errs)
				case !want && len(got) != 0:
					t.Errorf("%q: findings %q, want none\n%s", args, got, errs)
				}
				wantExit := exitOK
				if want && !j.fileKind {
					wantExit = exitCheck
				}
				if code != wantExit {
					t.Errorf("%q: exit %d, want %d\n%s", args, code, wantExit, errs)
				}
			})
		}
	}
}

// TestEveryJobIOSSelfSigned: a self-signed certificate IOS made (CA:TRUE,
// no key usage, SHA-1 or SHA-256) is the gateway's own certificate in
// every job, under each of IOS's three name forms, when its name is known:
// split and order name it a leaf, issuer-for --ios says there is no CA to
// authenticate, and cucm --trunk-subject uploads it to CallManager-trust
// itself, since CUCM has no CA to trust it through.
func TestEveryJobIOSSelfSigned(t *testing.T) {
	at := "--at=" + tableAt.Format(time.RFC3339)
	for _, tc := range []struct {
		name     string
		spec     tcert
		hostname string // the device's hostname, where the name form needs it
	}{
		{"IOS-Self-Signed-Certificate-N", tcert{cn: "IOS-Self-Signed-Certificate-3891245672", alg: x509.SHA1WithRSA, rsaBits: 2048}, ""},
		{"CN=host", tcert{cn: "vgw03", alg: x509.SHA256WithRSA, rsaBits: 2048}, "vgw03"},
		{"CN=host.domain with unstructuredName", tcert{cn: "vgw04.verybigco.com", unstructured: "vgw04.verybigco.com", alg: x509.SHA256WithRSA, rsaBits: 2048}, "vgw04"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.spec.ca, tc.spec.noKeyUsage = true, true
			ios := makeCert(t, tc.spec, nil, 0x01)
			dir := t.TempDir()
			file := writePEM(t, filepath.Join(dir, "self.pem"), ios.cert)
			host := []string{}
			if tc.hostname != "" {
				host = []string{"--hostname", tc.hostname}
			}
			// order and split know a device by a device certificate among
			// the inputs: the gateway's new CA-signed one, for the name
			// forms that need a name.
			inputs := []string{file}
			if tc.hostname != "" {
				root := makeCert(t, tcert{cn: "New Root", ca: true}, nil, 10)
				issuing := makeCert(t, tcert{cn: "New Issuing", ca: true}, root, 11)
				fresh := makeCert(t, tcert{cn: tc.hostname + ".verybigco.com", dns: []string{tc.hostname + ".verybigco.com"}}, issuing, 12)
				inputs = append(inputs, writePEM(t, filepath.Join(dir, "new.pem"), fresh.cert, issuing.cert, root.cert))
			}
			code, out, errs := certkit(t, nil, append([]string{"order", "--json", at}, inputs...)...)
			var o orderJSON
			if err := json.Unmarshal([]byte(out), &o); err != nil {
				t.Fatalf("order: %v\n%s", err, errs)
			}
			found := false
			for _, ch := range o.Chains {
				for _, c := range ch.Certificates {
					if c.CommonName == tc.spec.cn {
						found = true
						if c.Role != "leaf" {
							t.Errorf("order: role %q, want leaf", c.Role)
						}
					}
				}
			}
			if !found || code != exitOK {
				t.Errorf("order: exit %d, self-signed found %v\n%s", code, found, errs)
			}
			code, out, errs = certkit(t, nil, append([]string{"split", "--json", at, "-o", filepath.Join(dir, "out")}, inputs...)...)
			if code != exitOK || !strings.Contains(out, "-leaf-"+strings.ReplaceAll(tc.spec.cn, " ", "-")) {
				t.Errorf("split: exit %d, the self-signed certificate is not written as a leaf:\n%s%s", code, out, errs)
			}
			code, _, errs = certkit(t, nil, append(append([]string{"issuer-for", "--ios", "voice", at}, host...), file)...)
			if code != exitCheck || !strings.Contains(errs, "is self-signed: there is no CA to authenticate") {
				t.Errorf("issuer-for --ios: exit %d\n%s", code, errs)
			}
			// (Its exit code is not asserted: IOS's self-signed certificates
			// carry no extended key usage, which cucm warns about.)
			_, out, errs = certkit(t, nil, append(append([]string{"cucm", "--json", "--trunk-subject", tc.spec.cn, at}, host...), file)...)
			var plan cucmJSON
			if err := json.Unmarshal([]byte(out), &plan); err != nil {
				t.Fatalf("cucm: %v\n%s", err, errs)
			}
			if len(plan.Steps) != 1 || plan.Steps[0].Purpose != "CallManager-trust" {
				t.Errorf("cucm --trunk-subject: steps %+v, want the certificate itself as CallManager-trust\n%s", plan.Steps, errs)
			}
			for _, w := range plan.Warnings {
				if w.Code == "weak-signature" {
					t.Errorf("cucm: a self-signed certificate's own SHA-1 signature is flagged: %s", w.Message)
				}
			}
		})
	}
}
