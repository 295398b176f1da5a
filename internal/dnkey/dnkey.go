// Package dnkey gives a distinguished name the key by which certkit
// matches an issuer name to a subject name when their bytes differ, as
// RFC 5280 section 7.1 allows. Chain building (pkg/chain) and the role of
// a certificate in a set (internal/certrole) both match names with it.
package dnkey

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// Of returns a comparison key for a DER-encoded distinguished name
// following RFC 5280 section 7.1 loosely: string values compare without
// regard to case, leading and trailing space, or runs of inner space, and
// the attributes of a multi-valued RDN compare as a set. A name that does
// not parse compares by its bytes.
func Of(der []byte) string {
	var rdns pkix.RDNSequence
	rest, err := asn1.Unmarshal(der, &rdns)
	if err != nil || len(rest) != 0 {
		return "raw:" + string(der)
	}
	var b strings.Builder
	for _, rdn := range rdns {
		parts := make([]string, 0, len(rdn))
		for _, atv := range rdn {
			v := fmt.Sprint(atv.Value)
			if s, ok := atv.Value.(string); ok {
				v = "s:" + foldSpace(s)
			}
			parts = append(parts, atv.Type.String()+"="+v)
		}
		sort.Strings(parts)
		b.WriteString(strings.Join(parts, "+"))
		b.WriteByte('/')
	}
	return b.String()
}

// foldSpace lower-cases s, trims it and folds runs of white space to one.
func foldSpace(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), unicode.IsSpace), " ")
}
