package x509text

import (
	"crypto/x509"
	"crypto/x509/pkix"
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

func TestFileName(t *testing.T) {
	c := &x509.Certificate{Subject: pkix.Name{CommonName: "Corp / Issuing CA 2"}}
	for _, tc := range []struct {
		n, count int
		want     string
	}{
		{1, 1, "01-intermediate-Corp-Issuing-CA-2.pem"},
		{9, 99, "09-intermediate-Corp-Issuing-CA-2.pem"},
		{99, 100, "099-intermediate-Corp-Issuing-CA-2.pem"},
		{100, 100, "100-intermediate-Corp-Issuing-CA-2.pem"},
		{7, 1000, "0007-intermediate-Corp-Issuing-CA-2.pem"},
	} {
		if got := FileName(tc.n, tc.count, "intermediate", c); got != tc.want {
			t.Errorf("FileName(%d, %d) = %q, want %q", tc.n, tc.count, got, tc.want)
		}
	}
}

func ExampleFileName() {
	c := &x509.Certificate{Subject: pkix.Name{CommonName: "Example Voice Root CA"}}
	fmt.Println(FileName(1, 3, "root", c))
	fmt.Println(FileName(1, 348, "CallManager-trust", c))
	// Output:
	// 01-root-Example-Voice-Root-CA.pem
	// 001-CallManager-trust-Example-Voice-Root-CA.pem
}
