package x509text

import (
	"encoding/asn1"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// readRDNs is parseRDNs's quick path: it walks a DER Name with cryptobyte
// instead of encoding/asn1's reflection, which costs several times more
// (order prints thousands of names). It returns ok=false for anything it
// is not sure of, and parseRDNs then reads the name the slow way, with
// the slow way's errors.
func readRDNs(der []byte) ([][]Attribute, bool) {
	s := cryptobyte.String(der)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !s.Empty() {
		return nil, false
	}
	var out [][]Attribute
	for !seq.Empty() {
		var set cryptobyte.String
		if !seq.ReadASN1(&set, cbasn1.SET) {
			return nil, false
		}
		rdn := []Attribute{}
		for !set.Empty() {
			var atv, full, content cryptobyte.String
			var oid asn1.ObjectIdentifier
			var tag cbasn1.Tag
			if !set.ReadASN1(&atv, cbasn1.SEQUENCE) || !atv.ReadASN1ObjectIdentifier(&oid) {
				return nil, false
			}
			if len(atv) == 0 || atv[0]&0x1f == 0x1f {
				return nil, false // no value, or a high tag number
			}
			if !atv.ReadAnyASN1Element(&full, &tag) || !atv.Empty() {
				return nil, false
			}
			h := len(full)
			content = full
			if !content.ReadAnyASN1(&content, &tag) {
				return nil, false
			}
			h -= len(content)
			v := asn1.RawValue{Class: int(tag >> 6), Tag: int(tag & 0x1f), IsCompound: tag&0x20 != 0,
				Bytes: full[h:], FullBytes: full}
			str, isString := stringValue(v)
			rdn = append(rdn, Attribute{Type: oid, Value: str, Raw: v.FullBytes, IsString: isString})
		}
		out = append(out, rdn)
	}
	if out == nil {
		out = [][]Attribute{}
	}
	return out, true
}
