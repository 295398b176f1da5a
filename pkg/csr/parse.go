package csr

import (
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/convert"
)

// ErrNoRequest is returned, wrapped, when the input holds no certificate
// signing request at all: an ordinary outcome for a file of something else.
var ErrNoRequest = errors.New("csr: no certificate signing request found")

// Parse reads one certificate signing request from data. It reads data
// with convert.Decode, the scanner every certkit input goes through, so
// it takes what Decode takes: PEM under either label, DER, bare base64, or
// a whole IOS "crypto pki enroll" terminal capture with or without PEM
// armour. Prompts, "% ..." lines, IOS's "---End" line, " --More-- " pager
// prompts (and the backspaces that erase them), blank lines, CR,
// indentation, a UTF-8 BOM and UTF-16 text (what PowerShell 5 writes) are
// all skipped. The same request shown twice (IOS's "Redisplay enrollment
// request?" answered yes) counts once, as Decode counts it; two different
// requests are an error. Parse is stricter than Decode in one way: a DER
// request must be the whole input, without the zero padding Decode
// forgives.
//
// Parse checks the request's own signature with CheckSignature. When the
// request decodes but its signature does not verify, Parse returns the
// request together with a *SignatureError (errors.Is ErrBadSignature), so
// that the caller can still show and lint it. A request whose signature
// cannot be checked at all (an algorithm Go does not implement) is returned
// without error; Lint reports it. Every other error comes with a nil
// request; errors.Is(err, ErrNoRequest) when nothing resembling a request
// was found, and then the message says what the input is instead ("a
// PKCS#7 bundle holding 3 certificates", "a PKCS#12 file"). A damaged
// input gets Decode's description ("base64 at line 11: DER CSR ends after
// 240 of 691 bytes") under the csr: prefix, and wraps Decode's error.
func Parse(data []byte) (*x509.CertificateRequest, error) {
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		return nil, decodeError(res, err)
	}
	switch n := len(res.Requests); {
	case n == 0:
		// Decode found a certificate, so identify has words for it.
		return nil, fmt.Errorf("%w: the input is %s, not a certificate request", ErrNoRequest, identify(res))
	case n > 1:
		return nil, fmt.Errorf("csr: the input holds %d different certificate requests; give one at a time", n)
	}
	req := res.Requests[0]
	if slices.Equal(res.Encodings, []string{"der"}) && len(req.Raw) != len(data) {
		return nil, fmt.Errorf("csr: %d bytes of trailing data after the DER request", len(data)-len(req.Raw))
	}
	if err := CheckSignature(req); errors.Is(err, ErrBadSignature) {
		return req, err
	}
	return req, nil
}

// decodeError turns Decode's error into Parse's.
func decodeError(res *convert.Result, err error) error {
	var de *convert.DecodeError
	switch {
	case errors.Is(err, convert.ErrJavaKeyStore) && errors.Is(err, convert.ErrIncorrectPassword) && errors.As(err, &de):
		// A keystore holds no request, opened or not: Parse takes no
		// password, so say what it is, not that none was given.
		what := "a Java keystore"
		if i := strings.Index(de.Found, ")"); strings.HasPrefix(de.Found, what+" (") && i > 0 {
			what = de.Found[:i+1]
		}
		return &parseError{msg: "csr: no certificate signing request found: the input is " + what + ", not a certificate request", err: err, noRequest: true}
	case errors.Is(err, convert.ErrJavaKeyStore) && errors.As(err, &de):
		// A keystore, readable or not, holds no request.
		return &parseError{msg: "csr: no certificate signing request found: " + de.Found, err: err, noRequest: true}
	case errors.Is(err, convert.ErrIncorrectPassword):
		return fmt.Errorf("%w: the input is a PKCS#12 file, not a certificate request", ErrNoRequest)
	case errors.Is(err, convert.ErrNoCertificates) && res != nil:
		if what := identify(res); what != "" {
			return fmt.Errorf("%w: the input is %s, not a certificate request", ErrNoRequest, what)
		}
		if errors.As(err, &de) {
			return &parseError{msg: "csr: no certificate signing request found: the input holds " + strings.TrimSuffix(de.Found, " but no certificate"), err: err, noRequest: true}
		}
		return fmt.Errorf("%w: %v", ErrNoRequest, err)
	case !errors.As(err, &de):
		return fmt.Errorf("csr: %w", err)
	case errors.Is(err, convert.ErrUnrecognized):
		return &parseError{msg: "csr: no certificate signing request found: " + de.Found, err: err, noRequest: true}
	case errors.Is(err, convert.ErrTruncated) && strings.HasPrefix(de.Found, "base64 at line "):
		// Base64 that ends early was most often copied off a terminal.
		return &parseError{msg: "csr: " + de.Found + " (a line missing from the copy?)", err: err}
	}
	return &parseError{msg: "csr: " + de.Found, err: err}
}

// parseError is a Decode error under the csr: prefix.
type parseError struct {
	msg       string
	err       error
	noRequest bool
}

func (e *parseError) Error() string { return e.msg }

// Unwrap returns Decode's error, and ErrNoRequest when nothing
// resembling a request was found.
func (e *parseError) Unwrap() []error {
	if e.noRequest {
		return []error{ErrNoRequest, e.err}
	}
	return []error{e.err}
}

// identify says what a decoded input holds when it holds no request: "a
// PKCS#7 bundle holding 3 certificates", "a PKCS#12 file", "the
// certificate \"CN=...\"", "a CRL", "a private key"; "" when it has no
// words for it.
func identify(res *convert.Result) string {
	certs := len(res.Certificates) + res.Duplicates
	for _, enc := range res.Encodings {
		switch enc {
		case "pkcs12":
			return "a PKCS#12 file"
		case "jks", "jceks":
			return "a Java keystore (" + strings.ToUpper(enc) + ") holding " + count(certs, "certificate")
		case "pkcs7-der", "pkcs7-ber":
			what := "a PKCS#7 bundle holding " + count(certs, "certificate")
			if len(res.CRLs) > 0 {
				what += " and " + count(len(res.CRLs), "CRL")
			}
			return what
		}
	}
	var what string
	switch {
	case len(res.Certificates) == 1:
		what = "the certificate " + x509text.Describe(res.Certificates[0])
	case certs > 1:
		what = count(certs, "certificate")
	case len(res.CRLs) > 0:
		what = count(len(res.CRLs), "CRL")
	}
	if res.KeyCount > 0 {
		if what != "" {
			what += " and "
		}
		what += count(res.KeyCount, "private key")
	}
	return what
}

// count writes "a certificate", "no certificate", "3 certificates".
func count(n int, noun string) string {
	switch n {
	case 0:
		return "no " + noun
	case 1:
		return "a " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
