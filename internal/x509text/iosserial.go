package x509text

import (
	"crypto/x509"
	"encoding/hex"
	"math/big"
	"strings"
)

// IOSSerial writes c's serial number as IOS does on the header line and in
// show crypto pki output: the DER INTEGER's bytes in uppercase hex, so a
// leading 00 stays ("00A5926C...", "01"). A certificate without a serial
// number gives "".
func IOSSerial(c *x509.Certificate) string {
	if c == nil || c.SerialNumber == nil {
		return ""
	}
	b := new(big.Int).Abs(c.SerialNumber).Bytes()
	if len(b) == 0 || b[0]&0x80 != 0 {
		b = append([]byte{0}, b...)
	}
	return strings.ToUpper(hex.EncodeToString(b))
}
