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

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
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

// Shape returns the attribute types of a DER distinguished name, RDN by
// RDN, each RDN's sorted: two names with the same key (Of) have the same
// shape, and Shape is far cheaper than Of, so it narrows a search among
// thousands of names before Of is computed. A name that does not parse
// has its bytes as its shape, as Of compares it by its bytes.
func Shape(der []byte) string {
	s := cryptobyte.String(der)
	var rdns cryptobyte.String
	if !s.ReadASN1(&rdns, cbasn1.SEQUENCE) || !s.Empty() {
		return "raw:" + string(der)
	}
	var b []byte
	for !rdns.Empty() {
		var set cryptobyte.String
		if !rdns.ReadASN1(&set, cbasn1.SET) {
			return "raw:" + string(der)
		}
		var types []string
		for !set.Empty() {
			var atv, oid cryptobyte.String
			if !set.ReadASN1(&atv, cbasn1.SEQUENCE) || !atv.ReadASN1(&oid, cbasn1.OBJECT_IDENTIFIER) {
				return "raw:" + string(der)
			}
			types = append(types, string(oid))
		}
		sort.Strings(types)
		for _, t := range types {
			b = append(b, t...)
			b = append(b, '+')
		}
		b = append(b, '/')
	}
	return string(b)
}
