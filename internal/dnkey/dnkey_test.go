package dnkey

import (
	"encoding/asn1"
	"strings"
	"testing"
)

// atv is one attribute of a name as the test writes it: its type, the
// ASN.1 string tag of its value, and the value.
type atv struct {
	oid asn1.ObjectIdentifier
	tag int
	val string
}

var (
	cn = asn1.ObjectIdentifier{2, 5, 4, 3}
	ou = asn1.ObjectIdentifier{2, 5, 4, 11}
	o  = asn1.ObjectIdentifier{2, 5, 4, 10}
	c  = asn1.ObjectIdentifier{2, 5, 4, 6}
)

func ps(oid asn1.ObjectIdentifier, v string) atv { return atv{oid, asn1.TagPrintableString, v} }
func u8(oid asn1.ObjectIdentifier, v string) atv { return atv{oid, asn1.TagUTF8String, v} }

// name encodes RDNs, each a set of attributes in the order given, as DER,
// with the string types chosen (pkix would choose them itself).
func name(t testing.TB, rdns ...[]atv) []byte {
	t.Helper()
	type pair struct {
		Type  asn1.ObjectIdentifier
		Value asn1.RawValue
	}
	var seq []any
	for _, rdn := range rdns {
		var set []pair
		for _, a := range rdn {
			set = append(set, pair{a.oid, asn1.RawValue{Tag: a.tag, Bytes: []byte(a.val)}})
		}
		b, err := asn1.MarshalWithParams(set, "set")
		if err != nil {
			t.Fatal(err)
		}
		seq = append(seq, asn1.RawValue{FullBytes: b})
	}
	der, err := asn1.Marshal(seq)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func rdn(a ...atv) []atv { return a }

// TestOfMatchesAsRFC5280: names that RFC 5280 section 7.1 calls equal
// have one key, whatever their bytes; names it calls different do not.
func TestOfMatchesAsRFC5280(t *testing.T) {
	base := name(t, rdn(ps(c, "US")), rdn(ps(o, "Example Voice")), rdn(ps(cn, "Corp Issuing CA")))
	for _, tc := range []struct {
		what  string
		a, b  []byte
		match bool
	}{
		{"the same bytes", base, name(t, rdn(ps(c, "US")), rdn(ps(o, "Example Voice")), rdn(ps(cn, "Corp Issuing CA"))), true},
		{"ASCII case", base, name(t, rdn(ps(c, "us")), rdn(ps(o, "EXAMPLE voice")), rdn(ps(cn, "corp issuing ca"))), true},
		{"PrintableString and UTF8String of one value", base, name(t, rdn(ps(c, "US")), rdn(u8(o, "Example Voice")), rdn(u8(cn, "Corp Issuing CA"))), true},
		{"leading, trailing and inner runs of spaces (PrintableString)", base, name(t, rdn(ps(c, " US")), rdn(ps(o, "Example   Voice ")), rdn(ps(cn, "  Corp Issuing    CA"))), true},
		{"tabs and new lines fold as spaces (UTF8String)", base, name(t, rdn(ps(c, "US")), rdn(u8(o, "Example\tVoice")), rdn(u8(cn, "Corp \n Issuing\t\tCA "))), true},
		{"case and spaces together, UTF8String", base, name(t, rdn(u8(c, "us")), rdn(u8(o, " example voice")), rdn(u8(cn, "CORP  ISSUING CA"))), true},
		{"another value", base, name(t, rdn(ps(c, "US")), rdn(ps(o, "Example Voice")), rdn(ps(cn, "Corp Issuing CA 2"))), false},
		{"a space inside a word", base, name(t, rdn(ps(c, "US")), rdn(ps(o, "Example Voice")), rdn(ps(cn, "Corp Issu ing CA"))), false},
		{"the RDNs in another order", base, name(t, rdn(ps(cn, "Corp Issuing CA")), rdn(ps(o, "Example Voice")), rdn(ps(c, "US"))), false},
		{"one RDN more", base, name(t, rdn(ps(c, "US")), rdn(ps(o, "Example Voice")), rdn(ps(ou, "PKI")), rdn(ps(cn, "Corp Issuing CA"))), false},
		{"one RDN less", base, name(t, rdn(ps(c, "US")), rdn(ps(cn, "Corp Issuing CA"))), false},
		{"the same value under another type", name(t, rdn(ps(cn, "Voice"))), name(t, rdn(ps(ou, "Voice"))), false},
		{"a multi-valued RDN in either order", name(t, rdn(ps(cn, "gw1"), ps(ou, "Voice"))), name(t, rdn(ps(ou, "Voice"), ps(cn, "gw1"))), true},
		{"a multi-valued RDN, case and spaces", name(t, rdn(ps(cn, "gw1"), ps(ou, "Voice  Team"))), name(t, rdn(u8(ou, "voice team"), ps(cn, "GW1"))), true},
		{"a multi-valued RDN is not two RDNs", name(t, rdn(ps(cn, "gw1"), ps(ou, "Voice"))), name(t, rdn(ps(cn, "gw1")), rdn(ps(ou, "Voice"))), false},
		{"a multi-valued RDN with another value", name(t, rdn(ps(cn, "gw1"), ps(ou, "Voice"))), name(t, rdn(ps(ou, "Video"), ps(cn, "gw1"))), false},
		{"the empty name", name(t), name(t), true},
		{"the empty name and a name", name(t), name(t, rdn(ps(cn, "x"))), false},
		{"garbage compares by its bytes", []byte{0x30, 0x03, 0x31}, []byte{0x30, 0x03, 0x31}, true},
		{"garbage never matches a name", []byte("CN=Corp Issuing CA"), base, false},
		{"trailing bytes after a name are garbage", append(append([]byte{}, base...), 0), base, false},
	} {
		ka, kb := Of(tc.a), Of(tc.b)
		if (ka == kb) != tc.match {
			t.Errorf("%s: match %v, want %v\n  %q\n  %q", tc.what, ka == kb, tc.match, ka, kb)
		}
		if ka == kb && Shape(tc.a) != Shape(tc.b) {
			t.Errorf("%s: one key but shapes %q and %q", tc.what, Shape(tc.a), Shape(tc.b))
		}
	}
}

// TestShape: the shape is the attribute types, RDN by RDN, each RDN's
// sorted; the values play no part, and garbage has its bytes.
func TestShape(t *testing.T) {
	a := name(t, rdn(ps(c, "US")), rdn(ps(cn, "gw1"), ps(ou, "Voice")))
	b := name(t, rdn(u8(c, "FR")), rdn(u8(ou, "Other"), ps(cn, "gw2")))
	if Shape(a) != Shape(b) {
		t.Errorf("same types, other values: shapes %q and %q", Shape(a), Shape(b))
	}
	if d := name(t, rdn(ps(c, "US")), rdn(ps(cn, "gw1")), rdn(ps(ou, "Voice"))); Shape(d) == Shape(a) {
		t.Errorf("two RDNs and one multi-valued RDN have one shape %q", Shape(d))
	}
	if s := Shape([]byte("junk")); !strings.HasPrefix(s, "raw:") {
		t.Errorf("garbage has the shape %q", s)
	}
}

// FuzzOf: Of and Shape take any bytes without panicking, give the same
// key every time, and two names with one key have one shape (what the
// searches that narrow by Shape before comparing by Of rely on).
func FuzzOf(f *testing.F) {
	for _, pair := range [][2][]byte{
		{name(f, rdn(ps(cn, "Corp CA"))), name(f, rdn(u8(cn, " corp  ca")))},
		{name(f, rdn(ps(cn, "gw1"), ps(ou, "Voice"))), name(f, rdn(ps(ou, "voice"), ps(cn, "GW1")))},
		{name(f, rdn(ps(c, "US")), rdn(ps(o, "X"))), []byte{0x30, 0x00}},
		{[]byte{0x30, 0x03, 0x31, 0x01}, nil},
	} {
		f.Add(pair[0], pair[1])
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		ka, kb := Of(a), Of(b)
		if Of(a) != ka {
			t.Fatalf("Of(%x) is not stable", a)
		}
		if ka == kb && Shape(a) != Shape(b) {
			t.Fatalf("one key %q, shapes %q and %q (%x, %x)", ka, Shape(a), Shape(b), a, b)
		}
	})
}
