package ios

import (
	"crypto/x509"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTrustpointConfigManual(t *testing.T) {
	got, err := Trustpoint(TrustpointOptions{Hostname: "gw1", Domain: "example.com"})
	if err != nil {
		t.Fatal(err)
	}
	want := `crypto key generate rsa modulus 2048 exportable label gw1
crypto pki trustpoint gw1
 enrollment terminal
 serial-number none
 fqdn gw1.example.com
 ip-address none
 subject-name CN=gw1
 revocation-check none
 rsakeypair gw1
 hash sha256
!
! next: crypto pki enroll gw1, send the CSR it prints to the CA, then certkit issuer-for --ios gw1 with the certificate you get back
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("manual trustpoint (-want +got):\n%s", diff)
	}
}

func TestTrustpointConfigAuto(t *testing.T) {
	got, err := Trustpoint(TrustpointOptions{
		Hostname: "gw1", Domain: "example.com",
		EnrollURL:       "http://ca.example.com/certsrv/mscep/mscep.dll",
		AutoEnroll:      80,
		SourceInterface: "GigabitEthernet0/0",
		Password:        "s3cret",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `crypto key generate rsa modulus 2048 exportable label gw1
crypto pki trustpoint gw1
 enrollment url http://ca.example.com/certsrv/mscep/mscep.dll
 serial-number none
 fqdn gw1.example.com
 ip-address none
 password s3cret
 subject-name CN=gw1
 revocation-check none
 source interface GigabitEthernet0/0
 rsakeypair gw1
 auto-enroll 80
 hash sha256
!
! next: crypto pki authenticate gw1 (IOS fetches the CA over SCEP; check its fingerprints), then crypto pki enroll gw1
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("auto-enroll trustpoint (-want +got):\n%s", diff)
	}
}

func TestTrustpointConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts TrustpointOptions
		want error
	}{
		{"no hostname", TrustpointOptions{Domain: "example.com"}, errInvalidName},
		{"no domain", TrustpointOptions{Hostname: "gw1"}, errInvalidName},
		{"space in hostname", TrustpointOptions{Hostname: "gw 1", Domain: "example.com"}, errInvalidName},
		{"auto-enroll without URL", TrustpointOptions{Hostname: "gw1", Domain: "example.com", AutoEnroll: 80}, errInvalidOption},
		{"source interface without URL", TrustpointOptions{Hostname: "gw1", Domain: "example.com", SourceInterface: "Gi0/0"}, errInvalidOption},
		{"password without URL", TrustpointOptions{Hostname: "gw1", Domain: "example.com", Password: "x"}, errInvalidOption},
		{"percent over 100", TrustpointOptions{Hostname: "gw1", Domain: "example.com", EnrollURL: "http://ca/", AutoEnroll: 101}, errInvalidOption},
		{"negative percent", TrustpointOptions{Hostname: "gw1", Domain: "example.com", EnrollURL: "http://ca/", AutoEnroll: -1}, errInvalidOption},
		{"space in password", TrustpointOptions{Hostname: "gw1", Domain: "example.com", EnrollURL: "http://ca/", Password: "a b"}, errInvalidName},
	} {
		if _, err := Trustpoint(tc.opts); !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestRenewalTime(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		from, to time.Time
		percent  int
		want     time.Time
	}{
		// 80 years after 2025-01-01 is 2105-01-01, which is 29,219 days;
		// 80% of the 36,524-day century is 29,219.2 days: 0.2 days is 4h48m.
		{day(2025, 1, 1), day(2125, 1, 1), 80, time.Date(2105, 1, 1, 4, 48, 0, 0, time.UTC)},
		// 2025 has 365 days: half is 182.5 days after January 1.
		{day(2025, 1, 1), day(2026, 1, 1), 50, time.Date(2025, 7, 2, 12, 0, 0, 0, time.UTC)},
		{day(2025, 1, 1), day(2026, 1, 1), 100, day(2026, 1, 1)},
		// Rounded down to the second: 1% of 1001 seconds is 10.01 seconds.
		{day(2025, 1, 1), day(2025, 1, 1).Add(1001 * time.Second), 1, day(2025, 1, 1).Add(10 * time.Second)},
	} {
		c := &x509.Certificate{NotBefore: tc.from, NotAfter: tc.to}
		got, err := RenewalTime(c, tc.percent)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(tc.want) {
			t.Errorf("RenewalTime(%v..%v, %d%%) = %v, want %v", tc.from, tc.to, tc.percent, got, tc.want)
		}
	}
	if _, err := RenewalTime(nil, 80); !errors.Is(err, errInvalidOption) {
		t.Errorf("RenewalTime(nil): error %v, want ErrInvalidOption", err)
	}
	backwards := &x509.Certificate{NotBefore: day(2026, 1, 1), NotAfter: day(2025, 1, 1)}
	if _, err := RenewalTime(backwards, 80); !errors.Is(err, errInvalidOption) {
		t.Errorf("RenewalTime of a certificate that ends before it starts: error %v, want ErrInvalidOption", err)
	}
	c := &x509.Certificate{NotBefore: day(2025, 1, 1), NotAfter: day(2026, 1, 1)}
	for _, p := range []int{0, -5, 101} {
		if _, err := RenewalTime(c, p); !errors.Is(err, errInvalidOption) {
			t.Errorf("RenewalTime(%d%%): error %v, want ErrInvalidOption", p, err)
		}
	}
}
