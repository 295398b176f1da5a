package x509text

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"testing"
)

// everyName holds each attribute certkit must name, a multi-valued RDN,
// BMPString, T61String, IA5String, an unknown attribute with a string
// value and RFC 4514's special characters.
const everyName = "308201cb31153013060a0992268993f22c64011916056c6f63616c31193017060a0992268993f22c640119160976657279626967636f310b300906035504061302555331273010060355040b1309504b492b566f6963653013060355040a130c56657279204269672c20436f311230100603550409130931204d61696e2053743111300f060355040c1308456e67696e656572310c300a060355042a13034164613111300f060355040413084c6f76656c616365310b3009060355042b1302414c3111300f06035504411308636f756e74657373310c300a060355042c1303494949310b3009060355042e130271313110300e060355040513074654583132333431193017060a0992268993f22c6401011309616c6f76656c6163653117301506092a864886f70d010908130831302e302e302e313123302106092a864886f70d0109021614766777312e76657279626967636f2e6c6f63616c310f300d06035504071e06005a00fc0072310c300a060355040814034dfc6e3115301306092b06010401868d1f011306637573746f6d3117301506035504030c0e20236c6561643b2271223c783e203124302206092a864886f70d010901161561646d696e4076657279626967636f2e6c6f63616c"

// What "openssl x509 -noout -subject -nameopt RFC2253" (OpenSSL 3.0)
// prints for everyName, but for the unknown attribute 1.3.6.1.4.1.99999.1,
// which openssl writes as #1306637573746F6D and Name as the string it
// holds.
const everyNameOpenSSL = `emailAddress=admin@verybigco.local,CN=\ #lead\;\"q\"\<x\>\ ,1.3.6.1.4.1.99999.1=custom,ST=M\C3\BCn,L=Z\C3\BCr,unstructuredName=vgw1.verybigco.local,unstructuredAddress=10.0.0.1,UID=alovelace,serialNumber=FTX1234,dnQualifier=q1,generationQualifier=III,pseudonym=countess,initials=AL,SN=Lovelace,GN=Ada,title=Engineer,street=1 Main St,O=Very Big\, Co+OU=PKI\+Voice,C=US,DC=verybigco,DC=local`

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNameAsOpenSSL(t *testing.T) {
	got, err := Name(mustHex(t, everyName))
	if err != nil {
		t.Fatal(err)
	}
	if got != everyNameOpenSSL {
		t.Errorf("Name\n got %s\nwant %s", got, everyNameOpenSSL)
	}
}

func TestNameNotString(t *testing.T) {
	// A value that is not a string is #hex of its DER (openssl refuses to
	// load such a certificate at all); the known name still shows.
	raw, err := asn1.Marshal(pkix.RDNSequence{
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: asn1.RawValue{Tag: asn1.TagOctetString, Bytes: []byte{1, 2}}}},
		{{Type: asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 2}, Value: 42}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Name(raw)
	if err != nil {
		t.Fatal(err)
	}
	if want := "1.3.6.1.4.1.99999.2=#02012A,CN=#04020102"; got != want {
		t.Errorf("Name = %s, want %s", got, want)
	}
}

func TestNameErrors(t *testing.T) {
	for name, in := range map[string][]byte{
		"empty":    nil,
		"not asn1": []byte("CN=x"),
		"trailing": append(mustHex(t, "3000"), 0),
		"integer":  mustHex(t, "020101"),
	} {
		if s, err := Name(in); err == nil {
			t.Errorf("%s: Name = %q, want an error", name, s)
		} else if !strings.HasPrefix(err.Error(), "x509text: ") {
			t.Errorf("%s: error %q lacks the x509text: prefix", name, err)
		}
	}
	if s, err := Name(mustHex(t, "3000")); err != nil || s != "" {
		t.Errorf("empty name: Name = %q, %v; want \"\"", s, err)
	}
}

func TestSubjectAndFallback(t *testing.T) {
	if Subject(nil) != "" || Issuer(nil) != "" || RequestSubject(nil) != "" || CRLIssuer(nil) != "" {
		t.Error("a nil certificate, request or CRL must give \"\"")
	}
	raw := mustHex(t, everyName)
	c := &x509.Certificate{RawSubject: raw, RawIssuer: raw}
	if Subject(c) != everyNameOpenSSL || Issuer(c) != everyNameOpenSSL {
		t.Errorf("Subject/Issuer = %q / %q", Subject(c), Issuer(c))
	}
	if s := RequestSubject(&x509.CertificateRequest{RawSubject: raw}); s != everyNameOpenSSL {
		t.Errorf("RequestSubject = %q", s)
	}
	if s := CRLIssuer(&x509.RevocationList{RawIssuer: raw}); s != everyNameOpenSSL {
		t.Errorf("CRLIssuer = %q", s)
	}
	// A template without DER is written from the parsed name, with the
	// same short names.
	n := pkix.Name{CommonName: "Corp Issuing CA", SerialNumber: "7", StreetAddress: []string{"1 Main St"},
		ExtraNames: []pkix.AttributeTypeAndValue{
			{Type: asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 25}, Value: "corp"},
			{Type: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}, Value: "pki@corp.example"},
		}}
	want := "emailAddress=pki@corp.example,DC=corp,serialNumber=7,CN=Corp Issuing CA,street=1 Main St"
	if got := Subject(&x509.Certificate{Subject: n}); got != want {
		t.Errorf("Subject from pkix.Name = %s, want %s", got, want)
	}
	if got := PkixName(n); got != want {
		t.Errorf("PkixName = %s, want %s", got, want)
	}
}

