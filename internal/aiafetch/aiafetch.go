// Package aiafetch downloads a missing issuer certificate from the
// caIssuers URL of a certificate's authority information access extension,
// over HTTP or HTTPS, and what OCSP responders and CRL distribution points
// answer. Its Client is the net/http implementation of chain.Fetcher and
// of chain.Revoker, kept apart so that package chain never touches the
// network unless a caller hands it a Client:
//
//	chains, err := chain.Order(certs, chain.Options{Fetch: &aiafetch.Client{}})
//	chains, err := chain.Order(certs, chain.Options{Revocation: &aiafetch.Client{}})
//
// Every request is bounded: 5 s, 1 MiB, 5 redirects and 64 KiB of
// response headers by default, and a Client makes 32 requests in all. A
// user name and password in a URL are never sent. What a server answers is
// never quoted back: an answer that is not a certificate is described by
// its content type and size. Private addresses are allowed: the internal
// CAs of Windows AD CS publish their certificates on them
// (http://pki.corp.local/...), and the caller asked for the fetch.
package aiafetch

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	neturl "net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
)

// The default bounds of one request, and of all a Client makes.
const (
	DefaultTimeout      = 5 * time.Second
	DefaultMaxSize      = 1 << 20 // 1 MiB
	DefaultMaxRedirects = 5
	// DefaultMaxRequests is how many requests a Client makes in all,
	// redirects included, when Client.MaxRequests is zero.
	DefaultMaxRequests = 32
	// MaxHeaderBytes caps the response headers of the Client's own
	// transport (Go's default is 1 MiB, and 10 MiB before it reads them).
	MaxHeaderBytes = 64 << 10
)

// Client fetches certificates over HTTP. The zero value is ready to use,
// with the default bounds.
type Client struct {
	// Timeout bounds each request, redirects and body included. If zero,
	// DefaultTimeout.
	Timeout time.Duration
	// MaxSize is the most bytes read from one response; a longer one is
	// cut off and refused. If zero, DefaultMaxSize.
	MaxSize int64
	// MaxRedirects is how many redirects one request may follow. If
	// zero, DefaultMaxRedirects.
	MaxRedirects int
	// MaxRequests is how many requests the Client makes in all, redirects
	// included: use one Client per run. Once they are made, Fetch fails
	// with an *Error of ReasonLimit, which matches chain.ErrFetchLimit,
	// and Order and IssuerOf stop fetching. If zero, DefaultMaxRequests.
	MaxRequests int
	// Transport makes the requests. If nil, a copy of
	// http.DefaultTransport (which honours HTTPS_PROXY and NO_PROXY) made
	// once per Client, whose connections later requests reuse, with
	// response headers capped at MaxHeaderBytes; an *http.Transport
	// without that cap is copied with it too.
	Transport http.RoundTripper

	requests atomic.Int64 // made so far
	once     sync.Once
	rt       http.RoundTripper

	mu      sync.Mutex
	answers map[string]*answer // Get's and Post's, by request
}

// answer is what one Get or Post request gave, made once.
type answer struct {
	once sync.Once
	body []byte
	err  error
}

// cached makes the request named key once per Client, and gives its
// answer to every later caller, from any goroutine.
func (c *Client) cached(key string, do func() ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	if c.answers == nil {
		c.answers = map[string]*answer{}
	}
	a := c.answers[key]
	if a == nil {
		a = &answer{}
		c.answers[key] = a
	}
	c.mu.Unlock()
	a.once.Do(func() { a.body, a.err = do() })
	return a.body, a.err
}

// transport is the RoundTripper requests go through (see Transport).
func (c *Client) transport() http.RoundTripper {
	c.once.Do(func() {
		c.rt = c.Transport
		t, ok := c.Transport.(*http.Transport)
		if c.Transport == nil {
			t, ok = http.DefaultTransport.(*http.Transport)
		}
		if ok && (t.MaxResponseHeaderBytes <= 0 || t.MaxResponseHeaderBytes > MaxHeaderBytes) {
			t = t.Clone()
			t.MaxResponseHeaderBytes = MaxHeaderBytes
			c.rt = t
		}
		if c.rt == nil {
			c.rt = http.DefaultTransport // not an *http.Transport: as it is
		}
	})
	return c.rt
}

