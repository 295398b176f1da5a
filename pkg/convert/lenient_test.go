package convert

import (
	"crypto/dsa" //lint:ignore SA1019 the inherited-parameters certificate has a DSA key
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/voicepki/certkit/pkg/finding"
)

// lenientCase is one defect certificate of testdata/lenient, made by the
// generator by editing the DER of a normal certificate and signing it again.
type lenientCase struct {
	file    string
	defects []finding.Code // the notes Decode must give, in order
	strict  bool           // crypto/x509 parses it too (but reads part of it wrong or accepts the defect)
}

var lenientCases = []lenientCase{
	{"negative-serial", []finding.Code{codeNegativeSerial}, false},
	{"crldp-dirname", []finding.Code{codeCRLDirectoryName}, true},
	{"crldp-relative", []finding.Code{codeCRLRelativeName}, false},
	{"dsa-inherited", []finding.Code{codeInheritedDSAParameters}, false},
	{"duplicate-extension", []finding.Code{codeDuplicateExtension}, false},
	{"malformed-san", []finding.Code{codeMalformedSAN, codeMalformedSAN}, false},
	{"printablestring", []finding.Code{codePrintableString}, false},
	{"time-no-seconds", []finding.Code{codeTime}, true},
	{"time-offset", []finding.Code{codeTime}, true},
	{"time-no-zone", []finding.Code{codeTime, codeTime}, false},
}

