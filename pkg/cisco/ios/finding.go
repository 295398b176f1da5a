package ios

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// Code names a kind of finding. Codes are stable; messages are not.
type Code string

// Severity says how bad a Finding is: Error means a peer will refuse the
// certificate (or already does), Warning that it may or a person should
// act, Info is for the record.
type Severity int

// The severities, from the mildest.
const (
	Info Severity = iota
	Warning
	Error
)

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

// MarshalText writes the severity as "error", "warning" or "info".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Finding is one thing the audit noticed.
type Finding struct {
	Code     Code
	Severity Severity
	Message  string
	// Certificate is the certificate the finding concerns, if any.
	Certificate *x509.Certificate
}

func (f Finding) String() string { return string(f.Code) + ": " + f.Message }

// MarshalJSON writes {"severity", "code", "message"} and, for a finding
// about a certificate, its "sha256" and "subject".
func (f Finding) MarshalJSON() ([]byte, error) {
	out := struct {
		Severity Severity `json:"severity"`
		Code     Code     `json:"code"`
		Message  string   `json:"message"`
		SHA256   string   `json:"sha256,omitempty"`
		Subject  string   `json:"subject,omitempty"`
	}{Severity: f.Severity, Code: f.Code, Message: f.Message}
	if c := f.Certificate; c != nil {
		sum := sha256.Sum256(c.Raw)
		out.SHA256 = hex.EncodeToString(sum[:])
		out.Subject = c.Subject.String()
	}
	return json.Marshal(out)
}
