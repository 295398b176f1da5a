package scep

import (
	"context"
	"crypto/x509"
	"fmt"
	"net/http"
	neturl "net/url"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/cisco/ios"
	"github.com/voicepki/certkit/pkg/finding"
)

// Codes of the findings of Probe.
const (
	// codeNoCaps: the server lists no capabilities at GetCACaps.
	codeNoCaps finding.Code = "scep-no-caps"
	// codeWeakHash: the server offers SHA-1 or MD5 and no SHA-256 or SHA-512.
	codeWeakHash finding.Code = "scep-weak-hash"
	// codeNoAES: the server offers DES3 and not AES for the envelope.
	codeNoAES finding.Code = "scep-no-aes"
	// codeNoPost: the server does not offer POSTPKIOperation.
	codeNoPost finding.Code = "scep-no-post"
	// codeContentType: an answer came with a content type SCEP does not name for it.
	codeContentType finding.Code = "scep-content-type"
	// codeRA: the CA answered with registration authority certificates, as NDES does.
	codeRA finding.Code = "scep-ra"
	// codeNextCA: the server has a next CA certificate: a CA rollover is pending.
	codeNextCA finding.Code = "scep-next-ca"
	// codeNoCA: the GetCACert answer holds no CA certificate.
	codeNoCA finding.Code = "scep-no-ca"
)

// Options bounds and tunes Probe and Enroll. The zero value asks with the
// default bounds, no CA identifier, and judges certificates now.
type Options struct {
	// CAIdent is sent as message= with GetCACert, as IOS sends its
	// trustpoint name. Empty sends none.
	CAIdent string
	// Timeout bounds each request; zero means 5 s.
	Timeout time.Duration
	// UserAgent is sent with each request; empty means
	// "Cisco PKI", what IOS sends, so that a proxy or server that looks at
	// it treats certkit as it treats the gateway.
	UserAgent string
	// Transport makes the requests; nil means a transport of this call's
	// own, with the header cap.
	Transport http.RoundTripper
	// Verdict says when certificates are judged (internal/verdict).
	Verdict verdict.Options
}

// RA is a registration authority certificate with what it is for.
type RA struct {
	Certificate *x509.Certificate
	// Usage is "signing", "encryption" or "signing, encryption", by key
	// usage.
	Usage string
}

// ProbeResult is everything certkit scep probe shows.
type ProbeResult struct {
	// URL is the URL asked, without user information.
	URL string
	// Caps are the capabilities GetCACaps listed, as the server spelled
	// them.
	Caps []string
	// CA are the CA certificates of the GetCACert answer, the one IOS
	// authenticates first.
	CA []*x509.Certificate
	// RA are the RA certificates of the answer, as it ordered them.
	RA []RA
	// Authenticate is the certificate IOS shows at crypto pki
	// authenticate (see authenticated); MD5 and SHA1 are its fingerprints
	// as IOS prints them.
	Authenticate *x509.Certificate
	MD5, SHA1    string
	// NextCA is the GetNextCACert answer, when the server offers it and
	// has one.
	NextCA []*x509.Certificate
	// Findings are the capability findings and every check of every
	// certificate returned.
	Findings []finding.Finding
	// Requests is how many HTTP requests the probe made.
	Requests int
}

// hasCap reports whether caps lists name, in any letter case.
func hasCap(caps []string, name string) bool {
	for _, c := range caps {
		if strings.EqualFold(c, name) {
			return true
		}
	}
	return false
}

// Probe asks the SCEP server at url what IOS asks at crypto pki
// authenticate: GetCACaps, GetCACert (with Options.CAIdent), and
// GetNextCACert when offered. It fails with an *Error when an answer is
// not SCEP (an HTTP error, an HTML page, a redirect loop, a timeout, an
// oversize body); what SCEP answered but IOS may mind is a finding.
func Probe(ctx context.Context, url string, opts Options) (*ProbeResult, error) {
	u, err := cleanURL(url)
	if err != nil {
		return nil, err
	}
	c := newClient(opts)
	defer c.close()
	r, err := probe(ctx, c, u, opts)
	if r != nil {
		r.Requests = c.requests
	}
	return r, err
}

