// Package finding is the one shape of what certkit reports about a
// certificate, a chain or a request: a Finding has a typed Code that
// programs branch on, a Severity, a Message for people, and the
// certificate or request it concerns.
//
// Each package keeps its own codes, as unexported constants of type Code,
// and lists every code string it reports, with what it means, in the
// Findings section of its package doc. A condition that more than one
// package reports has one code, defined here, so that a script matching
// "weak-signature" or "wildcard" finds it in every command's output.
package finding

import (
	"crypto/x509"
	"encoding/json"
	"fmt"

	"github.com/voicepki/certkit/internal/x509text"
)

// Code names a kind of finding. Codes are stable; messages are not.
type Code string

// Severity says how bad a Finding is. Error means a CA or a device will
// reject the certificate; Warning means it may, or a person should check;
// Info is for the record. String writes it as "error", "warning" or
// "info", as the JSON form of a Finding does.
type Severity int

// The severities, from the mildest.
const (
	Info Severity = iota
	Warning
	Error
)

// String is the severity's name: "info", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// UnmarshalText reads "error", "warning" or "info", so that a Go program
// can read the JSON certkit prints.
func (s *Severity) UnmarshalText(b []byte) error {
	for _, v := range []Severity{Info, Warning, Error} {
		if string(b) == v.String() {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("finding: unknown severity %q (want info, warning or error)", b)
}

// Finding is one thing certkit noticed.
type Finding struct {
	Code     Code
	Severity Severity
	// Message says what is wrong and, where it can, what to do.
	Message string
	// Certificate is the certificate the finding concerns, if any.
	Certificate *x509.Certificate
	// Request is the certificate request the finding concerns, if any.
	Request *x509.CertificateRequest
}

// MarshalJSON writes the form every certkit command prints:
// {"severity", "code", "message"}, and for a finding about a certificate
// its "sha256" (of the DER) and "subject" (as x509text.Subject writes it).
func (f Finding) MarshalJSON() ([]byte, error) {
	out := struct {
		Severity string `json:"severity"`
		Code     Code   `json:"code"`
		Message  string `json:"message"`
		SHA256   string `json:"sha256,omitempty"`
		Subject  string `json:"subject,omitempty"`
	}{Severity: f.Severity.String(), Code: f.Code, Message: f.Message}
	if c := f.Certificate; c != nil {
		out.SHA256 = x509text.SHA256(c)
		out.Subject = x509text.Subject(c)
	}
	return json.Marshal(out)
}

// Codes that more than one package reports, one code for one condition.
const (
	// CodeWeakSignature: a certificate or request signed with MD5 (or
	// MD2), SHA-1 or DSA, which CAs and crypto/x509 refuse.
	CodeWeakSignature Code = "weak-signature"
	// CodeExpiresBeforeLeaf: a CA certificate that expires before the leaf
	// it issued, so the chain breaks on that date.
	CodeExpiresBeforeLeaf Code = "expires-before-leaf"
	// CodeNotIssuedBy: a certificate's signature does not verify with the
	// key of the CA it is pasted or uploaded after (the IOS paste session,
	// the CUCM plan, the trustpool).
	CodeNotIssuedBy Code = "not-issued-by"
	// CodeNameMismatch: a name the user gave (host name, FQDN, trustpoint,
	// SIP trunk subject name) is neither the CN nor a SAN.
	CodeNameMismatch Code = "name-mismatch"
	// CodeNameCaseMismatch: a name the user gave equals the CN or a SAN in
	// all but letter case; certificates compare names exactly.
	CodeNameCaseMismatch Code = "name-case-mismatch"
	// CodeKeyTooLarge: an RSA key over the 4096 bits CUCM takes.
	CodeKeyTooLarge Code = "key-too-large"
	// CodeKeyOver2048: an RSA CallManager key over 2048 bits, which phones
	// handle badly.
	CodeKeyOver2048 Code = "key-over-2048"
	// CodeKeyType: a key of a type the CUCM service does not take, such as
	// an RSA key for an -ECDSA service or the reverse.
	CodeKeyType Code = "key-type"
	// CodeWildcard: a wildcard CN or SAN; CUCM refuses wildcard
	// certificates.
	CodeWildcard Code = "wildcard"
	// CodeMissingEKU: a CallManager certificate or request, or a SIP trunk
	// peer's certificate, without both serverAuth and clientAuth, which
	// SIP TLS needs.
	CodeMissingEKU Code = "missing-eku"
	// CodeExpired: a certificate past its NotAfter at the time of the
	// check (--at, default now).
	CodeExpired Code = "expired"
	// CodeNotYetValid: a certificate before its NotBefore at the time of
	// the check.
	CodeNotYetValid Code = "not-yet-valid"
	// CodeExpiring: a certificate that expires within the warning window
	// (--warn-within, default 30 days) of the time of the check.
	CodeExpiring Code = "expiring"
	// CodeKeyTooSmall: an RSA key under 2048 bits, or an EC key on a curve
	// under 256 bits.
	CodeKeyTooSmall Code = "key-too-small"

	// CodeRevoked: an OCSP responder or a CRL that the certificate's
	// issuer signed says the certificate is revoked (--revocation).
	CodeRevoked Code = "revoked"
)
