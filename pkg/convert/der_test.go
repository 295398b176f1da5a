package convert

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

func TestToDER(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"3080020105 0000", "3003020105"},                                          // indefinite SEQUENCE
		{"3081 03 020105", "3003020105"},                                           // non-minimal length
		{"2480 0401aa 0402bbcc 0000", "0403aabbcc"},                                // constructed OCTET STRING
		{"3080 3080 0101ff 0000 a080 0500 0000 0000", "3009 3003 0101ff a0020500"}, // nested
		{"3003020105", "3003020105"},                                               // DER stays as it is
	} {
		in, _ := hex.DecodeString(strings.ReplaceAll(tc.in, " ", ""))
		want, _ := hex.DecodeString(strings.ReplaceAll(tc.want, " ", ""))
		got, n, err := toDER(in, 0)
		if err != nil {
			t.Errorf("toDER(%s): %v", tc.in, err)
			continue
		}
		if !bytes.Equal(got, want) || n != len(in) {
			t.Errorf("toDER(%s) = %x, %d; want %x, %d", tc.in, got, n, want, len(in))
		}
	}
}

func TestToDERErrors(t *testing.T) {
	for _, tc := range []struct {
		in   []byte
		want error
	}{
		{[]byte{0x30, 0x80, 0x02, 0x01, 0x05}, ErrTruncated},
		{[]byte{0x30, 0x05, 0x02, 0x01}, ErrTruncated},
		{bytes.Repeat([]byte{0x30, 0x80}, 100_000), ErrMalformed},
		{[]byte{0x04, 0x80, 0x00, 0x00}, ErrMalformed}, // indefinite primitive
		{[]byte{0x30, 0x85, 1, 2, 3, 4, 5}, ErrMalformed},
	} {
		if _, _, err := toDER(tc.in, 0); !errors.Is(err, tc.want) {
			t.Errorf("toDER(% x): err = %v, want %v", tc.in[:min(8, len(tc.in))], err, tc.want)
		}
	}
}

// TestLengthSize: the room toDER reserves for a length is what
// appendLength writes.
func TestLengthSize(t *testing.T) {
	for _, n := range []int{0, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0xffffff, 0x1000000, 1<<31 - 1} {
		if got, want := lengthSize(n), len(appendLength(nil, n)); got != want {
			t.Errorf("lengthSize(%#x) = %d, appendLength writes %d", n, got, want)
		}
	}
}