func readLenient(t *testing.T, name string) ([]byte, *Result) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "lenient", name+".pem"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Decode(data, Options{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return data, res
}

// opensslField returns the value after label in openssl's recorded -text
// reading of name ("Serial Number:", "Not Before:").
func opensslField(t *testing.T, name, label string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "lenient", name+".openssl.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), label); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("%s.openssl.txt has no %q line", name, label)
	return ""
}

// TestLenientDefects reads each defect certificate: Decode returns it with
// its own bytes, names the defect, and reads the serial, subject and
// dates as openssl does; its signature still verifies under the root.
func TestLenientDefects(t *testing.T) {
	_, rootRes := readLenient(t, "root")
	_, dsaRootRes := readLenient(t, "dsa-root")
	for _, tc := range lenientCases {
		t.Run(tc.file, func(t *testing.T) {
			data, res := readLenient(t, tc.file)
			if len(res.Certificates) != 1 {
				t.Fatalf("%d certificates, want 1", len(res.Certificates))
			}
			c := res.Certificates[0]
			var got []finding.Code
			for _, n := range res.Notes {
				if n.Certificate != c {
					t.Errorf("note %+v is about another certificate", n)
				}
				if n.Severity != finding.Warning || !strings.Contains(n.Message, ": ") {
					t.Errorf("note %+v is not a warning with the defect and what was found", n)
				}
				got = append(got, n.Code)
			}
			if strings.Join(defectStrings(got), "; ") != strings.Join(defectStrings(tc.defects), "; ") {
				t.Errorf("notes %+v, want defects %q", res.Notes, tc.defects)
			}
			der := pemBody(t, data)
			if string(c.Raw) != string(der) {
				t.Error("Raw is not the certificate's own DER")
			}
			if _, err := x509.ParseCertificate(der); (err == nil) != tc.strict {
				t.Errorf("crypto/x509 ParseCertificate: %v; the case says strict=%v", err, tc.strict)
			}

			// What openssl reads.
			if want := opensslSerial(t, tc.file); signedHex(c.SerialNumber) != want {
				t.Errorf("serial %s, openssl reads %s", signedHex(c.SerialNumber), want)
			}
			if want := opensslField(t, tc.file, "Subject:"); !strings.HasSuffix(want, "CN = "+c.Subject.CommonName) {
				t.Errorf("subject CN %q, openssl reads %q", c.Subject.CommonName, want)
			}
			for _, f := range []struct {
				label string
				t     time.Time
			}{{"Not Before:", c.NotBefore}, {"Not After :", c.NotAfter}} {
				want := opensslField(t, tc.file, f.label)
				if want == "Bad time value" {
					// openssl reads the certificate but not this time (a
					// GeneralizedTime without a zone); certkit reads it as UTC.
					if f.t.IsZero() {
						t.Errorf("%s is zero", f.label)
					}
					continue
				}
				if got := opensslTime(f.t); got != want {
					t.Errorf("%s %s, openssl reads %s", f.label, got, want)
				}
			}

			// The signature over the TBS as it is still verifies.
			issuer := rootRes.Certificates[0]
			if strings.HasPrefix(tc.file, "dsa-") {
				issuer = dsaRootRes.Certificates[0]
			}
			if k, ok := issuer.PublicKey.(*dsa.PublicKey); ok {
				// crypto/x509 no longer verifies DSA: check it by hand.
				var sig struct{ R, S *big.Int }
				sum := sha256.Sum256(c.RawTBSCertificate)
				if _, err := asn1.Unmarshal(c.Signature, &sig); err != nil || !dsa.Verify(k, sum[:k.Q.BitLen()/8], sig.R, sig.S) {
					t.Errorf("DSA signature does not verify under %s (%v)", issuer.Subject.CommonName, err)
				}
			} else if err := c.CheckSignatureFrom(issuer); err != nil {
				t.Errorf("signature does not verify under %s: %v", issuer.Subject.CommonName, err)
			}
		})
	}
}

// TestLenientFields checks the fields each defect leaves readable.
func TestLenientFields(t *testing.T) {
	_, res := readLenient(t, "dsa-inherited")
	c := res.Certificates[0]
	k, ok := c.PublicKey.(*dsa.PublicKey)
	if !ok || c.PublicKeyAlgorithm != x509.DSA || k.Y == nil || k.P != nil {
		t.Errorf("dsa-inherited: key %T %v, want a DSA key with Y only", c.PublicKey, c.PublicKeyAlgorithm)
	}
	if !c.IsCA || !c.BasicConstraintsValid || c.KeyUsage&x509.KeyUsageCertSign == 0 || len(c.SubjectKeyId) == 0 || len(c.AuthorityKeyId) == 0 {
		t.Errorf("dsa-inherited: CA %v, key usage %v, SKI %x, AKI %x", c.IsCA, c.KeyUsage, c.SubjectKeyId, c.AuthorityKeyId)
	}

	_, res = readLenient(t, "malformed-san")
	if c := res.Certificates[0]; strings.Join(c.DNSNames, ",") != "malformed-san.example.net" || len(c.IPAddresses) != 0 {
		t.Errorf("malformed-san: DNS %q, IP %v; want the one good DNS name", c.DNSNames, c.IPAddresses)
	}
	if d := res.Notes[0].Message + "; " + res.Notes[1].Message; d != `malformed SAN entry: IP address of 5 bytes; malformed SAN entry: DNS name "café.example.net" is not ASCII` {
		t.Errorf("malformed-san notes: %s", d)
	}

	for _, name := range []string{"crldp-dirname", "crldp-relative"} {
		_, res = readLenient(t, name)
		want := map[string]string{"crldp-dirname": "http://pki.example.net/root.crl", "crldp-relative": ""}[name]
		if got := strings.Join(res.Certificates[0].CRLDistributionPoints, ","); got != want {
			t.Errorf("%s: CRL distribution points %q, want %q", name, got, want)
		}
	}

	_, res = readLenient(t, "duplicate-extension")
	c = res.Certificates[0]
	n := 0
	for _, e := range c.Extensions {
		if e.Id.String() == "2.5.29.15" {
			n++
		}
	}
	if n != 2 || c.KeyUsage != x509.KeyUsageDigitalSignature|x509.KeyUsageKeyEncipherment {
		t.Errorf("duplicate-extension: %d key usage extensions kept, key usage %v", n, c.KeyUsage)
	}

	_, res = readLenient(t, "printablestring")
	if c := res.Certificates[0]; c.Subject.CommonName != "gw_1@example.net" || c.Subject.Organization[0] != "Example Voice" {
		t.Errorf("printablestring: subject %s", c.Subject)
	}
}

// TestLenientInBundles reads the defect certificates inside a PKCS#7 and
// a PEM bundle, with their notes, and a clean certificate with none.
func TestLenientInBundles(t *testing.T) {
	var certs []*x509.Certificate
	for _, tc := range lenientCases {
		_, res := readLenient(t, tc.file)
		certs = append(certs, res.Certificates...)
	}
	_, root := readLenient(t, "root")
	if len(root.Notes) != 0 {
		t.Errorf("the clean root has notes: %+v", root.Notes)
	}
	certs = append(certs, root.Certificates...)
	for _, f := range []Format{FormatPKCS7, FormatPEM} {
		out, err := Encode(certs, EncodeOptions{Format: f})
		if err != nil {
			t.Fatal(err)
		}
		res, err := Decode(out, Options{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(res.Certificates) != len(certs) {
			t.Fatalf("%s: %d certificates, want %d", f, len(res.Certificates), len(certs))
		}
		want := 0
		for _, tc := range lenientCases {
			want += len(tc.defects)
		}
		if len(res.Notes) != want {
			t.Errorf("%s: %d notes, want %d", f, len(res.Notes), want)
		}
		merged := Merge(res, res)
		if len(merged.Notes) != want || merged.Duplicates != len(certs) {
			t.Errorf("Merge: %d notes, %d duplicates", len(merged.Notes), merged.Duplicates)
		}
	}
}

// TestLenientRefuses keeps unreadable what openssl refuses too: a
// certificate cut short, or one whose TBS is not a certificate's.
func TestLenientRefuses(t *testing.T) {
	data, _ := readLenient(t, "negative-serial")
	der := pemBody(t, data)
	for name, b := range map[string][]byte{
		"truncated":     der[:len(der)-10],
		"no validity":   append([]byte{0x30, 0x03, 0x02, 0x01, 0x01}, der[5:]...),
		"trailing data": append(append([]byte(nil), der...), 0x05, 0x00),
	} {
		if _, _, err := parseLenient(b); err == nil {
			t.Errorf("%s: read", name)
		}
	}
}

func defectStrings(ds []finding.Code) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = string(d)
	}
	return out
}

func pemBody(t *testing.T, data []byte) []byte {
	t.Helper()
	blocks, err := scanPEM(data)
	if err != nil || len(blocks) != 1 {
		t.Fatalf("scanPEM: %d blocks, %v", len(blocks), err)
	}
	res, err := Decode(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Certificates[0].Raw
}

var opensslSerialLine = regexp.MustCompile(`(?s)Serial Number:\s*(?:(-?\d+) \((-?0x[0-9a-f]+)\)|\n\s*(\(Negative\))?([0-9a-f:]+))`)

// opensslSerial reads openssl's "Serial Number: 2 (0x2)" or, for long
// and negative serials, "Serial Number:\n (Negative)77:a1:...", as hex.
func opensslSerial(t *testing.T, name string) string {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "lenient", name+".openssl.txt"))
	if err != nil {
		t.Fatal(err)
	}
	m := opensslSerialLine.FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("%s.openssl.txt: no serial number", name)
	}
	if m[2] != "" {
		return strings.ToUpper(strings.Replace(m[2], "0x", "", 1))
	}
	hex := strings.ToUpper(strings.TrimLeft(strings.ReplaceAll(m[4], ":", ""), "0"))
	if m[3] != "" {
		return "-" + hex
	}
	return hex
}

// opensslTime prints t as openssl -text does: "Jan  1 00:00:00 2025 GMT",
// with fractions of a second when there are some.
func opensslTime(t time.Time) string {
	t = t.UTC()
	s := t.Format("Jan _2 15:04:05")
	if t.Nanosecond() != 0 {
		s = t.Format("Jan _2 15:04:05.999999999")
	}
	return s + t.Format(" 2006 GMT")
}
