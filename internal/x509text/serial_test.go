package x509text

import (
	"math/big"
	"testing"
)

func TestSerial(t *testing.T) {
	neg, _ := new(big.Int).SetString("-11D4C214", 16)
	long, _ := new(big.Int).SetString("535080882AC1CE464BED0CCA32698E72", 16)
	for _, tc := range []struct {
		n    *big.Int
		want string
	}{
		{nil, ""},
		{big.NewInt(0), "00"},
		{big.NewInt(1), "01"},
		{big.NewInt(0x1ff), "01:FF"},
		{neg, "-11:D4:C2:14"},
		{long, "53:50:80:88:2A:C1:CE:46:4B:ED:0C:CA:32:69:8E:72"},
	} {
		if got := Serial(tc.n); got != tc.want {
			t.Errorf("Serial(%v) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestHex(t *testing.T) {
	for _, tc := range []struct {
		b    []byte
		want string
	}{
		{nil, ""},
		{[]byte{}, ""},
		{[]byte{0x0a}, "0A"},
		{[]byte{0x9a, 0x3f, 0x01}, "9A:3F:01"},
	} {
		if got := Hex(tc.b); got != tc.want {
			t.Errorf("Hex(% x) = %q, want %q", tc.b, got, tc.want)
		}
	}
}
