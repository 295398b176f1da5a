package x509text

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"
)

// ParseName reads a distinguished name as people type and copy it:
// RFC 4514 ("CN=vgw1.example.com,O=Example Voice"), IOS's lower case
// ("cn=vgw1.example.com,o=Example Voice"), Windows' ", " and "; " between
// RDNs, spaces around "=", "+" between the attributes of one RDN, and
// openssl's "/C=US/O=Example Voice/CN=vgw1" form. Attribute names are
// looked up as AttributeType does, without regard to letter case. Values
// keep their letter case; RFC 4514's backslash escapes (\, and \2C),
// "quoted values" and #hex (a value's DER) are read.
//
// The RDNs come back most significant last, the order RFC 4514 writes
// them in (the slash form, written the other way round, is reversed). An
// error says which attribute it could not read.
func ParseName(s string) ([][]Attribute, error) {
	s = trimUnescapedRight(strings.TrimLeft(s, " \t\r\n"))
	if s == "" {
		return nil, fmt.Errorf("x509text: empty name")
	}
	slash := strings.HasPrefix(s, "/")
	var rdnSeps, atvSeps string = ",;", "+"
	if slash {
		s, rdnSeps = s[1:], "/"
	}
	var out [][]Attribute
	for _, rdnText := range splitUnescaped(s, rdnSeps) {
		var rdn []Attribute
		for _, atvText := range splitUnescaped(rdnText, atvSeps) {
			a, err := parseATV(atvText)
			if err != nil {
				return nil, err
			}
			rdn = append(rdn, a)
		}
		out = append(out, rdn)
	}
	if slash {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out, nil
}

// splitUnescaped splits s at the characters of seps that are neither
// escaped with a backslash nor inside double quotes.
func splitUnescaped(s, seps string) []string {
	var parts []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && strings.IndexByte(seps, c) >= 0:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// parseATV reads one "type=value".
func parseATV(s string) (Attribute, error) {
	typ, val, ok := strings.Cut(s, "=")
	typ = strings.TrimSpace(typ)
	if !ok || typ == "" {
		return Attribute{}, fmt.Errorf("x509text: %q is not attribute=value", strings.TrimSpace(s))
	}
	oid, known := AttributeType(typ)
	if !known {
		return Attribute{}, fmt.Errorf("x509text: unknown attribute name %q in %q", typ, strings.TrimSpace(s))
	}
	val = strings.TrimLeft(val, " ")
	if strings.HasPrefix(val, "#") {
		raw, err := hex.DecodeString(strings.TrimSpace(val[1:]))
		if err != nil || len(raw) < 2 {
			return Attribute{}, fmt.Errorf("x509text: the value of %s is not #hex: %q", typ, val)
		}
		a := Attribute{Type: oid, Raw: raw}
		if v, ok := stringValue(rawValue(raw)); ok {
			a.Value, a.IsString = v, true
		}
		return a, nil
	}
	v, err := unescape(val)
	if err != nil {
		return Attribute{}, fmt.Errorf("x509text: the value of %s: %w", typ, err)
	}
	return Attribute{Type: oid, Value: v, IsString: true}, nil
}

// trimUnescapedRight drops trailing white space, but not a space escaped
// with a backslash (RFC 4514 writes a value's last space as "\ "): a space
// after an odd run of backslashes is escaped, after an even one it is not.
func trimUnescapedRight(s string) string {
	for len(s) > 0 && strings.IndexByte(" \t\r\n", s[len(s)-1]) >= 0 {
		n := 0
		for i := len(s) - 2; i >= 0 && s[i] == '\\'; i-- {
			n++
		}
		if n%2 == 1 {
			break
		}
		s = s[:len(s)-1]
	}
	return s
}

// unescape reads an RFC 4514 value: \c and \XX escapes, a "quoted"
// value, and spaces around it dropped unless escaped.
func unescape(s string) (string, error) {
	s = trimUnescapedRight(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' {
			continue
		}
		if c != '\\' {
			b = append(b, c)
			continue
		}
		if i+1 >= len(s) {
			return "", fmt.Errorf("a backslash ends %q", s)
		}
		if i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			x, _ := hex.DecodeString(s[i+1 : i+3])
			b = append(b, x[0])
			i += 2
			continue
		}
		b = append(b, s[i+1])
		i++
	}
	return string(b), nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// EqualName reports whether typed, a name as a person types it (see
// ParseName), means the distinguished name in der (a RawSubject or
// RawIssuer): the same RDNs in the same order, each holding the same
// attributes. Attribute names match by what they mean, so cn, CN,
// commonName and 2.5.4.3 are one; values are compared exactly, letter
// case included, as certificates compare them. It is false when typed
// or der does not read as a name.
func EqualName(typed string, der []byte) bool {
	want, err := ParseName(typed)
	if err != nil {
		return false
	}
	have, err := parseRDNs(der)
	if err != nil || len(have) != len(want) {
		return false
	}
	for i := range want {
		if !sameRDN(want[len(want)-1-i], have[i]) {
			return false
		}
	}
	return true
}

// sameRDN reports whether two RDNs hold the same attributes, in any order.
func sameRDN(typed, der []Attribute) bool {
	if len(typed) != len(der) {
		return false
	}
	used := make([]bool, len(der))
next:
	for _, t := range typed {
		for j, d := range der {
			if !used[j] && SameAttribute(t, d) {
				used[j] = true
				continue next
			}
		}
		return false
	}
	return true
}

// SameAttribute reports whether two attributes say the same thing: the
// same type, and the same value exactly (as text when both are strings,
// else as DER).
func SameAttribute(a, b Attribute) bool {
	if !a.Type.Equal(b.Type) {
		return false
	}
	if a.IsString && b.IsString {
		return a.Value == b.Value
	}
	return a.Raw != nil && bytes.Equal(a.Raw, b.Raw)
}
