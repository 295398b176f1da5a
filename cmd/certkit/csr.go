package main

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/csr"
	"github.com/voicepki/certkit/pkg/finding"
)

const csrAbout = `
Read a certificate signing request and lint it. FILE may be PEM, DER, bare
base64 or a whole IOS "crypto pki enroll" terminal capture. Prints the
subject, SANs, key, signature algorithm, requested extensions and the
findings. Exit 0 with no error finding (warnings allowed), 1 with one, 2
when FILE is unreadable.`

// csrJSON is the --json output; its field names are a contract.
type csrJSON struct {
	Subject            string            `json:"subject"`
	CommonName         string            `json:"common_name"`
	DNSNames           []string          `json:"dns_names"`
	IPAddresses        []string          `json:"ip_addresses"`
	KeyAlgorithm       string            `json:"key_algorithm"`
	KeyBits            int               `json:"key_bits"`
	SignatureAlgorithm string            `json:"signature_algorithm"`
	KeyUsage           []string          `json:"key_usage"`
	ExtKeyUsage        []string          `json:"ext_key_usage"`
	Extensions         []string          `json:"requested_extensions"`
	Findings           []finding.Finding `json:"findings"`
	sans               []string          // every SAN, for the text output
	key                string            // x509text.DescribeKey, for the text output
}

func runCSR(e *env, args []string) int {
	fs := e.flags("csr", "[--json] [--hostname H] [--fqdn F] [--service S] FILE", csrAbout)
	asJSON := fs.Bool("json", false, "print the request and findings as JSON")
	var p csr.Policy
	fs.StringVar(&p.Hostname, "hostname", "", "expected host name: the CN or a SAN must equal it exactly")
	fs.StringVar(&p.FQDN, "fqdn", "", "expected fully qualified name: the CN or a SAN must equal it exactly")
	service := choiceFlag(fs, "service", "", csr.Services(), "the CUCM certificate purpose, any letter case: adds the CUCM checks")
	files, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	switch len(files) {
	case 0:
		return e.usageError("csr", "no FILE given")
	case 1:
	default:
		return e.usageError("csr", "takes one FILE, got %d (run it once per request)", len(files))
	}
	p.Service = *service
	name := files[0]
	data, err := e.readInput(name)
	if err != nil {
		e.fileError(name, err)
		return exitUsage
	}
	req, err := csr.Parse(data)
	if req == nil {
		if errors.Is(err, csr.ErrNoRequest) {
			e.fileError(name, err, "certkit csr reads certificate signing requests; use certkit inspect for other files")
		} else {
			e.fileError(name, err)
		}
		return exitUsage
	}
	findings := csr.Lint(req, p)
	usage, _ := csr.RequestedUsage(req) // a malformed extension is a finding already
	out := toCSRJSON(req, usage, findings)
	if *asJSON {
		if err := writeJSON(e, out); err != nil {
			return exitUsage
		}
	} else {
		printCSR(e.stdout, out)
	}
	for _, f := range findings {
		if f.Severity == finding.Error {
			return exitCheck
		}
	}
	return exitOK
}

// keyAlgorithm names a request's key algorithm for csr --json:
// crypto/x509's name, or "unknown" for an algorithm it does not know.
func keyAlgorithm(req *x509.CertificateRequest) string {
	if req.PublicKeyAlgorithm == x509.UnknownPublicKeyAlgorithm {
		return "unknown"
	}
	return req.PublicKeyAlgorithm.String()
}

func toCSRJSON(req *x509.CertificateRequest, u csr.Usage, findings []finding.Finding) csrJSON {
	out := csrJSON{
		Subject:            x509text.RequestSubject(req),
		CommonName:         req.Subject.CommonName,
		DNSNames:           append([]string{}, req.DNSNames...),
		IPAddresses:        []string{},
		KeyAlgorithm:       keyAlgorithm(req),
		KeyBits:            x509text.KeyBits(req.PublicKey),
		SignatureAlgorithm: req.SignatureAlgorithm.String(),
		KeyUsage:           append([]string{}, u.KeyUsageNames()...),
		ExtKeyUsage:        append([]string{}, u.ExtKeyUsageNames()...),
		Extensions:         append([]string{}, u.Extensions...),
		Findings:           append([]finding.Finding{}, findings...),
		sans:               x509text.RequestSANs(req),
		key:                x509text.DescribeKey(req.PublicKey).String(),
	}
	for _, ip := range req.IPAddresses {
		out.IPAddresses = append(out.IPAddresses, ip.String())
	}
	return out
}

func printCSR(w io.Writer, c csrJSON) {
	row := func(label, value string) { fmt.Fprintf(w, "%-20s %s\n", label+":", x509text.Printable(value)) }
	row("subject", c.Subject)
	row("SANs", orNone(c.sans))
	row("key", c.key)
	row("signature", c.SignatureAlgorithm)
	row("key usage", orNone(c.KeyUsage))
	row("extended key usage", orNone(c.ExtKeyUsage))
	row("extensions", orNone(c.Extensions))
	if len(c.Findings) == 0 {
		fmt.Fprintln(w, "findings:            none")
		return
	}
	fmt.Fprintln(w, "findings:")
	for _, f := range c.Findings {
		fmt.Fprintf(w, "  %-7s %s: %s\n", f.Severity, f.Code, f.Message)
	}
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "(none)"
	}
	return strings.Join(s, ", ")
}
