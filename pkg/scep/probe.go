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
	// CodeNoCaps: the server lists no capabilities at GetCACaps.
	CodeNoCaps finding.Code = "scep-no-caps"
	// CodeWeakHash: the server offers SHA-1 or MD5 and no SHA-256 or SHA-512.
	CodeWeakHash finding.Code = "scep-weak-hash"
	// CodeNoAES: the server offers DES3 and not AES for the envelope.
	CodeNoAES finding.Code = "scep-no-aes"
	// CodeNoPost: the server does not offer POSTPKIOperation.
	CodeNoPost finding.Code = "scep-no-post"
	// CodeContentType: an answer came with a content type SCEP does not name for it.
	CodeContentType finding.Code = "scep-content-type"
	// CodeRA: the CA answered with registration authority certificates, as NDES does.
	CodeRA finding.Code = "scep-ra"
	// CodeNextCA: the server has a next CA certificate: a CA rollover is pending.
	CodeNextCA finding.Code = "scep-next-ca"
	// CodeNoCA: the GetCACert answer holds no CA certificate.
	CodeNoCA finding.Code = "scep-no-ca"
)

// Options bounds and tunes Probe and Enroll. The zero value asks with the
// default bounds, no CA identifier, and judges certificates now.
type Options struct {
	// CAIdent is sent as message= with GetCACert, as IOS sends its
	// trustpoint name. Empty sends none.
	CAIdent string
	// Timeout bounds each request; zero means DefaultTimeout.
	Timeout time.Duration
	// UserAgent is sent with each request; empty means DefaultUserAgent,
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

// HasCap reports whether caps lists name, in any letter case.
func HasCap(caps []string, name string) bool {
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
		res.Findings = append(res.Findings, finding.Finding{Code: CodeContentType, Severity: finding.Info,
			Message: fmt.Sprintf("GetCACaps came as %s; SCEP answers it as text/plain", caps.rawType)})
	}
	res.Findings = append(res.Findings, capFindings(res.Caps)...)

	ca, err := c.do(ctx, base, "GetCACert", opts.CAIdent, nil)
	if err != nil {
		return nil, err
	}
	certs, err := ParseCACert(ca.body)
	if err != nil {
		return nil, &Error{URL: res.URL, Operation: "GetCACert", Reason: ReasonNotSCEP, Err: err,
			Detail: fmt.Sprintf("not a certificate nor a PKCS#7 of certificates (%s)", ca.describe())}
	}
	cas, ras := split(certs)
	want := "application/x-x509-ca-cert"
	if len(certs) > 1 {
		want = "application/x-x509-ca-ra-cert"
	}
	if ca.contentType != want {
		res.Findings = append(res.Findings, finding.Finding{Code: CodeContentType, Severity: finding.Warning,
			Message: fmt.Sprintf("GetCACert came as %s; SCEP names %s for %d %s", orNone(ca.rawType), want, len(certs), plural(len(certs), "certificate", "certificates"))})
	}
	res.CA = cas
	for _, r := range ras {
		res.RA = append(res.RA, RA{Certificate: r, Usage: raUsage(r)})
	}
	res.Authenticate = authenticated(cas, ras)
	if res.Authenticate == nil {
		res.Findings = append(res.Findings, finding.Finding{Code: CodeNoCA, Severity: finding.Error,
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
			parts = append(parts, fmt.Sprintf("%s (%s)", x509text.Label(r.Certificate), r.Usage))
		}
		res.Findings = append(res.Findings, finding.Finding{Code: CodeRA, Severity: finding.Info,
			Message: "the CA answers through a registration authority, as NDES does: " + strings.Join(parts, ", ")})
	}
	if HasCap(res.Caps, "GetNextCACert") {
		next, err := c.do(ctx, base, "GetNextCACert", opts.CAIdent, nil)
		if err != nil {
			return nil, err
		}
		if len(next.body) > 0 {
			nc, err := ParseCACert(next.body)
			if err != nil {
				return nil, &Error{URL: res.URL, Operation: "GetNextCACert", Reason: ReasonNotSCEP, Err: err,
					Detail: fmt.Sprintf("not a certificate nor a PKCS#7 of certificates (%s)", next.describe())}
			}
			res.NextCA = nc
			res.Findings = append(res.Findings, finding.Finding{Code: CodeNextCA, Severity: finding.Warning, Certificate: nc[0],
				Message: fmt.Sprintf("a CA rollover is pending: the next CA is %s; gateways will need it authenticated", x509text.Label(nc[0]))})
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
		return []finding.Finding{{Code: CodeNoCaps, Severity: finding.Warning,
			Message: "GetCACaps lists no capabilities: an old server, which IOS talks to with MD5 or SHA-1 and DES"}}
	}
	var out []finding.Finding
	if !HasCap(caps, "SHA-256") && !HasCap(caps, "SHA-512") {
		out = append(out, finding.Finding{Code: CodeWeakHash, Severity: finding.Warning,
			Message: "the server offers no SHA-256 or SHA-512, only SHA-1 or MD5: requests and answers are signed with a weak hash"})
	}
	if !HasCap(caps, "AES") {
		out = append(out, finding.Finding{Code: CodeNoAES, Severity: finding.Warning,
			Message: "the server offers no AES: the challenge password travels under DES3 or DES"})
	}
	if !HasCap(caps, "POSTPKIOperation") && !HasCap(caps, "SCEPStandard") {
		out = append(out, finding.Finding{Code: CodeNoPost, Severity: finding.Info,
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
