package input

import (
	"crypto/x509"
	"fmt"
	"math/big"
)

// What convert.Decode says about the certificates it read from IOS text
// (convert.Result's IOS and IOSReferences), for pkg/cisco/ios and the
// command.

// IOSRole is what IOS calls a certificate of a trustpoint: the word on the
// header line of a certificate in the configuration, or the label before a
// PEM block in a crypto pki export capture.
type IOSRole string

// The roles IOS gives certificates.
const (
	// IOSDevice is the gateway's own certificate: a header line with no
	// word before the serial ("certificate 1A2B"), or "% General Purpose
	// Certificate:" in an export capture.
	IOSDevice IOSRole = "device"
	// IOSCA is the trustpoint's CA certificate ("certificate ca 01", "% CA
	// certificate:").
	IOSCA IOSRole = "ca"
	// IOSSelfSigned is a certificate the router signed itself
	// ("certificate self-signed 01", "% Self-signed CA certificate:").
	IOSSelfSigned IOSRole = "self-signed"
	// IOSRollover is the next CA certificate of a CA server's rollover
	// ("certificate rollover 02").
	IOSRollover IOSRole = "rollover"
)

// IOSCertificate ties a certificate that convert.Decode read (in
// Result.IOS) from IOS text to the trustpoint and role IOS gives it. A certificate held by several
// trustpoints appears once per trustpoint.
type IOSCertificate struct {
	Certificate *x509.Certificate
	// Trustpoint names the chain (crypto pki certificate chain NAME) or the
	// exported trustpoint (crypto pki export NAME pem terminal). It is ""
	// when an export capture does not show the command.
	Trustpoint string
	Role       IOSRole
	// HeaderSerial is the serial number the header line gives, as written
	// (uppercase hex, leading zeros kept); "" for export captures.
	HeaderSerial string
	// Line is the 1-based line of the header, or of the PEM block's BEGIN
	// line in an export capture.
	Line int
}

// SerialMismatch reports whether the header line gives a serial number
// other than the certificate's own. IOS writes the certificate's serial
// there, so a difference means the text was edited or pieced together.
func (c IOSCertificate) SerialMismatch() bool {
	if c.HeaderSerial == "" || c.Certificate == nil || c.Certificate.SerialNumber == nil {
		return false
	}
	s, ok := new(big.Int).SetString(c.HeaderSerial, 16)
	return !ok || s.Cmp(new(big.Int).Abs(c.Certificate.SerialNumber)) != 0
}

// IOSReference is a certificate an IOS configuration names without its
// hex: the startup-config's "certificate ca 01 nvram:CiscoLicensi#1CA.cer",
// a header alone (show running-config brief), or an empty block. It is not
// an error in the file, but there is no certificate to read.
type IOSReference struct {
	Trustpoint string
	Role       IOSRole
	Serial     string // as the header writes it
	Location   string // "nvram:CiscoLicensi#1CA.cer"; "" for a header alone or an empty block
	Line       int    // 1-based line of the header
}

// String says what the reference is and how to capture the certificate
// itself.
func (r IOSReference) String() string {
	what := "certificate " + r.Serial
	if r.Role != IOSDevice {
		what = "certificate " + string(r.Role) + " " + r.Serial
	}
	where := ""
	if r.Location != "" {
		where = " (" + r.Location + ")"
	}
	return fmt.Sprintf("trustpoint %s, %s (line %d)%s: IOS shows this certificate by reference only; capture show running-config (not brief, not startup-config) or crypto pki export %s pem terminal",
		r.Trustpoint, what, r.Line, where, r.Trustpoint)
}
