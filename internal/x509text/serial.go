package x509text

import (
	"encoding/hex"
	"math/big"
	"strings"
)

// Serial writes a serial number as colon-separated upper-case hex bytes,
// 11:D4:0A, with a leading "-" when it is negative, as openssl prints it
// (some old CAs issued negative serials). Zero is "00" and nil is "".
func Serial(n *big.Int) string {
	if n == nil {
		return ""
	}
	switch n.Sign() {
	case -1:
		return "-" + Hex(n.Bytes())
	case 0:
		return "00"
	}
	return Hex(n.Bytes())
}

// Hex writes bytes such as a key identifier as colon-separated upper-case
// hex, 9A:3F:01; no bytes give "".
func Hex(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	h := strings.ToUpper(hex.EncodeToString(b))
	var sb strings.Builder
	sb.Grow(len(h) + len(b) - 1)
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			sb.WriteByte(':')
		}
		sb.WriteString(h[i : i+2])
	}
	return sb.String()
}
