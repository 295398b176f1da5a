package cisco

import (
	"crypto/x509"
	"fmt"
	"strings"
	"time"
)

// TrustpointOptions describes an IOS trustpoint. Hostname and Domain are
// required. Without EnrollURL the trustpoint uses the manual method
// (enrollment terminal: paste the CSR to the CA by hand); with it, the
// auto-enrollment method (SCEP).
type TrustpointOptions struct {
	// Hostname is the gateway's hostname. It names the trustpoint and the
	// RSA key, and is the certificate's CN.
	Hostname string
	// Domain is the DNS domain; the trustpoint's fqdn is Hostname.Domain.
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

// TrustpointConfig returns the IOS configuration that creates the gateway's
// RSA key and trustpoint, in the order IOS itself shows them in
// show running-config, followed by comment lines with the next commands.
// The key is labelled with the hostname, as is the trustpoint. Errors wrap
// ErrInvalidName or ErrInvalidOption.
func TrustpointConfig(opts TrustpointOptions) (string, error) {
	if err := checkName("hostname", opts.Hostname); err != nil {
		return "", err
	}
	if err := checkName("domain", opts.Domain); err != nil {
		return "", err
	}
	auto := opts.EnrollURL != ""
	if auto {
		if err := checkName("enrollment URL", opts.EnrollURL); err != nil {
			return "", err
		}
	} else {
		switch {
		case opts.AutoEnroll != 0:
			return "", fmt.Errorf("cisco: auto-enroll %d needs an enrollment URL: %w", opts.AutoEnroll, ErrInvalidOption)
		case opts.SourceInterface != "":
			return "", fmt.Errorf("cisco: source interface %q needs an enrollment URL: %w", opts.SourceInterface, ErrInvalidOption)
		case opts.Password != "":
			return "", fmt.Errorf("cisco: a challenge password needs an enrollment URL: %w", ErrInvalidOption)
		}
	}
	if opts.AutoEnroll < 0 || opts.AutoEnroll > 100 {
		return "", fmt.Errorf("cisco: auto-enroll percentage %d is outside 1 to 100: %w", opts.AutoEnroll, ErrInvalidOption)
	}
	if opts.SourceInterface != "" {
		if err := checkName("source interface", opts.SourceInterface); err != nil {
			return "", err
		}
	}
	if opts.Password != "" {
		if err := checkName("challenge password", opts.Password); err != nil {
			// Do not repeat the password in the message.
			return "", fmt.Errorf("cisco: the challenge password holds a space, \"?\" or a character outside printable ASCII, which IOS does not take: %w", ErrInvalidName)
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
// (rounded down). percent must be 1 to 100 (ErrInvalidOption).
func RenewalTime(cert *x509.Certificate, percent int) (time.Time, error) {
	if cert == nil {
		return time.Time{}, fmt.Errorf("cisco: no certificate to renew: %w", ErrInvalidOption)
	}
	if percent < 1 || percent > 100 {
		return time.Time{}, fmt.Errorf("cisco: auto-enroll percentage %d is outside 1 to 100: %w", percent, ErrInvalidOption)
	}
	if cert.NotAfter.Before(cert.NotBefore) {
		return time.Time{}, fmt.Errorf("cisco: %s expires (%s) before it starts (%s): %w",
			describe(cert), cert.NotAfter.UTC().Format(time.RFC3339), cert.NotBefore.UTC().Format(time.RFC3339), ErrInvalidOption)
	}
	// In seconds, not time.Duration, which overflows after 292 years.
	// Certificate dates lie within years 0 to 9999, so this cannot overflow.
	life := cert.NotAfter.Unix() - cert.NotBefore.Unix()
	return time.Unix(cert.NotBefore.Unix()+life*int64(percent)/100, 0).UTC(), nil
}
