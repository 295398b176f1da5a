package ios

import (
	"crypto/x509"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestPasteSessionGatewayIsCA(t *testing.T) {
	root := newTestCA(t, "Test Root", nil, nil)
	issuing := newTestCA(t, "Test Issuing", root, nil)
	p, err := PasteSession("gw1", root.Cert, issuing.Cert, PasteOptions{})
	if !errors.Is(err, ErrGatewayIsCA) || p != nil {
		t.Fatalf("issuing CA as the gateway: paste %v, error %v; want ErrGatewayIsCA", p, err)
	}
	if !strings.HasPrefix(err.Error(), "ios: ") || !strings.Contains(err.Error(), "CN=Test Issuing") {
		t.Errorf("error %q: want an ios: message naming the CA", err)
	}
	// The root itself, as issuer-for finds a self-signed certificate's issuer.
	if _, err := PasteSession("gw1", root.Cert, root.Cert, PasteOptions{}); !errors.Is(err, ErrGatewayIsCA) {
		t.Errorf("root as the gateway: error %v, want ErrGatewayIsCA", err)
	}
}

func TestErrorMessages(t *testing.T) {
	for _, s := range []error{errInvalidName, errInvalidOption, ErrGatewayIsCA} {
		if !strings.HasPrefix(s.Error(), "ios: ") {
			t.Errorf("sentinel %q lacks the ios: prefix", s)
		}
	}
	base := TrustpointOptions{Hostname: "gw1", Domain: "example.com"}
	for _, tc := range []struct {
		name string
		mod  func(*TrustpointOptions)
		kind error
		want string
	}{
		{"hostname with the domain", func(o *TrustpointOptions) { o.Hostname = "gw1.example.com" }, errInvalidName,
			`ios: hostname gw1.example.com holds a dot, but IOS writes the fqdn as hostname.domain: give the host name alone (gw1) and the domain separately (example.com)`},
		{"domain with a leading dot", func(o *TrustpointOptions) { o.Domain = ".example.com" }, errInvalidName,
			`ios: domain .example.com has a dot at the start or end, or two in a row, but IOS writes the fqdn as hostname.domain: give it as example.com`},
		{"domain with a trailing dot", func(o *TrustpointOptions) { o.Domain = "example.com." }, errInvalidName, ""},
		{"domain with two dots in a row", func(o *TrustpointOptions) { o.Domain = "example..com" }, errInvalidName, ""},
		{"password with a space", func(o *TrustpointOptions) { o.EnrollURL = "http://ca/"; o.Password = "sec ret" }, errInvalidName,
			`ios: character 4 of the challenge password is a space; IOS takes printable ASCII without spaces or "?"`},
		{"password with a question mark", func(o *TrustpointOptions) { o.EnrollURL = "http://ca/"; o.Password = "secret?" }, errInvalidName,
			`ios: character 7 of the challenge password is "?"; IOS takes printable ASCII without spaces or "?"`},
		{"auto-enroll out of range", func(o *TrustpointOptions) { o.EnrollURL = "http://ca/"; o.AutoEnroll = 101 }, errInvalidOption,
			"ios: auto-enroll percentage 101 is outside 1 to 100"},
	} {
		opts := base
		tc.mod(&opts)
		_, err := Trustpoint(opts)
		if !errors.Is(err, tc.kind) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.kind)
			continue
		}
		if tc.want != "" && err.Error() != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, err, tc.want)
		}
		if strings.HasSuffix(err.Error(), tc.kind.Error()) || strings.Contains(err.Error(), "ret") && strings.Contains(tc.name, "password") {
			t.Errorf("%s: %q repeats the sentinel or the password", tc.name, err)
		}
	}
}

// TestNilInputs: no exported function panics on nil certificates.
func TestNilInputs(t *testing.T) {
	if got := FingerprintMD5(nil); got != "" {
		t.Errorf("FingerprintMD5(nil) = %q, want \"\"", got)
	}
	if got := FingerprintSHA1(nil); got != "" {
		t.Errorf("FingerprintSHA1(nil) = %q, want \"\"", got)
	}
	if _, err := PasteSession("gw1", nil, nil, PasteOptions{}); !errors.Is(err, errInvalidOption) {
		t.Errorf("PasteSession(nil): error %v, want ErrInvalidOption", err)
	}
	if _, err := RenewalTime(nil, 80); !errors.Is(err, errInvalidOption) {
		t.Errorf("RenewalTime(nil): error %v, want ErrInvalidOption", err)
	}
}

// Zero values get errors and messages that say what is missing.
func TestZeroValues(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, c := range map[string]*x509.Certificate{
		"no dates":       {},
		"no start":       {NotAfter: start},
		"no end":         {NotBefore: start},
		"empty validity": {NotBefore: start, NotAfter: start},
	} {
		at, err := RenewalTime(c, 80)
		if !errors.Is(err, errInvalidOption) {
			t.Errorf("RenewalTime(%s) = %v, %v; want an error matching ErrInvalidOption", name, at, err)
		}
	}
	_, err := RenewalTime(&x509.Certificate{}, 80)
	if want := "ios: a certificate with no subject and no serial number has no validity period (no start or end date)"; err == nil || err.Error() != want {
		t.Errorf("RenewalTime(zero certificate) error\n got %v\nwant %s", err, want)
	}

}
