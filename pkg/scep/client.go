package scep

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	neturl "net/url"
	"strings"
	"time"
)

// The bounds of a run, which the package doc states.
const (
	defaultTimeout     = 5 * time.Second
	maxBody            = 1 << 20  // bytes of one response body
	maxHeader          = 64 << 10 // bytes of one response's headers
	maxRedirects       = 5
	maxRequests        = 32 // per Probe or Enroll, redirects and polls included
	defaultUserAgent   = "Cisco PKI"
	defaultPollDelay   = time.Second
	defaultEnrollPolls = 10
)

// Reason classifies why the server gave no SCEP answer.
type Reason string

// The reasons of an *Error, listed in the package doc.
const (
	reasonTimeout   Reason = "timeout"
	reasonStatus    Reason = "http-status"
	reasonTooLarge  Reason = "too-large"
	reasonRedirects Reason = "redirects"
	reasonRequests  Reason = "too-many-requests"
	reasonNotSCEP   Reason = "not-scep"
	reasonNetwork   Reason = "network"
	reasonURL       Reason = "bad-url"
)

// Error says why a request got no SCEP answer: an HTTP error, an HTML
// page, a redirect loop, a timeout, an oversize body. It never quotes the
// body; it names its content type and size.
type Error struct {
	URL       string // without user information
	Operation string // "GetCACaps", "GetCACert", "PKIOperation"...
	Reason    Reason
	Detail    string
	Err       error
}

// Error says what went wrong, as the command prints it.
func (e *Error) Error() string {
	return fmt.Sprintf("scep: %s %s: %s", e.Operation, e.URL, e.Detail)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// response is one HTTP answer, read whole.
type response struct {
	status      int
	contentType string // media type, lowercase, without parameters
	rawType     string
	body        []byte
}

// describe says what came back without quoting it: content type and size.
func (r *response) describe() string {
	ct := r.rawType
	if ct == "" {
		ct = "no content type"
	}
	return fmt.Sprintf("%s, %d bytes", ct, len(r.body))
}

// client makes the bounded requests of one run.
type client struct {
	hc        *http.Client
	timeout   time.Duration
	userAgent string
	requests  int
	own       *http.Transport
}

func newClient(o Options) *client {
	c := &client{timeout: o.Timeout, userAgent: o.UserAgent}
	if c.timeout <= 0 {
		c.timeout = defaultTimeout
	}
	if c.userAgent == "" {
		c.userAgent = defaultUserAgent
	}
	rt := o.Transport
	if rt == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxResponseHeaderBytes = maxHeader
		t.ResponseHeaderTimeout = c.timeout
		c.own, rt = t, t
	}
	c.hc = &http.Client{
		Transport: counting{c, rt},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			req.URL.User = nil
			if len(via) > maxRedirects {
				return errTooManyRedirects
			}
			for _, v := range via {
				if v.URL.String() == req.URL.String() {
					return errRedirectLoop
				}
			}
			return nil
		},
	}
	return c
}

var (
	errTooManyRedirects = fmt.Errorf("more than %d redirects", maxRedirects)
	errRedirectLoop     = errors.New("a redirect loop")
	errBudget           = fmt.Errorf("more than %d requests in one run", maxRequests)
)

// counting counts every request, redirects included, against maxRequests.
type counting struct {
	c  *client
	rt http.RoundTripper
}

func (t counting) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.c.requests >= maxRequests {
		return nil, errBudget
	}
	t.c.requests++
	return t.rt.RoundTrip(req)
}

func (c *client) close() {
	if c.own != nil {
		c.own.CloseIdleConnections()
	}
}

// cleanURL parses raw and drops its user information.
func cleanURL(raw string) (*neturl.URL, error) {
	u, err := neturl.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, &Error{URL: redact(raw), Operation: "request", Reason: reasonURL, Detail: "not a URL", Err: err}
	}
	u.User = nil
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, &Error{URL: u.String(), Operation: "request", Reason: reasonURL, Detail: "not an http:// or https:// URL"}
	}
	return u, nil
}