func probe(ctx context.Context, c *client, base *neturl.URL, opts Options) (*ProbeResult, error) {
	res := &ProbeResult{URL: base.String()}
	vo := opts.Verdict.Fixed()

	caps, err := c.do(ctx, base, "GetCACaps", "", nil)
	if err != nil {
		return nil, err
	}
	res.Caps = strings.Fields(string(caps.body))
	if caps.contentType != "" && caps.contentType != "text/plain" && len(res.Caps) > 0 {
		res.Findings = append(res.Findings, finding.Finding{Code: codeContentType, Severity: finding.Info,
			Message: fmt.Sprintf("GetCACaps came as %s; SCEP answers it as text/plain", caps.rawType)})
	}
	res.Findings = append(res.Findings, capFindings(res.Caps)...)

	ca, err := c.do(ctx, base, "GetCACert", opts.CAIdent, nil)
	if err != nil {
		return nil, err
	}
	certs, err := ParseCACert(ca.body)
	if err != nil {
		return nil, &Error{URL: res.URL, Operation: "GetCACert", Reason: reasonNotSCEP, Err: err,
			Detail: fmt.Sprintf("not a certificate nor a PKCS#7 of certificates (%s)", ca.describe())}
	}
	cas, ras := split(certs)
	want := "application/x-x509-ca-cert"
	if len(certs) > 1 {
		want = "application/x-x509-ca-ra-cert"
	}
	if ca.contentType != want {
		res.Findings = append(res.Findings, finding.Finding{Code: codeContentType, Severity: finding.Warning,
			Message: fmt.Sprintf("GetCACert came as %s; SCEP names %s for %d %s", orNone(ca.rawType), want, len(certs), plural(len(certs), "certificate", "certificates"))})
	}
	res.CA = cas
	for _, r := range ras {
		res.RA = append(res.RA, RA{Certificate: r, Usage: raUsage(r)})
	}
	res.Authenticate = authenticated(cas, ras)
	if res.Authenticate == nil {
		res.Findings = append(res.Findings, finding.Finding{Code: codeNoCA, Severity: finding.Error,
			Message: fmt.Sprintf("GetCACert returned %d %s and no CA certificate: crypto pki authenticate has nothing to accept", len(certs), plural(len(certs), "certificate", "certificates"))})
	} else {
		// The authenticated CA first.
		ordered := []*x509.Certificate{res.Authenticate}
		for _, c := range cas {
			if c != res.Authenticate {
				ordered = append(ordered, c)
			}
		}
		res.CA = ordered
		res.MD5, res.SHA1 = ios.FingerprintMD5(res.Authenticate), ios.FingerprintSHA1(res.Authenticate)
	}
	if len(ras) > 0 {
		var parts []string
		for _, r := range res.RA {
			parts = append(parts, fmt.Sprintf("%s (%s)", x509text.Describe(r.Certificate), r.Usage))
		}
		res.Findings = append(res.Findings, finding.Finding{Code: codeRA, Severity: finding.Info,
			Message: "the CA answers through a registration authority, as NDES does: " + strings.Join(parts, ", ")})
	}
	if hasCap(res.Caps, "GetNextCACert") {
		next, err := c.do(ctx, base, "GetNextCACert", opts.CAIdent, nil)
		if err != nil {
			return nil, err
		}
		if len(next.body) > 0 {
			nc, err := ParseCACert(next.body)
			if err != nil {
				return nil, &Error{URL: res.URL, Operation: "GetNextCACert", Reason: reasonNotSCEP, Err: err,
					Detail: fmt.Sprintf("not a certificate nor a PKCS#7 of certificates (%s)", next.describe())}
			}
			res.NextCA = nc
			res.Findings = append(res.Findings, finding.Finding{Code: codeNextCA, Severity: finding.Warning, Certificate: nc[0],
				Message: fmt.Sprintf("a CA rollover is pending: the next CA is %s; gateways will need it authenticated", x509text.Describe(nc[0]))})
		}
	}
	all := append(append([]*x509.Certificate{}, res.CA...), ras...)
	all = append(all, res.NextCA...)
	res.Findings = append(res.Findings, verdict.Certificates(all, vo)...)
	return res, nil
}

// capFindings judges the capabilities against what an IOS gateway
// needs: SHA-256 rather than SHA-1 or MD5, AES rather than DES3, and
// POSTPKIOperation.
func capFindings(caps []string) []finding.Finding {
	if len(caps) == 0 {
		return []finding.Finding{{Code: codeNoCaps, Severity: finding.Warning,
			Message: "GetCACaps lists no capabilities: an old server, which IOS talks to with MD5 or SHA-1 and DES"}}
	}
	var out []finding.Finding
	if !hasCap(caps, "SHA-256") && !hasCap(caps, "SHA-512") {
		out = append(out, finding.Finding{Code: codeWeakHash, Severity: finding.Warning,
			Message: "the server offers no SHA-256 or SHA-512, only SHA-1 or MD5: requests and answers are signed with a weak hash"})
	}
	if !hasCap(caps, "AES") {
		out = append(out, finding.Finding{Code: codeNoAES, Severity: finding.Warning,
			Message: "the server offers no AES: the challenge password travels under DES3 or DES"})
	}
	if !hasCap(caps, "POSTPKIOperation") && !hasCap(caps, "SCEPStandard") {
		out = append(out, finding.Finding{Code: codeNoPost, Severity: finding.Info,
			Message: "the server does not offer POSTPKIOperation: requests go in the URL of a GET"})
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
