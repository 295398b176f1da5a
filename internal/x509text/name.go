package x509text

import (
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// shortName is an attribute type with the name openssl prints for it.
type shortName struct {
	oid  string
	name string
}

// shortNames are the attribute names openssl 3 prints with -nameopt
// RFC2253 (but for uniqueIdentifier). No two differ only in letter case,
// so that each reads back as its own type.
var shortNames = []shortName{
	// X.520 and the attributes Go's pkix knows.
	{"2.5.4.3", "CN"},
	{"2.5.4.4", "SN"},
	{"2.5.4.5", "serialNumber"},
	{"2.5.4.6", "C"},
	{"2.5.4.7", "L"},
	{"2.5.4.8", "ST"},
	{"2.5.4.9", "street"},
	{"2.5.4.10", "O"},
	{"2.5.4.11", "OU"},
	{"2.5.4.12", "title"},
	{"2.5.4.13", "description"},
	{"2.5.4.14", "searchGuide"},
	{"2.5.4.15", "businessCategory"},
	{"2.5.4.16", "postalAddress"},
	{"2.5.4.17", "postalCode"},
	{"2.5.4.18", "postOfficeBox"},
	{"2.5.4.19", "physicalDeliveryOfficeName"},
	{"2.5.4.20", "telephoneNumber"},
	{"2.5.4.26", "registeredAddress"},
	{"2.5.4.27", "destinationIndicator"},
	{"2.5.4.28", "preferredDeliveryMethod"},
	{"2.5.4.29", "presentationAddress"},
	{"2.5.4.31", "member"},
	{"2.5.4.32", "owner"},
	{"2.5.4.33", "roleOccupant"},
	{"2.5.4.34", "seeAlso"},
	{"2.5.4.41", "name"},
	{"2.5.4.42", "GN"},
	{"2.5.4.43", "initials"},
	{"2.5.4.44", "generationQualifier"},
	{"2.5.4.45", "x500UniqueIdentifier"},
	{"2.5.4.46", "dnQualifier"},
	{"2.5.4.49", "distinguishedName"},
	{"2.5.4.50", "uniqueMember"},
	{"2.5.4.51", "houseIdentifier"},
	{"2.5.4.54", "dmdName"},
	{"2.5.4.65", "pseudonym"},
	{"2.5.4.72", "role"},
	{"2.5.4.97", "organizationIdentifier"},
	// RFC 4519 (LDAP, COSINE): what AD CS writes as DC=.
	{"0.9.2342.19200300.100.1.1", "UID"},
	{"0.9.2342.19200300.100.1.2", "textEncodedORAddress"},
	{"0.9.2342.19200300.100.1.3", "mail"},
	{"0.9.2342.19200300.100.1.4", "info"},
	{"0.9.2342.19200300.100.1.5", "favouriteDrink"},
	{"0.9.2342.19200300.100.1.6", "roomNumber"},
	{"0.9.2342.19200300.100.1.9", "host"},
	{"0.9.2342.19200300.100.1.10", "manager"},
	{"0.9.2342.19200300.100.1.20", "homeTelephoneNumber"},
	{"0.9.2342.19200300.100.1.25", "DC"},
	{"0.9.2342.19200300.100.1.37", "associatedDomain"},
	{"0.9.2342.19200300.100.1.41", "mobileTelephoneNumber"},
	// openssl calls this one "uid", but RFC 4519 gives uid to userId
	// (UID above), and names are read without regard to letter case: its
	// long name keeps the two apart.
	{"0.9.2342.19200300.100.1.44", "uniqueIdentifier"},
	{"0.9.2342.19200300.100.1.45", "organizationalStatus"},
	// PKCS #9: emailAddress, and the unstructuredName IOS puts in every
	// request unless the trustpoint says "fqdn none".
	{"1.2.840.113549.1.9.1", "emailAddress"},
	{"1.2.840.113549.1.9.2", "unstructuredName"},
	{"1.2.840.113549.1.9.7", "challengePassword"},
	{"1.2.840.113549.1.9.8", "unstructuredAddress"},
	{"1.2.840.113549.1.9.20", "friendlyName"},
	// EV certificates (Microsoft's arc).
	{"1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL"},
	{"1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST"},
	{"1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"},
}

// typedNames are the other names people type for an attribute, looked up
// without regard to letter case: the long names of RFC 4519 and X.520,
// and the ones Windows (certutil, the certificate dialog) writes.
var typedNames = map[string]string{
	"commonname":             "2.5.4.3",
	"surname":                "2.5.4.4",
	"countryname":            "2.5.4.6",
	"localityname":           "2.5.4.7",
	"stateorprovincename":    "2.5.4.8",
	"s":                      "2.5.4.8", // Windows
	"streetaddress":          "2.5.4.9",
	"organizationname":       "2.5.4.10",
	"organizationalunitname": "2.5.4.11",
	"givenname":              "2.5.4.42",
	"userid":                 "0.9.2342.19200300.100.1.1",
	"domaincomponent":        "0.9.2342.19200300.100.1.25",
	"e":                      "1.2.840.113549.1.9.1", // Windows
	"email":                  "1.2.840.113549.1.9.1",
	"ea":                     "1.2.840.113549.1.9.1", // IOS (show crypto pki certificates)
	"hostname":               "1.2.840.113549.1.9.2", // IOS's name for unstructuredName
}

var (
	nameByOID  = map[string]string{}
	oidByTyped = map[string]asn1.ObjectIdentifier{}
)

func init() {
	for _, s := range shortNames {
		nameByOID[s.oid] = s.name
		oidByTyped[strings.ToLower(s.name)] = mustOID(s.oid)
	}
	for n, oid := range typedNames {
		oidByTyped[n] = mustOID(oid)
	}
}

func mustOID(s string) asn1.ObjectIdentifier {
	oid, ok := parseOID(s)
	if !ok {
		panic("x509text: bad OID " + s)
	}
	return oid
}

// AttributeName returns the short name openssl prints for an attribute
// type ("CN", "DC", "emailAddress", "unstructuredName"), or the dotted OID
// when the type has no name.
func AttributeName(oid asn1.ObjectIdentifier) string {
	s := oid.String()
	if n, ok := nameByOID[s]; ok {
		return n
	}
	return s
}

// AttributeType returns the attribute type a person means by name: a
// short name as openssl prints it, a long name (commonName,
// domainComponent), a Windows name (E, S) or a dotted OID, in any letter
// case. ok is false for a name it does not know.
func AttributeType(name string) (oid asn1.ObjectIdentifier, ok bool) {
	name = strings.TrimSpace(name)
	if oid, ok := oidByTyped[strings.ToLower(name)]; ok {
		return oid, true
	}
	if strings.HasPrefix(strings.ToLower(name), "oid.") {
		name = name[4:]
	}
	return parseOID(name)
}

// parseOID reads a dotted OID of at least two arcs.
func parseOID(s string) (asn1.ObjectIdentifier, bool) {
	parts := strings.Split(s, ".")
	if len(parts) < 2 {
		return nil, false
	}
	oid := make(asn1.ObjectIdentifier, len(parts))
	for i, p := range parts {
		if p == "" || len(p) > 18 || (len(p) > 1 && p[0] == '0') {
			return nil, false
		}
		n := 0
		for _, c := range p {
			if c < '0' || c > '9' {
				return nil, false
			}
			n = n*10 + int(c-'0')
		}
		oid[i] = n
	}
	return oid, true
}

// Attribute is one attribute of a distinguished name, as text.
type Attribute struct {
	// Type is the attribute's OID, such as 2.5.4.3 for CN.
	Type asn1.ObjectIdentifier
	// Value is the attribute's value as a string, unescaped. It is "" when
	// the value is not a string (see Raw).
	Value string
	// Raw is the value's DER (tag, length and content) as it is in the
	// name; nil for an attribute read from typed text with a string value.
	Raw []byte
	// IsString reports whether Value holds the value: true for the string
	// types a name uses (UTF8String, PrintableString, IA5String, T61String
	// read as Latin-1, BMPString, UniversalString, NumericString,
	// VisibleString).
	IsString bool
}

// Name returns the distinguished name in der, a certificate's RawSubject
// or RawIssuer or a request's RawSubject, as openssl prints it with
// "-nameopt RFC2253": the last RDN first, joined with ","; the attributes
// of a multi-valued RDN joined with "+", also last first; openssl's short names (CN, O,
// DC, emailAddress, UID, serialNumber, street, title, GN, SN, initials,
// pseudonym, generationQualifier, dnQualifier, unstructuredName,
// unstructuredAddress and the others openssl knows); the characters
// RFC 4514 reserves escaped with a backslash; control and non-ASCII
// characters written as \XX for each UTF-8 byte, as openssl writes them.
//
// A value that is not a string is written as # and the hex of its DER, as
// RFC 4514 says. An attribute with no name is written as its dotted OID;
// unlike openssl, which then writes every value in hex, its value is
// written as text when it is a string.
//
// An error means der is not a Name.
func Name(der []byte) (string, error) {
	rdns, err := parseRDNs(der)
	if err != nil {
		return "", err
	}
	return format(rdns), nil
}

// SHA256 is the SHA-256 of c's DER in lowercase hex, as certkit prints a
// certificate's hash everywhere; "" for a nil c.
func SHA256(c *x509.Certificate) string {
	if c == nil {
		return ""
	}
	sum := sha256.Sum256(c.Raw)
	return hex.EncodeToString(sum[:])
}

// Label names a certificate in a column of a table or list (order's chain
// listing): its CN, quoted as Go quotes strings ("gw1.example.com"), else
// its whole subject as Subject writes it; "" for a nil c. Messages name
// certificates with Describe.
func Label(c *x509.Certificate) string {
	if c != nil && c.Subject.CommonName != "" {
		return strconv.Quote(c.Subject.CommonName)
	}
	return Subject(c)
}

// Subject returns c's subject as Name writes it; "" for a nil c. A subject
// that Name cannot read (only a hand-built certificate has one) is written
// from c.Subject.
func Subject(c *x509.Certificate) string {
	if c == nil {
		return ""
	}
	return nameOr(c.RawSubject, c.Subject)
}

// Issuer returns c's issuer as Name writes it; "" for a nil c.
func Issuer(c *x509.Certificate) string {
	if c == nil {
		return ""
	}
	return nameOr(c.RawIssuer, c.Issuer)
}

// RequestSubject returns the subject of a certificate signing request as
// Name writes it; "" for a nil r.
func RequestSubject(r *x509.CertificateRequest) string {
	if r == nil {
		return ""
	}
	return nameOr(r.RawSubject, r.Subject)
}

// CRLIssuer returns the issuer of a CRL as Name writes it; "" for a nil l.
func CRLIssuer(l *x509.RevocationList) string {
	if l == nil {
		return ""
	}
	return nameOr(l.RawIssuer, l.Issuer)
}

// PkixName writes n, a name that has no DER of its own (a template being
// built), as Name writes it.
func PkixName(n pkix.Name) string {
	return format(fromPkix(n))
}

// nameOr writes der, or n when der is empty or does not decode.
func nameOr(der []byte, n pkix.Name) string {
	if len(der) > 0 {
		if s, err := Name(der); err == nil {
			return s
		}
	}
	return PkixName(n)
}

// fromPkix turns a parsed name into RDNs of attributes.
func fromPkix(n pkix.Name) [][]Attribute {
	var out [][]Attribute
	for _, rdn := range n.ToRDNSequence() {
		var set []Attribute
		for _, atv := range rdn {
			a := Attribute{Type: atv.Type}
			if s, ok := atv.Value.(string); ok {
				a.Value, a.IsString = s, true
			} else if b, err := asn1.Marshal(atv.Value); err == nil {
				a.Raw = b
			}
			set = append(set, a)
		}
		out = append(out, set)
	}
	return out
}

// rawATV and rawRDNSET read a Name with every value left as raw ASN.1, so
// that the string types and unknown attributes survive as they were sent.
type rawATV struct {
	Type  asn1.ObjectIdentifier
	Value asn1.RawValue
}

// The SET suffix makes encoding/asn1 read a SET OF.
type rawRDNSET []rawATV

// errTrailing is the error for bytes after a name.
var errTrailing = errors.New("x509text: trailing data after the name")

// parseRDNs reads der into RDNs of attributes, in DER order (the most
// significant RDN first).
func parseRDNs(der []byte) ([][]Attribute, error) {
	if out, ok := readRDNs(der); ok {
		return out, nil
	}
	return unmarshalRDNs(der)
}

// unmarshalRDNs is parseRDNs with encoding/asn1 alone.
func unmarshalRDNs(der []byte) ([][]Attribute, error) {
	var rdns []rawRDNSET
	rest, err := asn1.Unmarshal(der, &rdns)
	if err != nil {
		return nil, fmt.Errorf("x509text: not a distinguished name: %w", err)
	}
	if len(rest) > 0 {
		return nil, errTrailing
	}
	out := make([][]Attribute, len(rdns))
	for i, rdn := range rdns {
		out[i] = make([]Attribute, len(rdn))
		for j, atv := range rdn {
			v, isString := stringValue(atv.Value)
			out[i][j] = Attribute{Type: atv.Type, Value: v, Raw: atv.Value.FullBytes, IsString: isString}
		}
	}
	return out, nil
}

// Attributes returns every attribute of the name in der in the order Name
// writes them (the last attribute first), with multi-valued RDNs flattened. An
// error means der is not a Name.
func Attributes(der []byte) ([]Attribute, error) {
	rdns, err := parseRDNs(der)
	if err != nil {
		return nil, err
	}
	var out []Attribute
	for i := len(rdns) - 1; i >= 0; i-- {
		for j := len(rdns[i]) - 1; j >= 0; j-- {
			out = append(out, rdns[i][j])
		}
	}
	return out, nil
}

// format writes RDNs in DER order as Name does.
func format(rdns [][]Attribute) string {
	var b strings.Builder
	for i := len(rdns) - 1; i >= 0; i-- {
		if i != len(rdns)-1 {
			b.WriteByte(',')
		}
		// openssl reverses the whole list of attributes, so the
		// attributes of a multi-valued RDN come last first too.
		for j := len(rdns[i]) - 1; j >= 0; j-- {
			a := rdns[i][j]
			if j != len(rdns[i])-1 {
				b.WriteByte('+')
			}
			b.WriteString(AttributeName(a.Type))
			b.WriteByte('=')
			if a.IsString {
				b.WriteString(escape(a.Value))
			} else {
				b.WriteString("#" + strings.ToUpper(hex.EncodeToString(a.Raw)))
			}
		}
	}
	return b.String()
}

// stringValue decodes the ASN.1 string types a Name may use.
func stringValue(v asn1.RawValue) (string, bool) {
	if v.Class != asn1.ClassUniversal || v.IsCompound {
		return "", false
	}
	switch v.Tag {
	case asn1.TagUTF8String, asn1.TagPrintableString, asn1.TagIA5String, asn1.TagNumericString, 26 /* VisibleString */ :
		return string(v.Bytes), true
	case asn1.TagT61String: // read as Latin-1, as openssl does
		r := make([]rune, len(v.Bytes))
		for i, c := range v.Bytes {
			r[i] = rune(c)
		}
		return string(r), true
	case asn1.TagBMPString:
		if len(v.Bytes)%2 != 0 {
			return "", false
		}
		u := make([]uint16, len(v.Bytes)/2)
		for i := range u {
			u[i] = uint16(v.Bytes[2*i])<<8 | uint16(v.Bytes[2*i+1])
		}
		return string(utf16.Decode(u)), true
	case 28: // UniversalString, UTF-32BE
		if len(v.Bytes)%4 != 0 {
			return "", false
		}
		r := make([]rune, len(v.Bytes)/4)
		for i := range r {
			b := v.Bytes[4*i:]
			r[i] = rune(uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]))
		}
		return string(r), true
	}
	return "", false
}

