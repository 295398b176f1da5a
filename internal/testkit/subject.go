package testkit

import (
	"encoding/hex"
	"regexp"
	"strings"
)

// dottedHex is an attribute openssl has no name for, which it writes as
// its OID and the hex of the value's DER.
var dottedHex = regexp.MustCompile(`(^|[,+])([0-9]+(?:\.[0-9]+)+)=#([0-9A-F]+)`)

// CertkitSubject turns a subject as the peer data records it (openssl's
// "-nameopt RFC2253") into what certkit prints: the same, except that an
// attribute without a name has its value written as the string it holds
// (a printable ASCII UTF8String, PrintableString or IA5String) rather
// than in hex.
func CertkitSubject(openssl string) string {
	return dottedHex.ReplaceAllStringFunc(openssl, func(m string) string {
		p := dottedHex.FindStringSubmatch(m)
		der, err := hex.DecodeString(p[3])
		if err != nil || len(der) < 2 || int(der[1]) != len(der)-2 || (der[0] != 0x0c && der[0] != 0x13 && der[0] != 0x16) {
			return m
		}
		for _, c := range der[2:] {
			if c < 0x20 || c >= 0x7f || strings.IndexByte(`,+"\<>;#=`, c) >= 0 {
				return m
			}
		}
		return p[1] + p[2] + "=" + string(der[2:])
	})
}
