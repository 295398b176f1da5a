package chain

import (
	"context"
	"crypto/x509"
	"fmt"
	"time"

	"github.com/voicepki/certkit/internal/revoke"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
)

// Revoker downloads what an OCSP responder or a CRL distribution point
// answers, for Options.Revocation: Get the bytes at url, Post an OCSP
// request (application/ocsp-request) to url, each returning at most limit
// bytes or an error. Package aiafetch's Client is the HTTP one. Order
// calls it from one goroutine at a time, each URL at most once, with a
// context that carries the deadline of all the checks.
type Revoker interface {
	Get(ctx context.Context, url string, limit int64) ([]byte, error)
	Post(ctx context.Context, url string, body []byte, limit int64) ([]byte, error)
}

// RevocationStatus is what Options.Revocation found of a certificate.
type RevocationStatus string

// The revocation statuses.
const (
	// RevocationGood: an OCSP answer or a CRL that counts says the
	// certificate is not revoked.
	RevocationGood RevocationStatus = "good"
	// RevocationRevoked: one says it is revoked.
	RevocationRevoked RevocationStatus = "revoked"
	// RevocationUnknown: no answer counts; Revocation.Reason says why.
	RevocationUnknown RevocationStatus = "unknown"
)

// Revocation is the revocation status of one certificate of a chain.
type Revocation struct {
	Certificate *x509.Certificate
	Status      RevocationStatus
	// Reason is, when revoked, RFC 5280's name of the reason
	// (keyCompromise, superseded...), "" when none is given; when
	// unknown, why no answer counts, in words, each URL asked named.
	Reason string
	// RevokedAt is when the certificate was revoked.
	RevokedAt time.Time
	// Source is "OCSP" or "CRL": the kind of URL that answered (when
	// unknown, the last asked), "" when none was asked.
	Source string
	// URL is the responder or distribution point that answered (when
	// unknown, the last asked), without user name and password.
	URL string
	// NotFetched lists the URLs the certificate names that are not asked:
	// LDAP, and schemes other than http and https.
	NotFetched []string
}

// defaultRevocationBudget is the time all the revocation checks of one
// Order call may take together, when Options.RevocationBudget is zero.
const defaultRevocationBudget = 20 * time.Second

// revocations checks every certificate of chains but a self-signed root
// or a trust anchor at the top, each once (with the issuer its chain
// gives it), and fills each chain's Revocations, with a warning for a
// revoked certificate.
func (g *graph) revocations(chains []Chain, opts Options) {
	budget := opts.RevocationBudget
	if budget <= 0 {
		budget = defaultRevocationBudget
	}
	parent := context.Background()
	if opts.ctx != nil {
		parent = opts.ctx
	}
	ctx, cancel := context.WithTimeout(parent, budget)
	defer cancel()
	ck := &revoke.Checker{Get: opts.Revocation, At: g.at}
	done := map[string]Revocation{}
	for i := range chains {
		ch := &chains[i]
		for k, c := range ch.Certificates {
			var issuer *x509.Certificate
			if k > 0 {
				issuer = ch.Certificates[k-1]
			} else if ch.Complete {
				continue // a self-signed root or a trust anchor
			}
			key := string(c.Raw)
			if issuer != nil {
				key += "\x00" + string(issuer.Raw)
			}
			rv, ok := done[key]
			if !ok {
				r := ck.Check(ctx, c, issuer)
				rv = Revocation{Certificate: c, Status: RevocationStatus(r.Status), Reason: r.Reason, RevokedAt: r.RevokedAt,
					Source: r.Source, URL: r.URL, NotFetched: r.NotFetched}
				done[key] = rv
			}
			ch.Revocations = append(ch.Revocations, rv)
			if rv.Status == RevocationRevoked {
				ch.Warnings = append(ch.Warnings, revokedFinding(rv))
			}
		}
	}
}

// revokedFinding is the warning about a revoked certificate.
func revokedFinding(rv Revocation) finding.Finding {
	why := ""
	if rv.Reason != "" {
		why = " (" + rv.Reason + ")"
	}
	return finding.Finding{Code: finding.CodeRevoked, Severity: finding.Warning, Certificate: rv.Certificate,
		Message: fmt.Sprintf("%s was revoked%s on %s, says the %s at %s", x509text.Describe(rv.Certificate), why,
			rv.RevokedAt.UTC().Format(day), rv.Source, x509text.PrintableURL(rv.URL))}
}