// request counts one more request, and reports whether it may be made.
func (c *Client) request() bool {
	limit := int64(c.MaxRequests)
	if limit <= 0 {
		limit = DefaultMaxRequests
	}
	return c.requests.Add(1) <= limit
}

// Reason classifies why a fetch failed, for callers that branch on it.
type Reason string

// The reasons of an *Error.
const (
	ReasonTimeout        Reason = "timeout"
	ReasonStatus         Reason = "http-status"
	ReasonTooLarge       Reason = "too-large"
	ReasonRedirects      Reason = "too-many-redirects"
	ReasonNotCertificate Reason = "not-a-certificate"
	ReasonNetwork        Reason = "network"
	// ReasonLimit: the Client made MaxRequests requests already; the
	// error matches chain.ErrFetchLimit.
	ReasonLimit Reason = "request-limit"
)

// Error says why a URL gave no certificate.
type Error struct {
	// URL is the URL fetched, without its user name and password.
	URL    string
	Reason Reason
	// Detail says what happened, in words: "HTTP 404 Not Found",
	// "more than 1 MiB", "not a certificate: text/html, 1,234 bytes". It
	// never quotes what the server sent, and prints as
	// x509text.Printable writes it.
	Detail string
	Err    error // the underlying error, if any
}

func (e *Error) Error() string { return "aiafetch: " + x509text.Printable(e.URL) + ": " + e.Detail }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Fetch downloads url and returns the certificates it holds: a DER
// certificate, a PEM file or a PKCS#7 (.p7b/.p7c), in DER or PEM. It fails
// with an *Error on a timeout, a status other than 200, a response over
// MaxSize, too many redirects, a body that holds no certificate, or when
// the Client made MaxRequests requests already. A user name and password
// in url, or in a redirect's, are dropped, never sent.
func (c *Client) Fetch(ctx context.Context, url string) ([]*x509.Certificate, error) {
	url, _ = x509text.StripUserinfo(url)
	body, ctype, err := c.do(ctx, http.MethodGet, url, nil, 0)
	if err != nil {
		return nil, err
	}
	res, err := convert.Decode(body, convert.Options{})
	if err != nil || len(res.Certificates) == 0 {
		// What the server sent is not quoted (a login page's title, an
		// internal page): its type and size say enough.
		var kind error
		var de *convert.DecodeError
		if errors.As(err, &de) {
			kind = de.Err
		}
		return nil, &Error{URL: url, Reason: ReasonNotCertificate, Detail: x509text.Printable(fmt.Sprintf("not a certificate: %s, %d bytes", contentType(ctype), len(body))), Err: kind}
	}
	return res.Certificates, nil
}

// Get downloads url, a CRL distribution point or an OCSP GET request,
// and returns at most limit bytes (MaxSize when limit is zero or less):
// the Get of chain.Revoker, for revocation checks. It fails with an *Error
// as Fetch does, on everything but the content, which is the caller's to
// judge. Each URL is asked once per Client: later calls, from any
// goroutine (probe's targets share one Client), get the first answer,
// so a CRL that several certificates or servers name is downloaded once.
func (c *Client) Get(ctx context.Context, url string, limit int64) ([]byte, error) {
	url, _ = x509text.StripUserinfo(url)
	return c.cached(fmt.Sprintf("GET %d %s", limit, url), func() ([]byte, error) {
		body, _, err := c.do(ctx, http.MethodGet, url, nil, limit)
		return body, err
	})
}

