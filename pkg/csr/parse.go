// Package csr reads certificate signing requests however they arrive (PEM,
// DER, bare base64, a whole IOS terminal capture, a Notepad or PowerShell
// copy) and lints them for what a CA, CUCM or an IOS gateway will reject.
package csr

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/voicepki/certkit/pkg/convert"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// ErrNoRequest is returned, wrapped, when the input holds no certificate
// signing request at all: an ordinary outcome for a file of something else.
var ErrNoRequest = errors.New("csr: no certificate signing request found")

// PEM labels a certificate signing request is found under.
var requestLabels = []string{"CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"}

// Parse reads one certificate signing request from data: PEM under either
// label, DER, bare base64, or a whole IOS "crypto pki enroll" terminal
// capture with or without PEM armour. Prompts, "% ..." lines, IOS's "---End"
// line, " --More-- " pager prompts (and the backspaces that erase them),
// blank lines, CR, indentation, a UTF-8 BOM and UTF-16 text (what
// PowerShell 5 writes) are all skipped. The same request shown twice (IOS's
// "Redisplay enrollment request?" answered yes) counts once; two different
// requests are an error.
//
// Parse checks the request's own signature with CheckSignature. When the
// request decodes but its signature does not verify, Parse returns the
// request together with a *SignatureError (errors.Is ErrBadSignature), so
// that the caller can still show and lint it. A request whose signature
// cannot be checked at all (an algorithm Go does not implement) is returned
// without error; Lint reports it. Every other error comes with a nil
// request; errors.Is(err, ErrNoRequest) when nothing resembling a request
// was found, and then the message says what the input is instead ("a
// PKCS#7 bundle holding 3 certificates", "a PKCS#12 file").
func Parse(data []byte) (*x509.CertificateRequest, error) {
	der, err := extract(data)
	if err == nil {
		req, perr := x509.ParseCertificateRequest(der)
		if perr == nil {
			if err := CheckSignature(req); errors.Is(err, ErrBadSignature) {
				return req, err
			}
			return req, nil
		}
		err = &quietError{fmt.Sprintf("csr: the request's %d bytes of DER do not decode (damaged or cut short)", len(der)), perr}
	}
	if !hasRequestLabel(data) {
		if what, ok := identify(data); ok {
			return nil, fmt.Errorf("%w: the input is %s, not a certificate request", ErrNoRequest, what)
		}
	}
	return nil, err
}

// quietError says what went wrong in words and keeps the parser's own
// error (an encoding/asn1 message, meaningless to most users) for Unwrap.
type quietError struct {
	msg string
	err error
}

func (e *quietError) Error() string { return e.msg }
func (e *quietError) Unwrap() error { return e.err }

// hasRequestLabel reports whether data holds PEM armour for a request, in
// which case a failure is about that request, whatever else is there.
func hasRequestLabel(data []byte) bool {
	text := toUTF8(data)
	for _, l := range requestLabels {
		if bytes.Contains(text, []byte("-----BEGIN "+l+"-----")) {
			return true
		}
	}
	return false
}

// identify says what data is when it is not a request, using
// convert.Decode's sniffing: "a PKCS#7 bundle holding 3 certificates", "a
// PKCS#12 file", "the certificate \"CN=...\"", "a CRL", "a private key".
func identify(data []byte) (string, bool) {
	res, err := convert.Decode(data, convert.Options{})
	if errors.Is(err, convert.ErrIncorrectPassword) {
		return "a PKCS#12 file", true
	}
	if res == nil || len(res.Requests) > 0 {
		return "", false
	}
	certs := len(res.Certificates) + res.Duplicates
	for _, enc := range res.Encodings {
		switch enc {
		case convert.EncodingPKCS12:
			return "a PKCS#12 file", true
		case convert.EncodingPKCS7DER, convert.EncodingPKCS7BER:
			what := "a PKCS#7 bundle holding " + count(certs, "certificate")
			if len(res.CRLs) > 0 {
				what += " and " + count(len(res.CRLs), "CRL")
			}
			return what, true
		}
	}
	var what string
	switch {
	case len(res.Certificates) == 1:
		what = fmt.Sprintf("the certificate %q", res.Certificates[0].Subject.String())
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
	return what, what != ""
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

// extract finds the DER of the one request in data.
func extract(data []byte) ([]byte, error) {
	data = toUTF8(data)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%w: the input is empty", ErrNoRequest)
	}
	if data[0] == 0x30 && !isText(data) {
		return derElement(data)
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = dropPager(text)
	if der, found, err := fromPEM(text); found || err != nil {
		return der, err
	}
	return fromBase64(strings.Split(text, "\n"))
}

// derElement checks that data is exactly one DER SEQUENCE: structured bytes
// get no leniency, so trailing bytes are an error.
func derElement(data []byte) ([]byte, error) {
	s := cryptobyte.String(data)
	var elem cryptobyte.String
	if !s.ReadASN1Element(&elem, cbasn1.SEQUENCE) {
		return nil, fmt.Errorf("csr: DER input of %d bytes is not a complete ASN.1 SEQUENCE (truncated or not DER)", len(data))
	}
	if !s.Empty() {
		return nil, fmt.Errorf("csr: %d bytes of trailing data after the DER request", len(s))
	}
	return elem, nil
}

// toUTF8 drops a UTF-8 BOM and turns UTF-16 text (with a BOM, or without
// one but with every other byte zero) into UTF-8.
func toUTF8(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return utf16To8(data[2:], false)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return utf16To8(data[2:], true)
	case len(data) >= 4 && data[0] != 0 && data[1] == 0 && data[2] != 0 && data[3] == 0:
		return utf16To8(data, false)
	case len(data) >= 4 && data[0] == 0 && data[1] != 0 && data[2] == 0 && data[3] != 0:
		return utf16To8(data, true)
	}
	return data
}

func utf16To8(b []byte, bigEndian bool) []byte {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		if bigEndian {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
		}
	}
	out := string(utf16.Decode(u))
	return bytes.TrimPrefix([]byte(out), []byte("\uFEFF"))
}

