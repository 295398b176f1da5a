package ios

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"

	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/errkind"
	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
)

// PasteOptions tunes PasteSession. The zero value checks no name.
type PasteOptions struct {
	// Hostname is the gateway's hostname. When set, PasteSession warns if
	// the gateway certificate's CN differs from it, letter case included:
	// the hostname, the RSA key label and the CN must be equal.
	Hostname string
}

// Paste is the text to paste into an IOS gateway, with what certkit
// noticed while writing it.
type Paste struct {
	// Text is the whole session: crypto pki authenticate, the issuing CA's
	// PEM and quit, a comment line with the fingerprints IOS will show, then
	// crypto pki import, the gateway certificate's PEM and quit.
	Text string
	// Warnings are problems to fix before pasting.
	Warnings []finding.Finding
	// Notes say where IOS's behaviour is not documented, so certkit could
	// not check it.
	Notes []string
}

// PasteSession writes the text that installs gateway, issued by issuingCA,
// into the IOS trustpoint named trustpoint:
//
//	crypto pki authenticate TP
//	-----BEGIN CERTIFICATE-----
//	(the issuing CA)
//	-----END CERTIFICATE-----
//	quit
//	! IOS will show Fingerprint MD5: ... and Fingerprint SHA1: ...; answer yes only if they match
//	crypto pki import TP certificate
//	-----BEGIN CERTIFICATE-----
//	(the gateway certificate)
//	-----END CERTIFICATE-----
//	quit
//
// IOS comments start with "!". Paste up to the first quit, compare the
// fingerprints IOS prints with the comment line, answer the prompt, then
// paste the rest.
//
// It warns (finding.CodeNotIssuedBy) when the gateway certificate's signature does
// not verify with issuingCA's key, and (finding.CodeNameMismatch,
// finding.CodeNameCaseMismatch) when the gateway's CN differs from opts.Hostname, including a difference
// in letter case only. The trustpoint's name is free: IOS lets it be
// anything, so a trustpoint that differs from the CN only adds a note that
// the hostname and the RSA key label must still equal the CN. Signatures are checked as
// internal/sigcheck.SignedBy checks them (SHA-1 and MD5 included). An error means the
// inputs are unusable: a missing certificate, a gateway
// certificate that is a CA certificate (ErrGatewayIsCA), or a trustpoint
// name IOS would not take.
func PasteSession(trustpoint string, issuingCA, gateway *x509.Certificate, opts PasteOptions) (*Paste, error) {
	if err := checkName("trustpoint name", trustpoint); err != nil {
		return nil, err
	}
	if issuingCA == nil || gateway == nil {
		return nil, errkind.New(errInvalidOption, "ios: paste session needs both the issuing CA and the gateway certificate")
	}
	if !certrole.EndEntity(gateway) {
		return nil, errkind.New(ErrGatewayIsCA, "ios: the certificate given as the gateway's, %s, is a CA certificate; crypto pki import %s certificate takes the certificate the CA issued for the gateway",
			x509text.Describe(gateway), trustpoint)
	}
	var b strings.Builder
	writeAuthenticate(&b, trustpoint, issuingCA)
	fmt.Fprintf(&b, "crypto pki import %s certificate\n", trustpoint)
	b.Write(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: gateway.Raw}))
	b.WriteString("quit\n")

	p := &Paste{Text: b.String()}
	if ok, _ := sigcheck.SignedBy(gateway, issuingCA); !ok {
		p.Warnings = append(p.Warnings, finding.Finding{
			Severity:    finding.Warning,
			Code:        finding.CodeNotIssuedBy,
			Certificate: gateway,
			Message: fmt.Sprintf("the gateway certificate %s was not issued by %s (its signature does not verify with that CA's key); IOS will refuse the import",
				x509text.Describe(gateway), x509text.Describe(issuingCA)),
		})
	}
	p.Warnings = append(p.Warnings, verdict.Name(gateway, "the gateway certificate", opts.Hostname)...)
	return p, nil
}

// writeAuthenticate writes crypto pki authenticate for trustpoint with
// ca's PEM, then the line saying which fingerprints IOS will show.
func writeAuthenticate(b *strings.Builder, trustpoint string, ca *x509.Certificate) {
	fmt.Fprintf(b, "crypto pki authenticate %s\n", trustpoint)
	b.Write(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Raw}))
	b.WriteString("quit\n")
	fmt.Fprintf(b, "! IOS will show Fingerprint MD5: %s and Fingerprint SHA1: %s; answer yes only if they match\n",
		FingerprintMD5(ca), FingerprintSHA1(ca))
}