// TestLabel: a certificate is named by its quoted CN, else its subject.
func TestLabel(t *testing.T) {
	raw := mustHex(t, everyName)
	noCN := pkix.Name{Organization: []string{"Example Voice"}, Country: []string{"US"}}
	for _, tc := range []struct {
		c    *x509.Certificate
		want string
	}{
		{nil, ""},
		{&x509.Certificate{Subject: pkix.Name{CommonName: `gw "1"`}}, `"gw \"1\""`},
		{&x509.Certificate{Subject: noCN}, "O=Example Voice,C=US"},
		{&x509.Certificate{RawSubject: raw}, everyNameOpenSSL},
	} {
		if got := Label(tc.c); got != tc.want {
			t.Errorf("Label = %s, want %s", got, tc.want)
		}
	}
}

func TestAttributeNames(t *testing.T) {
	for _, tc := range []struct {
		oid  asn1.ObjectIdentifier
		name string
	}{
		{asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 25}, "DC"},
		{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}, "emailAddress"},
		{asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1}, "UID"},
		{asn1.ObjectIdentifier{2, 5, 4, 5}, "serialNumber"},
		{asn1.ObjectIdentifier{2, 5, 4, 9}, "street"},
		{asn1.ObjectIdentifier{2, 5, 4, 12}, "title"},
		{asn1.ObjectIdentifier{2, 5, 4, 42}, "GN"},
		{asn1.ObjectIdentifier{2, 5, 4, 4}, "SN"},
		{asn1.ObjectIdentifier{2, 5, 4, 43}, "initials"},
		{asn1.ObjectIdentifier{2, 5, 4, 65}, "pseudonym"},
		{asn1.ObjectIdentifier{2, 5, 4, 44}, "generationQualifier"},
		{asn1.ObjectIdentifier{2, 5, 4, 46}, "dnQualifier"},
		{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 2}, "unstructuredName"},
		{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 8}, "unstructuredAddress"},
		{asn1.ObjectIdentifier{2, 5, 4, 17}, "postalCode"},
		{asn1.ObjectIdentifier{1, 2, 3, 4}, "1.2.3.4"},
	} {
		if got := AttributeName(tc.oid); got != tc.name {
			t.Errorf("AttributeName(%v) = %q, want %q", tc.oid, got, tc.name)
		}
		// Every printed name reads back as its type, in any letter case.
		for _, typed := range []string{tc.name, strings.ToLower(tc.name), strings.ToUpper(tc.name)} {
			if oid, ok := AttributeType(typed); !ok || !oid.Equal(tc.oid) {
				t.Errorf("AttributeType(%q) = %v, %v; want %v", typed, oid, ok, tc.oid)
			}
		}
	}
	// Every name Name writes reads back as its own type, and no two
	// names differ only in letter case.
	seen := map[string]string{}
	for _, sn := range shortNames {
		if oid, ok := AttributeType(sn.name); !ok || oid.String() != sn.oid {
			t.Errorf("AttributeType(%q) = %v, %v; want %s", sn.name, oid, ok, sn.oid)
		}
		if o, dup := seen[strings.ToLower(sn.name)]; dup {
			t.Errorf("%q names both %s and %s", sn.name, o, sn.oid)
		}
		seen[strings.ToLower(sn.name)] = sn.oid
	}
	for typed, want := range map[string]string{
		"commonName": "2.5.4.3", "domainComponent": "0.9.2342.19200300.100.1.25", "E": "1.2.840.113549.1.9.1",
		"SERIALNUMBER": "2.5.4.5", "STREET": "2.5.4.9", "OID.2.5.4.3": "2.5.4.3", " cn ": "2.5.4.3",
		"uid": "0.9.2342.19200300.100.1.1",
	} {
		if oid, ok := AttributeType(typed); !ok || oid.String() != want {
			t.Errorf("AttributeType(%q) = %v, %v; want %s", typed, oid, ok, want)
		}
	}
	for _, bad := range []string{"", "foo", "1", "1..2", "1.02", "x.1"} {
		if oid, ok := AttributeType(bad); ok {
			t.Errorf("AttributeType(%q) = %v, want not found", bad, oid)
		}
	}
}

func ExampleDescribe() {
	fmt.Println(Describe(&x509.Certificate{Subject: pkix.Name{CommonName: "gw1"}}))
	fmt.Println(Describe(&x509.Certificate{SerialNumber: big.NewInt(4660)}))
	// Output:
	// CN=gw1
	// the certificate with serial 4660
}
