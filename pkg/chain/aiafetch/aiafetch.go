// Package aiafetch downloads a missing issuer certificate from the
// caIssuers URL of a certificate's authority information access extension,
// over HTTP or HTTPS. Its Client is the net/http implementation of
// chain.Fetcher, kept apart so that package chain never touches the
// network unless a caller hands it a Client:
//
//	chains, err := chain.Order(certs, chain.Options{Fetch: &aiafetch.Client{}})
//
// Every request is bounded: 5 s, 1 MiB, 5 redirects by default. Private
// addresses are allowed: the internal CAs of Windows AD CS publish their
// certificates on them (http://pki.corp.local/...), and the caller asked
// for the fetch.
package aiafetch

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"time"

	"github.com/voicepki/certkit/pkg/convert"
)

// The default bounds of one request.
const (
	DefaultTimeout      = 5 * time.Second
	DefaultMaxSize      = 1 << 20 // 1 MiB
	DefaultMaxRedirects = 5
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
	// Transport makes the requests. If nil, http.DefaultTransport (which
	// honours HTTPS_PROXY and NO_PROXY), whose connections later
	// requests reuse.
	Transport http.RoundTripper
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
)

// Error says why a URL gave no certificate.
type Error struct {
	URL    string
	Reason Reason
	// Detail says what happened, in words: "HTTP 404 Not Found",
	// "more than 1 MiB", "a PNG image".
	Detail string
	Err    error // the underlying error, if any
}

func (e *Error) Error() string { return "aiafetch: " + e.URL + ": " + e.Detail }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Fetch downloads url and returns the certificates it holds: a DER
// certificate, a PEM file or a PKCS#7 (.p7b/.p7c), in DER or PEM. It fails
// with an *Error on a timeout, a status other than 200, a response over
// MaxSize, too many redirects, or a body that holds no certificate.
func (c *Client) Fetch(ctx context.Context, url string) ([]*x509.Certificate, error) {
	timeout, maxSize, maxRedirects := c.Timeout, c.MaxSize, c.MaxRedirects
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	if maxRedirects <= 0 {
		maxRedirects = DefaultMaxRedirects
	}
	fail := func(r Reason, err error, format string, args ...any) error {
		return &Error{URL: url, Reason: r, Detail: fmt.Sprintf(format, args...), Err: err}
	}
	transport := c.Transport
	if transport == nil {
		transport = http.DefaultTransport
	}
	errRedirects := fmt.Errorf("more than %d redirects", maxRedirects)
	hc := &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return errRedirects
			}
			return nil
		},
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fail(ReasonNetwork, err, "not a URL that can be fetched (%v)", err)
	}
	req.Header.Set("User-Agent", "certkit")
	resp, err := hc.Do(req)
	if err != nil {
		switch {
		case errors.Is(err, errRedirects):
			return nil, fail(ReasonRedirects, err, "more than %d redirects", maxRedirects)
		case ctx.Err() != nil:
			return nil, fail(ReasonTimeout, err, "no answer within %s", timeout)
		}
		return nil, fail(ReasonNetwork, err, "%v", unwrapURLError(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fail(ReasonStatus, nil, "HTTP %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxSize+1))
	if err != nil {
		if ctx.Err() != nil {
			return nil, fail(ReasonTimeout, err, "the response did not arrive within %s", timeout)
		}
		return nil, fail(ReasonNetwork, err, "reading the response: %v", err)
	}
	if int64(len(body)) > maxSize {
		return nil, fail(ReasonTooLarge, nil, "the response is larger than %s; cut off", sizeText(maxSize))
	}
	res, err := convert.Decode(body, convert.Options{})
	if err != nil || len(res.Certificates) == 0 {
		what := "no certificate"
		var de *convert.DecodeError
		if errors.As(err, &de) {
			what = de.Found
		}
		return nil, fail(ReasonNotCertificate, err, "not a certificate (%s)", what)
	}
	return res.Certificates, nil
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