// escape escapes a value as openssl's RFC 2253 output does: the special
// characters with a backslash, control characters (Printable's) and every
// byte of a non-ASCII character as \XX.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		c := s[i]
		switch {
		case r >= 0x80 || unprintable(r, size):
			hexBytes(&b, s[i:i+size])
		case strings.IndexByte(`,+"\<>;`, c) >= 0,
			c == '#' && i == 0,
			c == ' ' && (i == 0 || i == len(s)-1):
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
		i += size
	}
	return b.String()
}

// rawValue reads one DER value for stringValue; a value that does not
// read gives a RawValue no string type matches.
func rawValue(der []byte) asn1.RawValue {
	var v asn1.RawValue
	if rest, err := asn1.Unmarshal(der, &v); err != nil || len(rest) > 0 {
		return asn1.RawValue{Class: -1}
	}
	return v
}

// Describe names a certificate in a message: "CN=" and its CN, else its
// subject, else its serial number. Every job's messages name certificates
// with it.
func Describe(c *x509.Certificate) string {
	if c == nil {
		return "<nil>"
	}
	if c.Subject.CommonName != "" {
		return "CN=" + Printable(c.Subject.CommonName)
	}
	if s := Subject(c); s != "" {
		return s
	}
	if c.SerialNumber == nil {
		return "a certificate with no subject and no serial number"
	}
	return "the certificate with serial " + c.SerialNumber.String()
}