// redact drops anything that looks like user information from a string
// that did not parse as a URL.
func redact(raw string) string {
	if i := strings.Index(raw, "@"); i >= 0 {
		if j := strings.Index(raw, "://"); j >= 0 && j < i {
			return raw[:j+3] + raw[i+1:]
		}
	}
	return raw
}

// do sends one SCEP request: GET with operation and message in the query,
// or POST with body when body is not nil.
func (c *client) do(ctx context.Context, base *neturl.URL, op, message string, body []byte) (*response, error) {
	u := *base
	q := u.Query()
	q.Set("operation", op)
	if body == nil && message != "" {
		q.Set("message", message)
	}
	u.RawQuery = q.Encode()
	fail := func(r Reason, err error, format string, args ...any) error {
		return &Error{URL: base.String(), Operation: op, Reason: r, Detail: fmt.Sprintf(format, args...), Err: err}
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	method := http.MethodGet
	var rd io.Reader
	if body != nil {
		method, rd = http.MethodPost, strings.NewReader(string(body))
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, fail(reasonURL, err, "not a URL that can be requested")
	}
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/x-pki-message")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		switch {
		case errors.Is(err, errBudget):
			return nil, fail(reasonRequests, err, "%v", errBudget)
		case errors.Is(err, errTooManyRedirects):
			return nil, fail(reasonRedirects, err, "%v", errTooManyRedirects)
		case errors.Is(err, errRedirectLoop):
			return nil, fail(reasonRedirects, err, "%v", errRedirectLoop)
		case ctx.Err() != nil, isTimeout(err):
			return nil, fail(reasonTimeout, err, "no answer within %s", c.timeout)
		case strings.Contains(err.Error(), "headers exceeded"):
			return nil, fail(reasonTooLarge, err, "the response headers exceed %d KiB", maxHeader>>10)
		}
		var ue *neturl.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fail(reasonNetwork, err, "%v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		if ctx.Err() != nil || isTimeout(err) {
			return nil, fail(reasonTimeout, err, "the response did not arrive within %s", c.timeout)
		}
		return nil, fail(reasonNetwork, err, "reading the response: %v", err)
	}
	r := &response{status: resp.StatusCode, rawType: resp.Header.Get("Content-Type"), body: b}
	if mt, _, err := mime.ParseMediaType(r.rawType); err == nil {
		r.contentType = mt
	}
	if len(b) > maxBody {
		return nil, fail(reasonTooLarge, nil, "HTTP %d, %s: the response is larger than %d MiB; cut off", resp.StatusCode, orNone(r.rawType), maxBody>>20)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fail(reasonStatus, nil, "HTTP %s (%s)%s", resp.Status, r.describe(), statusHint(resp.StatusCode))
	}
	if r.contentType == "text/html" || looksHTML(b) {
		return nil, fail(reasonNotSCEP, nil, "HTTP %d with an HTML page (%s), not a SCEP answer: a web server's default page, a wrong path or a proxy", resp.StatusCode, r.describe())
	}
	return r, nil
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func orNone(ct string) string {
	if ct == "" {
		return "no content type"
	}
	return ct
}

func statusHint(code int) string {
	if code == http.StatusNotFound {
		return ": no SCEP service at this path (NDES: /certsrv/mscep/mscep.dll)"
	}
	return ""
}

// looksHTML reports whether b starts like an HTML document.
func looksHTML(b []byte) bool {
	s := strings.ToLower(strings.TrimSpace(string(b[:min(len(b), 512)])))
	s = strings.TrimPrefix(s, "\ufeff")
	return strings.HasPrefix(s, "<!doctype html") || strings.HasPrefix(s, "<html") || strings.HasPrefix(s, "<head") || strings.HasPrefix(s, "<?xml") && strings.Contains(s, "<html")
}
