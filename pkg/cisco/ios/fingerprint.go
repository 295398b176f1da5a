// Package cisco produces what Cisco IOS gateways and CUCM need: fingerprints
// as IOS prints them, paste-ready terminal sessions, trustpoint
// configuration and the CUCM certificate upload plan.
package ios

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/x509"
	"encoding/hex"
	"strings"
)

// FingerprintMD5 returns the MD5 fingerprint of cert's DER as IOS prints it
// in crypto pki authenticate: uppercase hex in groups of 8 separated by
// single spaces, such as "A39B7683 F6B047A2 5DDB3B4D 17928288". A nil
// certificate has no fingerprint: "".
func FingerprintMD5(cert *x509.Certificate) string {
	if cert == nil {
		return ""
	}
	sum := md5.Sum(cert.Raw)
	return groupHex(sum[:])
}

// FingerprintSHA1 returns the SHA-1 fingerprint of cert's DER as IOS prints
// it: five groups of 8 uppercase hex digits separated by single spaces. A
// nil certificate has no fingerprint: "".
func FingerprintSHA1(cert *x509.Certificate) string {
	if cert == nil {
		return ""
	}
	sum := sha1.Sum(cert.Raw)
	return groupHex(sum[:])
}

// groupHex formats b as uppercase hex in groups of 8 digits.
func groupHex(b []byte) string {
	h := strings.ToUpper(hex.EncodeToString(b))
	var sb strings.Builder
	for i := 0; i < len(h); i += 8 {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(h[i:min(i+8, len(h))])
	}
	return sb.String()
}
