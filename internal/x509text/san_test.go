package x509text

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"math/big"
	"net"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// everySAN is a GeneralNames with one name of each kind openssl lists,
// in an order Go's own fields would not keep, and the text ParseSANs
// writes for it.
func everySAN(t *testing.T) ([]byte, []string) {
	t.Helper()
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.Tag(2).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte("suscerte.gob.ve")) })
		b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{2, 16, 862, 2, 2})
			b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.IA5String, func(b *cryptobyte.Builder) { b.AddBytes([]byte("RIF-G-20004036-0")) })
			})
		})
		b.AddASN1(cbasn1.Tag(4).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
			name, err := asn1.Marshal(pkix.Name{CommonName: "DigiCertPKI-3-44"}.ToRDNSequence())
			if err != nil {
				t.Fatal(err)
			}
			b.AddBytes(name)
		})
		b.AddASN1(cbasn1.Tag(8).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte{0x2a, 0x03, 0x04}) }) // 1.2.3.4
		b.AddASN1(cbasn1.Tag(7).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte{192, 0, 2, 1}) })
		b.AddASN1(cbasn1.Tag(7).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(net.ParseIP("2001:db8::1")) })
		b.AddASN1(cbasn1.Tag(1).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte("pki@example.com")) })
		b.AddASN1(cbasn1.Tag(6).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte("https://example.com/pki")) })
		b.AddASN1(cbasn1.Tag(3).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) { b.AddASN1(cbasn1.SEQUENCE, func(*cryptobyte.Builder) {}) })
		b.AddASN1(cbasn1.Tag(5).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) { b.AddASN1(cbasn1.SEQUENCE, func(*cryptobyte.Builder) {}) })
	})
	der, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return der, []string{"DNS:suscerte.gob.ve", "othername:2.16.862.2.2", "DirName:CN=DigiCertPKI-3-44", "RID:1.2.3.4",
		"IP:192.0.2.1", "IP:2001:db8::1", "email:pki@example.com", "URI:https://example.com/pki",
		"X400Name:<unsupported>", "EdiPartyName:<unsupported>"}
}

func TestParseSANsEveryKind(t *testing.T) {
	der, want := everySAN(t)
	got, err := ParseSANs(der)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// SANs and RequestSANs read the extension of real certificates and
// requests, in its order, those names Go leaves out included.
func TestSANsCertificateAndRequest(t *testing.T) {
	der, want := everySAN(t)
	ext := pkix.Extension{Id: asn1.ObjectIdentifier{2, 5, 29, 17}, Value: der}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:    big.NewInt(1),
		Subject:         pkix.Name{CommonName: "SAN Kinds CA"},
		NotBefore:       time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:        time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC),
		ExtraExtensions: []pkix.Extension{ext},
	}
	certDER, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(certDER)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, SANs(cert)); diff != "" {
		t.Errorf("SANs (-want +got):\n%s", diff)
	}
	reqDER, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject: pkix.Name{CommonName: "SAN Kinds"}, ExtraExtensions: []pkix.Extension{ext},
	}, key)
	if err != nil {
		t.Fatal(err)
	}
	req, err := x509.ParseCertificateRequest(reqDER)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, RequestSANs(req)); diff != "" {
		t.Errorf("RequestSANs (-want +got):\n%s", diff)
	}
}

// A certificate or request without SANs, or none at all, lists none: an
// empty list, never nil, so that JSON prints [].
func TestSANsNone(t *testing.T) {
	for name, got := range map[string][]string{
		"nil certificate":    SANs(nil),
		"nil request":        RequestSANs(nil),
		"no SAN certificate": SANs(&x509.Certificate{}),
		"no SAN request":     RequestSANs(&x509.CertificateRequest{}),
	} {
		if got == nil || len(got) != 0 {
			t.Errorf("%s: %#v, want an empty list", name, got)
		}
	}
	got, err := ParseSANs([]byte{0x30, 0x00})
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("empty GeneralNames: %#v, %v; want an empty list", got, err)
	}
}