// Post sends an OCSP request (application/ocsp-request) to url and
// returns at most limit bytes of the answer (MaxSize when limit is zero
// or less): the Post of chain.Revoker, for a request too long for a GET.
// It fails as Get does, and sends each request to each URL once per
// Client.
func (c *Client) Post(ctx context.Context, url string, body []byte, limit int64) ([]byte, error) {
	url, _ = x509text.StripUserinfo(url)
	return c.cached(fmt.Sprintf("POST %d %s %x", limit, url, body), func() ([]byte, error) {
		b, _, err := c.do(ctx, http.MethodPost, url, body, limit)
		return b, err
	})
}

// do makes one request of method to url (already stripped of its user
// name and password), sending body when not nil, within the Client's
// bounds, and returns what a 200 answer holds, up to maxSize bytes (the
// Client's MaxSize when zero or less), and its Content-Type.
func (c *Client) do(ctx context.Context, method, url string, body []byte, maxSize int64) ([]byte, string, error) {
	timeout, maxRedirects := c.Timeout, c.MaxRedirects
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if maxSize <= 0 {
		maxSize = c.MaxSize
	}
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	if maxRedirects <= 0 {
		maxRedirects = DefaultMaxRedirects
	}
	fail := func(r Reason, err error, format string, args ...any) ([]byte, string, error) {
		return nil, "", &Error{URL: url, Reason: r, Detail: x509text.Printable(fmt.Sprintf(format, args...)), Err: err}
	}
	limit := func() ([]byte, string, error) {
		n := c.MaxRequests
		if n <= 0 {
			n = DefaultMaxRequests
		}
		return fail(ReasonLimit, chain.ErrFetchLimit, "not fetched: %d requests were made, the most one run makes", n)
	}
	if !c.request() {
		return limit()
	}
	errRedirects := fmt.Errorf("more than %d redirects", maxRedirects)
	errLimit := errors.New("request limit")
	hc := &http.Client{
		Transport: c.transport(),
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return errRedirects
			}
			if !c.request() {
				return errLimit
			}
			req.URL.User = nil // never sent as Basic authentication
			return nil
		},
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return fail(ReasonNetwork, err, "not a URL that can be fetched (%v)", err)
	}
	req.Header.Set("User-Agent", "certkit")
	if body != nil {
		req.Header.Set("Content-Type", "application/ocsp-request")
	}
	resp, err := hc.Do(req)
	if err != nil {
		switch {
		case errors.Is(err, errRedirects):
			return fail(ReasonRedirects, err, "more than %d redirects", maxRedirects)
		case errors.Is(err, errLimit):
			return limit()
		case ctx.Err() != nil:
			return fail(ReasonTimeout, err, "no answer within %s", timeout)
		}
		if strings.Contains(err.Error(), "malformed HTTP") {
			// net/http quotes the line it could not read: the server's
			// answer, which is not quoted back.
			return fail(ReasonNetwork, err, "the answer is not HTTP")
		}
		return fail(ReasonNetwork, err, "%v", unwrapURLError(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		// The code's own words, not the server's reason phrase.
		return fail(ReasonStatus, nil, "%s", strings.TrimSpace(fmt.Sprintf("HTTP %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))))
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxSize+1))
	if err != nil {
		if ctx.Err() != nil {
			return fail(ReasonTimeout, err, "the response did not arrive within %s", timeout)
		}
		return fail(ReasonNetwork, err, "reading the response: %v", err)
	}
	if int64(len(b)) > maxSize {
		return fail(ReasonTooLarge, nil, "the response is larger than %s; cut off", sizeText(maxSize))
	}
	return b, resp.Header.Get("Content-Type"), nil
}

// contentType is a response's media type, without its parameters, or
// "no content type".
func contentType(h string) string {
	t, _, err := mime.ParseMediaType(h)
	if err != nil || t == "" {
		return "no content type"
	}
	return t
}

// unwrapURLError drops net/http's "Get "URL": " prefix: the URL is named
// already.
func unwrapURLError(err error) error {
	var ue *neturl.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func sizeText(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
