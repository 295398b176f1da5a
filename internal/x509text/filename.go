package x509text

import (
	"crypto/x509"
	"fmt"
	"strconv"
	"strings"
)

// FileName names the n-th of count certificate files written one per
// certificate (n counts from 1): NN-KIND-LABEL.pem, where KIND says what
// the file is for (a role such as root or leaf, a CUCM purpose such as
// CallManager-trust) and LABEL is FileLabel(c). The number has two digits,
// or as many as count has, so that ls lists 099 before 100. certkit split
// and the CUCM upload plan name their files with it.
func FileName(n, count int, kind string, c *x509.Certificate) string {
	width := max(2, len(strconv.Itoa(count)))
	return fmt.Sprintf("%0*d-%s-%s.pem", width, n, kind, FileLabel(c))
}

// FileLabel names c in a way that is safe as part of a file name on any
// system: its common name, else its first organisation, else its serial
// number ("serial-" and lowercase hex). Only ASCII letters, digits, '.',
// '_' and '-' stay; any run of other characters between them, non-ASCII
// letters included, becomes one hyphen; dots and hyphens at either end go;
// at most 64 characters are kept. A name with nothing left falls back to
// the next one. So "Corp / Issuing CA 2" becomes "Corp-Issuing-CA-2",
// "AC Raíz Certicámara S.A." becomes "AC-Ra-z-Certic-mara-S.A", and
// "../.." or a name written only in Cyrillic falls back to the serial
// number.
// certkit split and the CUCM upload plan name their files with it.
func FileLabel(c *x509.Certificate) string {
	if c == nil {
		return ""
	}
	name := fileSafe(c.Subject.CommonName)
	if name == "" && len(c.Subject.Organization) > 0 {
		name = fileSafe(c.Subject.Organization[0])
	}
	if name == "" && c.SerialNumber != nil {
		name = fmt.Sprintf("serial-%x", c.SerialNumber)
	}
	return name
}

// fileSafe applies FileLabel's rule to one name; "" when nothing is left.
func fileSafe(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range name {
		ok := r < 0x80 && (r == '.' || r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
		if !ok {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
	}
	s := strings.Trim(b.String(), ".-")
	if len(s) > 64 {
		s = strings.TrimRight(s[:64], ".-")
	}
	return s
}
