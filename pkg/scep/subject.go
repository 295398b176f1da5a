package scep

import (
	"crypto/x509/pkix"
	"fmt"
	"strings"
)

// ParseSubject reads a subject name as people type it for a trustpoint's
// subject-name: "CN=vgw1.example.com,OU=Voice,O=Corp,C=US" (RFC 4514
// order or not; "\," escapes a comma). A name without "=" is the CN.
// Known attributes: CN, O, OU, C, ST, L, SERIALNUMBER.
func ParseSubject(s string) (pkix.Name, error) {
	var n pkix.Name
	s = strings.TrimSpace(s)
	if s == "" {
		return n, fmt.Errorf("scep: empty subject name")
	}
	if !strings.Contains(s, "=") {
		n.CommonName = s
		return n, nil
	}
	for _, part := range splitUnescaped(s) {
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.ToUpper(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || v == "" {
			return n, fmt.Errorf("scep: subject name %q: %q is not ATTRIBUTE=value", s, part)
		}
		switch k {
		case "CN":
			n.CommonName = v
		case "O":
			n.Organization = append(n.Organization, v)
		case "OU":
			n.OrganizationalUnit = append(n.OrganizationalUnit, v)
		case "C":
			n.Country = append(n.Country, v)
		case "ST":
			n.Province = append(n.Province, v)
		case "L":
			n.Locality = append(n.Locality, v)
		case "SERIALNUMBER":
			n.SerialNumber = v
		default:
			return n, fmt.Errorf("scep: subject name %q: unknown attribute %s (known: CN, O, OU, C, ST, L, SERIALNUMBER)", s, k)
		}
	}
	return n, nil
}

func splitUnescaped(s string) []string {
	var out []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case s[i] == ',':
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(s[i])
		}
	}
	return append(out, b.String())
}