// dropPager blanks the " --More-- " prompts an IOS pager leaves in a
// capture (terminal length not 0), after applying the backspaces with which
// the terminal erases them. A blank line leaves the base64 around it whole:
// fromPEM skips blank lines, and fromBase64 joins runs split by them.
func dropPager(text string) string {
	if !strings.Contains(text, "--More--") && !strings.Contains(text, "\b") {
		return text
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		l = applyBackspaces(l)
		if strings.Contains(l, "--More--") {
			l = strings.ReplaceAll(l, "--More--", "")
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// applyBackspaces plays a line as a terminal shows it: a backspace moves
// the cursor left, and what follows overwrites.
func applyBackspaces(l string) string {
	if !strings.Contains(l, "\b") {
		return l
	}
	var out []rune
	pos := 0
	for _, r := range l {
		switch {
		case r == '\b':
			if pos > 0 {
				pos--
			}
		case pos < len(out):
			out[pos] = r
			pos++
		default:
			out = append(out, r)
			pos++
		}
	}
	return string(out)
}

// isText reports whether data looks like typed text rather than binary.
func isText(data []byte) bool {
	if !utf8.Valid(data) {
		return false
	}
	for _, c := range data {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != 0x1A && c != '\f' && c != '\b' {
			return false
		}
	}
	return true
}

// fromPEM looks for PEM armour anywhere in the text, even with the BEGIN
// and END lines and the body run together on one line (as web forms and
// chat tools leave them). found is true when a BEGIN marker was seen.
func fromPEM(text string) (der []byte, found bool, err error) {
	var ders [][]byte
	var others []string
	for rest, off := text, 0; ; {
		label, bodyStart, ok := marker(rest, "-----BEGIN ")
		if !ok {
			break
		}
		found = true
		line := 1 + strings.Count(text[:off+bodyStart], "\n")
		endLabel, bodyEnd, next, ok := endMarker(rest[bodyStart:])
		if !ok {
			return nil, true, fmt.Errorf("csr: PEM block %s on line %d has no END line", label, line)
		}
		if endLabel != label {
			return nil, true, fmt.Errorf("csr: PEM block %s on line %d ends with END %s", label, line, endLabel)
		}
		body := rest[bodyStart : bodyStart+bodyEnd]
		rest, off = rest[bodyStart+next:], off+bodyStart+next
		if !isRequestLabel(label) {
			others = append(others, label)
			continue
		}
		var b64 strings.Builder
		for _, l := range strings.Split(body, "\n") {
			if strings.Contains(l, ":") { // RFC 1421 headers
				continue
			}
			b64.WriteString(strings.Join(strings.Fields(l), ""))
		}
		d, err := decodeBase64(b64.String())
		if err != nil {
			return nil, true, fmt.Errorf("csr: PEM block %s on line %d: %w", label, line, err)
		}
		ders = appendNew(ders, d)
	}
	switch {
	case !found:
		return nil, false, nil
	case len(ders) == 0:
		return nil, true, fmt.Errorf("%w: the PEM holds %s, not a CERTIFICATE REQUEST", ErrNoRequest, strings.Join(others, ", "))
	case len(ders) > 1:
		return nil, true, fmt.Errorf("csr: the input holds %d different certificate requests; give one at a time", len(ders))
	}
	return ders[0], true, nil
}

// marker finds the first "-----BEGIN X-----" (or END) in s and returns X
// and the offset just past the marker.
func marker(s, prefix string) (label string, after int, ok bool) {
	i := strings.Index(s, prefix)
	if i < 0 {
		return "", 0, false
	}
	j := strings.Index(s[i+len(prefix):], "-----")
	if j < 0 {
		return "", 0, false
	}
	label = strings.TrimSpace(s[i+len(prefix) : i+len(prefix)+j])
	return label, i + len(prefix) + j + len("-----"), true
}

// endMarker finds the END marker in s: its label, where it starts (the end
// of the body) and the offset just past it.
func endMarker(s string) (label string, start, after int, ok bool) {
	i := strings.Index(s, "-----END ")
	if i < 0 {
		return "", 0, 0, false
	}
	label, n, ok := marker(s[i:], "-----END ")
	return label, i, i + n, ok
}

func isRequestLabel(label string) bool {
	for _, l := range requestLabels {
		if label == l {
			return true
		}
	}
	return false
}

// fromBase64 finds a request written as bare base64 amid terminal chatter:
// runs of lines holding only base64 characters. Runs separated by blank
// lines alone are tried joined first, since some copies double-space every
// line, then one by one.
func fromBase64(lines []string) ([]byte, error) {
	var groups [][]string // each group: runs separated only by blank lines
	var cur []string      // runs of the current group
	var line strings.Builder
	flushRun := func() {
		if line.Len() > 0 {
			cur = append(cur, line.String())
			line.Reset()
		}
	}
	flushGroup := func() {
		flushRun()
		if len(cur) > 0 {
			groups = append(groups, cur)
			cur = nil
		}
	}
	for _, l := range lines {
		l = strings.TrimSpace(strings.Trim(l, "\x1a\f"))
		switch {
		case l == "":
			flushRun()
		case isBase64Line(l):
			line.WriteString(l)
		default:
			flushGroup()
		}
	}
	flushGroup()

	var ders [][]byte
	var notRequest bool // a block held a certificate
	var damaged error   // a long block that is not a whole request
	for _, g := range groups {
		candidates := []string{strings.Join(g, "")}
		if len(g) > 1 {
			candidates = append(candidates, g...)
		}
		for _, c := range candidates {
			d, err := decodeBase64(c)
			if err != nil {
				if len(c) >= 128 && damaged == nil {
					damaged = &quietError{fmt.Sprintf("csr: a block of %d base64 characters does not decode (damaged in the copy?)", len(c)), err}
				}
				continue
			}
			if len(d) == 0 || d[0] != 0x30 {
				continue
			}
			if _, err := x509.ParseCertificateRequest(d); err != nil {
				if _, cerr := x509.ParseCertificate(d); cerr == nil {
					notRequest = true
				} else if damaged == nil {
					damaged = &quietError{fmt.Sprintf("csr: a base64 block decodes to %d bytes that are not a whole request (a line missing from the copy?)", len(d)), err}
				}
				continue
			}
			ders = appendNew(ders, d)
			break
		}
	}
	switch {
	case len(ders) == 1:
		return ders[0], nil
	case len(ders) > 1:
		return nil, fmt.Errorf("csr: the input holds %d different certificate requests; give one at a time", len(ders))
	case damaged != nil:
		return nil, damaged
	case notRequest:
		return nil, fmt.Errorf("%w: the base64 in the input is a certificate, not a certificate request", ErrNoRequest)
	}
	return nil, fmt.Errorf("%w: no PEM armour, DER or base64 block in the input", ErrNoRequest)
}

// appendNew appends d to ders unless the same bytes are there already.
func appendNew(ders [][]byte, d []byte) [][]byte {
	if slices.ContainsFunc(ders, func(x []byte) bool { return bytes.Equal(x, d) }) {
		return ders
	}
	return append(ders, d)
}

// isBase64Line reports whether l holds only base64 characters.
func isBase64Line(l string) bool {
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '=') {
			return false
		}
	}
	return true
}

// decodeBase64 decodes standard base64, with or without padding.
func decodeBase64(s string) ([]byte, error) {
	d, err := base64.StdEncoding.DecodeString(s)
	if err == nil {
		return d, nil
	}
	if d, err2 := base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "=")); err2 == nil {
		return d, nil
	}
	return nil, err
}