// A subjectAltName that does not parse is an error wrapping
// ErrMalformedSAN, and SANs falls back to what Go parsed.
func TestParseSANsMalformed(t *testing.T) {
	for _, der := range [][]byte{
		nil,
		{0x30, 0x05, 0x82, 0x01},             // truncated
		{0x30, 0x03, 0x87, 0x01, 0x01},       // a 1-byte IP address
		{0x30, 0x02, 0x82, 0x00, 0x00},       // trailing data
		{0x30, 0x04, 0xa4, 0x02, 0x04, 0x00}, // a directoryName that is not a Name
		{0x30, 0x02, 0xa0, 0x00},             // an otherName without its OID
		{0x30, 0x02, 0x88, 0x00},             // an empty registeredID
		{0x30, 0x02, 0x89, 0x00},             // tag [9]: no GeneralName
		{0x04, 0x00},                         // an OCTET STRING, not a SEQUENCE
	} {
		got, err := ParseSANs(der)
		if err == nil {
			t.Errorf("ParseSANs(% x) = %q, want a failure", der, got)
			continue
		}
		if !errors.Is(err, ErrMalformedSAN) {
			t.Errorf("ParseSANs(% x): %v does not wrap ErrMalformedSAN", der, err)
		}
	}
	u, _ := url.Parse("sip:gw.example.com")
	c := &x509.Certificate{
		Extensions:     []pkix.Extension{{Id: oidSAN, Value: []byte{0x30, 0x05, 0x82, 0x01}}},
		DNSNames:       []string{"a.example.com"},
		IPAddresses:    []net.IP{net.IPv4(192, 0, 2, 7)},
		EmailAddresses: []string{"pki@example.com"},
		URIs:           []*url.URL{u},
	}
	want := []string{"DNS:a.example.com", "IP:192.0.2.7", "email:pki@example.com", "URI:sip:gw.example.com"}
	if diff := cmp.Diff(want, SANs(c)); diff != "" {
		t.Errorf("fallback (-want +got):\n%s", diff)
	}
	r := &x509.CertificateRequest{Extensions: c.Extensions, DNSNames: []string{"a.example.com"}}
	if diff := cmp.Diff([]string{"DNS:a.example.com"}, RequestSANs(r)); diff != "" {
		t.Errorf("request fallback (-want +got):\n%s", diff)
	}
}

func FuzzParseSANs(f *testing.F) {
	f.Add([]byte{0x30, 0x00})
	f.Add([]byte{0x30, 0x05, 0x82, 0x03, 'a', '.', 'b'})
	f.Add([]byte{0x30, 0x04, 0xa4, 0x02, 0x30, 0x00})
	f.Add([]byte{0x30, 0x03, 0x88, 0x01, 0x2a})
	f.Fuzz(func(t *testing.T, der []byte) {
		got, err := ParseSANs(der)
		if err != nil {
			if got != nil || !errors.Is(err, ErrMalformedSAN) {
				t.Fatalf("ParseSANs(% x) = %q, %v", der, got, err)
			}
			return
		}
		if got == nil {
			t.Fatalf("ParseSANs(% x) = nil, nil", der)
		}
	})
}

// A directoryName is written as Name writes subjects: AD CS names with
// their DC= components and emailAddress, not OIDs.
func TestParseSANsDirNameADCS(t *testing.T) {
	ia5 := func(s string) asn1.RawValue {
		return asn1.RawValue{Tag: asn1.TagIA5String, Bytes: []byte(s)}
	}
	rdns := pkix.RDNSequence{
		{{Type: asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 25}, Value: ia5("local")}},
		{{Type: asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 25}, Value: ia5("verybigco")}},
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: "VeryBigCo-Issuing-CA"}},
		{{Type: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}, Value: ia5("pki@verybigco.local")}},
	}
	name, err := asn1.Marshal(rdns)
	if err != nil {
		t.Fatal(err)
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.Tag(4).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) { b.AddBytes(name) })
	})
	der, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseSANs(der)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"DirName:emailAddress=pki@verybigco.local,CN=VeryBigCo-Issuing-CA,DC=verybigco,DC=local"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
