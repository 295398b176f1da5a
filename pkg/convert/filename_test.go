package convert

import (
	"crypto/x509"
	"fmt"
	"math/big"
	"strings"
	"testing"
)

func TestFileLabel(t *testing.T) {
	for _, tc := range []struct{ cn, org, want string }{
		{"Example Voice Root CA", "", "Example-Voice-Root-CA"},
		{"cucm-pub.example.com", "", "cucm-pub.example.com"},
		{"  Corp / Issuing CA 2 ", "", "Corp-Issuing-CA-2"},
		{"*.example.com", "", "example.com"},
		{"../../etc/passwd", "", "etc-passwd"},
		{"Ünïcode CA (2)", "", "n-code-CA-2"},
		{"Zürich CA", "", "Z-rich-CA"},
		{"under_score", "", "under_score"},
		{strings.Repeat("a", 100), "", strings.Repeat("a", 64)},
		{strings.Repeat("a", 63) + " b", "", strings.Repeat("a", 63)},
		{"", "Example Voice", "Example-Voice"},
		{"", "", "serial-ff"},
		{"???", "", "serial-ff"},
		{"../..", "", "serial-ff"},
		{"AC Raíz Certicámara S.A.", "", "AC-Ra-z-Certic-mara-S.A"},
		{"Корневой УЦ", "", "serial-ff"},
		{"Корневой УЦ", "Example Voice", "Example-Voice"},
	} {
		c := &x509.Certificate{SerialNumber: big.NewInt(255)}
		c.Subject.CommonName = tc.cn
		if tc.org != "" {
			c.Subject.Organization = []string{tc.org}
		}
		if got := FileLabel(c); got != tc.want {
			t.Errorf("FileLabel(CN %q, O %q) = %q, want %q", tc.cn, tc.org, got, tc.want)
		}
	}
	if got := FileLabel(nil); got != "" {
		t.Errorf("FileLabel(nil) = %q, want \"\"", got)
	}
}

func ExampleFileLabel() {
	c := &x509.Certificate{SerialNumber: big.NewInt(1)}
	c.Subject.CommonName = "Corp / Issuing CA 2"
	fmt.Println(FileLabel(c) + ".pem")
	// Output:
	// Corp-Issuing-CA-2.pem
}
