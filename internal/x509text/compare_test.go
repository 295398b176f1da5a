package x509text

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"testing"
)

func TestEqualName(t *testing.T) {
	der, err := asn1.Marshal(pkix.RDNSequence{
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 6}, Value: "US"}},
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 10}, Value: "Example Voice, Inc"}},
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: "vgw1.example.com"}, {Type: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 2}, Value: "vgw1.example.com"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	printed, err := Name(der)
	if err != nil {
		t.Fatal(err)
	}
	for _, typed := range []string{
		printed,
		`unstructuredName=vgw1.example.com+CN=vgw1.example.com,O=Example Voice\, Inc,C=US`,
		`cn=vgw1.example.com+unstructuredname=vgw1.example.com,o=Example Voice\2C Inc,c=US`,
		`CN = vgw1.example.com + 1.2.840.113549.1.9.2 = vgw1.example.com, O = "Example Voice, Inc", C = US`,
		`commonName=vgw1.example.com+UNSTRUCTUREDNAME=vgw1.example.com; organizationName=Example Voice\, Inc; countryName=US`,
		`/C=US/O=Example Voice, Inc/CN=vgw1.example.com+unstructuredName=vgw1.example.com`,
		`CN=#0C10766777312E6578616D706C652E636F6D+unstructuredName=vgw1.example.com,O=Example Voice\, Inc,C=US`,
	} {
		if !EqualName(typed, der) {
			t.Errorf("EqualName(%q) = false, want true for %s", typed, printed)
		}
	}
	for _, typed := range []string{
		`CN=VGW1.example.com+unstructuredName=vgw1.example.com,O=Example Voice\, Inc,C=US`, // value case
		`CN=vgw1.example.com,O=Example Voice\, Inc,C=US`,                                   // an attribute short
		`C=US,O=Example Voice\, Inc,CN=vgw1.example.com+unstructuredName=vgw1.example.com`, // the other order
		`CN=vgw1.example.com+unstructuredName=vgw1.example.com,O=Example Voice,C=US`,       // split at the comma
		`foo=bar`, ``, `CN`, `CN=x\`,
	} {
		if EqualName(typed, der) {
			t.Errorf("EqualName(%q) = true, want false for %s", typed, printed)
		}
	}
	if EqualName("CN=x", []byte{1, 2}) {
		t.Error("EqualName with a der that is no name = true")
	}
}

func TestParseName(t *testing.T) {
	rdns, err := ParseName(`cn=vgw1,ou=Voice+o=Corp`)
	if err != nil {
		t.Fatal(err)
	}
	if len(rdns) != 2 || len(rdns[0]) != 1 || len(rdns[1]) != 2 {
		t.Fatalf("ParseName gave %v", rdns)
	}
	if a := rdns[0][0]; !a.Type.Equal(asn1.ObjectIdentifier{2, 5, 4, 3}) || a.Value != "vgw1" || !a.IsString {
		t.Errorf("first attribute %+v", a)
	}
	for _, bad := range []string{"", "   ", "vgw1.example.com", "xx=1", "CN=#zz", "CN=a,,O=b", "CN=a\\"} {
		if r, err := ParseName(bad); err == nil {
			t.Errorf("ParseName(%q) = %v, want an error", bad, r)
		}
	}
}

func TestSameAttribute(t *testing.T) {
	cn := asn1.ObjectIdentifier{2, 5, 4, 3}
	if !SameAttribute(Attribute{Type: cn, Value: "a", IsString: true}, Attribute{Type: cn, Value: "a", IsString: true, Raw: []byte{0x13, 1, 'a'}}) {
		t.Error("the same string value typed and read from DER differ")
	}
	if SameAttribute(Attribute{Type: cn, Value: "a", IsString: true}, Attribute{Type: cn, Raw: []byte{4, 1, 'a'}}) {
		t.Error("a string and an OCTET STRING are the same")
	}
	if SameAttribute(Attribute{Type: cn, Value: "a", IsString: true}, Attribute{Type: asn1.ObjectIdentifier{2, 5, 4, 10}, Value: "a", IsString: true}) {
		t.Error("two types with one value are the same")
	}
}
