package ios

import (
	"crypto/x509"
	"fmt"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/errkind"
	"github.com/voicepki/certkit/internal/x509text"
)

// TrustpointOptions describes an IOS trustpoint. Hostname and Domain are
// required. Without EnrollURL the trustpoint uses the manual method
// (enrollment terminal: paste the CSR to the CA by hand); with it, the
// auto-enrollment method (SCEP).
type TrustpointOptions struct {
	// Hostname is the gateway's hostname, a single label such as gw1. It
	// names the trustpoint and the RSA key, and is the certificate's CN.
	Hostname string
	// Domain is the DNS domain, such as example.com, without a leading or
	// trailing dot; the trustpoint's fqdn is Hostname.Domain.
	Domain string

	// EnrollURL is the CA's SCEP URL, such as
	// http://ca.example.com/certsrv/mscep/mscep.dll. Setting it selects the
	// auto-enrollment method; the options below need it.
	EnrollURL string
	// AutoEnroll is the percentage of the certificate's lifetime after
	// which IOS re-enrolls (1 to 100). Zero leaves auto-enroll out.
	AutoEnroll int
	// SourceInterface is the interface IOS sends SCEP requests from, such
	// as GigabitEthernet0/0. Empty leaves it out.
	SourceInterface string
	// Password is the SCEP challenge password. Empty leaves it out.
	Password string
}

// runeName names a character for a message: a space, a question mark, or
// its Unicode code point.
func runeName(r rune) string {
	switch r {
	case ' ':
		return "a space"
	case '?':
		return `"?"`
	}
	return fmt.Sprintf("%U, outside printable ASCII", r)
}

// Trustpoint returns the IOS configuration that creates the gateway's
// RSA key and trustpoint, in the order IOS itself shows them in
// show running-config, followed by comment lines with the next commands.
// The key is labelled with the hostname, as is the trustpoint. Errors
// say what is wrong: a name IOS would not take, a hostname with a dot, a
// domain with an empty label, an option out of range.
func Trustpoint(opts TrustpointOptions) (string, error) {
	if err := checkName("hostname", opts.Hostname); err != nil {
		return "", err
	}
	if strings.Contains(opts.Hostname, ".") {
		host, dom, _ := strings.Cut(opts.Hostname, ".")
		return "", errkind.New(errInvalidName, "ios: hostname %s holds a dot, but IOS writes the fqdn as hostname.domain: give the host name alone (%s) and the domain separately (%s)",
			opts.Hostname, host, dom)
	}
	if err := checkName("domain", opts.Domain); err != nil {
		return "", err
	}
	if strings.HasPrefix(opts.Domain, ".") || strings.HasSuffix(opts.Domain, ".") || strings.Contains(opts.Domain, "..") {
		return "", errkind.New(errInvalidName, "ios: domain %s has a dot at the start or end, or two in a row, but IOS writes the fqdn as hostname.domain: give it as %s",
			opts.Domain, strings.Join(strings.FieldsFunc(opts.Domain, func(r rune) bool { return r == '.' }), "."))
	}
	auto := opts.EnrollURL != ""
	if auto {
		if err := checkName("enrollment URL", opts.EnrollURL); err != nil {
			return "", err
		}
	} else {
		switch {
		case opts.AutoEnroll != 0:
			return "", errkind.New(errInvalidOption, "ios: auto-enroll %d needs an enrollment URL", opts.AutoEnroll)
		case opts.SourceInterface != "":
			return "", errkind.New(errInvalidOption, "ios: source interface %q needs an enrollment URL", opts.SourceInterface)
		case opts.Password != "":
			return "", errkind.New(errInvalidOption, "ios: a challenge password needs an enrollment URL")
		}
	}
	if opts.AutoEnroll < 0 || opts.AutoEnroll > 100 {
		return "", errkind.New(errInvalidOption, "ios: auto-enroll percentage %d is outside 1 to 100", opts.AutoEnroll)
	}
	if opts.SourceInterface != "" {
		if err := checkName("source interface", opts.SourceInterface); err != nil {
			return "", err
		}
	}
	if opts.Password != "" {
		// Say where, but do not repeat the password in the message.
		if i, r := badRune(opts.Password); i >= 0 {
			return "", errkind.New(errInvalidName, "ios: character %d of the challenge password is %s; IOS takes printable ASCII without spaces or \"?\"", i, runeName(r))
		}
	}

	h := opts.Hostname
	var b strings.Builder
	fmt.Fprintf(&b, "crypto key generate rsa modulus 2048 exportable label %s\n", h)
	fmt.Fprintf(&b, "crypto pki trustpoint %s\n", h)
	if auto {
		fmt.Fprintf(&b, " enrollment url %s\n", opts.EnrollURL)
	} else {
		b.WriteString(" enrollment terminal\n")
	}
	b.WriteString(" serial-number none\n")
	fmt.Fprintf(&b, " fqdn %s.%s\n", h, opts.Domain)
	b.WriteString(" ip-address none\n")
	if opts.Password != "" {
		fmt.Fprintf(&b, " password %s\n", opts.Password)
	}
	fmt.Fprintf(&b, " subject-name CN=%s\n", h)
	b.WriteString(" revocation-check none\n")
	if opts.SourceInterface != "" {
		fmt.Fprintf(&b, " source interface %s\n", opts.SourceInterface)
	}
	fmt.Fprintf(&b, " rsakeypair %s\n", h)
	if opts.AutoEnroll != 0 {
		fmt.Fprintf(&b, " auto-enroll %d\n", opts.AutoEnroll)
	}
	b.WriteString(" hash sha256\n")
	b.WriteString("!\n")
	if auto {
		fmt.Fprintf(&b, "! next: crypto pki authenticate %s (IOS fetches the CA over SCEP; check its fingerprints), then crypto pki enroll %s\n", h, h)
	} else {
		fmt.Fprintf(&b, "! next: crypto pki enroll %s, send the CSR it prints to the CA, then certkit issuer-for --ios %s with the certificate you get back\n", h, h)
	}
	return b.String(), nil
}

