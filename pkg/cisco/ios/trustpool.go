package ios

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/finding"
)

// ErrNotCA is what TrustpoolOf's error matches (errors.Is) when a
// certificate given is not a CA certificate: the trustpool holds CAs only.
var ErrNotCA = errors.New("ios: not a CA certificate")

// notCAError names the certificate TrustpoolSession refused.
type notCAError struct {
	Certificate *x509.Certificate
}

func (e *notCAError) Error() string {
	c := e.Certificate
	why := "it has no basic constraints extension marking it a CA"
	if c.BasicConstraintsValid {
		why = "its basic constraints say it is not a CA (CA:FALSE)"
	}
	return fmt.Sprintf("ios: %s is not a CA certificate (%s); the trustpool holds CA certificates only: a gateway's own certificate goes in its trustpoint with crypto pki import",
		x509text.Describe(c), why)
}

// Unwrap makes errors.Is(err, ErrNotCA) true.
func (e *notCAError) Unwrap() error { return ErrNotCA }

// Trustpool is the text that adds CA certificates to the IOS PKI
// trustpool, with what certkit noticed.
type Trustpool struct {
	// Text is a comment line per certificate with its subject and
	// fingerprints as IOS prints them, then, in configuration mode,
	// crypto pki trustpool import terminal, each certificate's PEM and
	// quit. IOS answers "% PEM files import succeeded.".
	Text string
	// Warnings are problems to fix before pasting: warnings and errors
	// (an expired CA), in the order of the certificates.
	Warnings []finding.Finding
}

// TrustpoolOptions says when TrustpoolOf checks the certificates. The
// zero value checks at the current time and warns 30 days before a
// certificate expires.
type TrustpoolOptions struct {
	// At is the moment validity is judged at; zero means now.
	At time.Time
	// WarnWithin flags a certificate that expires within this long of
	// At; zero means 30 days, a negative value never warns.
	WarnWithin time.Duration
}

// TrustpoolOf is the whole of certkit ios trustpool, the one call behind
// it: the CA certificates of the decoded inputs (from a signed bundle
// such as Cisco's ios_core.p7b, the CAs inside it, not its outer signer),
// their paste session, and the checks every certkit
// job makes on each (expired or not yet valid, as errors; expiring within
// opts.WarnWithin, a weak signature other than a certificate's own
// self-signature, a key too small, as warnings) among the Warnings. Its
// errors say which input holds what (ErrNotCA for a certificate that is not a CA's).
func TrustpoolOf(inputs []*convert.Result, opts TrustpoolOptions) (*Trustpool, error) {
	var cas []*x509.Certificate
	for _, r := range inputs {
		if r == nil {
			continue
		}
		if len(r.SignedBundles) > 0 {
			for _, b := range r.SignedBundles {
				cas = append(cas, b.Inner...)
			}
			continue
		}
		cas = append(cas, r.Certificates...)
	}
	tp, err := trustpoolSession(cas)
	if err != nil {
		return nil, err
	}
	tp.Warnings = append(tp.Warnings, verdict.Certificates(cas, verdict.Options{At: opts.At, WarnWithin: opts.WarnWithin})...)
	return tp, nil
}

// The trustpool session's finding code.
const (
	// codeTrustpoolDuplicate: two certificates of the trustpool share issuer
	// and subject, which a trustpool bundle may not hold.
	codeTrustpoolDuplicate finding.Code = "trustpool-duplicate"
)

// trustpoolSession writes the paste session for crypto pki trustpool
// import terminal with cas, in the order given, each certificate once. A
// certificate that is not a CA (certrole.EndEntity) is refused with a
// *NotCAError; no certificate at all is an error too. Two certificates
// with the same issuer and subject give a warning: Cisco's trustpool guide
// says a bundle cannot hold such a pair.
func trustpoolSession(cas []*x509.Certificate) (*Trustpool, error) {
	var certs []*x509.Certificate
	have := make(map[string]bool, len(cas))
	for _, c := range cas {
		if c == nil {
			continue
		}
		if certrole.EndEntity(c) {
			return nil, &notCAError{Certificate: c}
		}
		if !have[string(c.Raw)] {
			have[string(c.Raw)] = true
			certs = append(certs, c)
		}
	}
	if len(certs) == 0 {
		return nil, errors.New("ios: no CA certificate for the trustpool")
	}
	tp := &Trustpool{}
	var b strings.Builder
	// One warning per certificate that shares its names with one before
	// it (not one per pair: thousands of CAs of one name are one list).
	names := make(map[string]bool, len(certs))
	for i, c := range certs {
		fmt.Fprintf(&b, "! %d: %s, Fingerprint MD5: %s, Fingerprint SHA1: %s\n", i+1, x509text.Describe(c), FingerprintMD5(c), FingerprintSHA1(c))
		k := string(c.RawIssuer) + "\x00" + string(c.RawSubject)
		if names[k] {
			tp.Warnings = append(tp.Warnings, finding.Finding{Code: codeTrustpoolDuplicate, Severity: finding.Warning, Certificate: c,
				Message: fmt.Sprintf("%s and another certificate share the issuer %s and the subject: a trustpool bundle cannot hold two such certificates; keep the newer one", x509text.Describe(c), x509text.Issuer(c))})
		}
		names[k] = true
	}
	b.WriteString("crypto pki trustpool import terminal\n")
	for _, c := range certs {
		b.Write(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}))
	}
	b.WriteString("quit\n")
	tp.Text = b.String()
	return tp, nil
}