// RenewalTime returns the moment IOS re-enrolls cert under auto-enroll
// percent: NotBefore + percent% of (NotAfter - NotBefore), to the second
// (rounded down). percent must be 1 to 100, and cert must have both dates,
// NotAfter after NotBefore (else an error).
func RenewalTime(cert *x509.Certificate, percent int) (time.Time, error) {
	if cert == nil {
		return time.Time{}, errkind.New(errInvalidOption, "ios: no certificate to renew")
	}
	if percent < 1 || percent > 100 {
		return time.Time{}, errkind.New(errInvalidOption, "ios: auto-enroll percentage %d is outside 1 to 100", percent)
	}
	switch {
	case cert.NotBefore.IsZero() && cert.NotAfter.IsZero():
		return time.Time{}, errkind.New(errInvalidOption, "ios: %s has no validity period (no start or end date)", x509text.Describe(cert))
	case cert.NotBefore.IsZero():
		return time.Time{}, errkind.New(errInvalidOption, "ios: %s has no start date (NotBefore)", x509text.Describe(cert))
	case cert.NotAfter.IsZero():
		return time.Time{}, errkind.New(errInvalidOption, "ios: %s has no end date (NotAfter)", x509text.Describe(cert))
	case cert.NotAfter.Before(cert.NotBefore):
		return time.Time{}, errkind.New(errInvalidOption, "ios: %s expires (%s) before it starts (%s)", x509text.Describe(cert), cert.NotAfter.UTC().Format(time.RFC3339), cert.NotBefore.UTC().Format(time.RFC3339))
	case cert.NotAfter.Equal(cert.NotBefore):
		return time.Time{}, errkind.New(errInvalidOption, "ios: %s has an empty validity period: it starts and expires at %s", x509text.Describe(cert), cert.NotAfter.UTC().Format(time.RFC3339))
	}
	// In seconds, not time.Duration, which overflows after 292 years.
	// Certificate dates lie within years 0 to 9999, so this cannot overflow.
	life := cert.NotAfter.Unix() - cert.NotBefore.Unix()
	return time.Unix(cert.NotBefore.Unix()+life*int64(percent)/100, 0).UTC(), nil
}
