// Package revoke checks whether a certificate is revoked: it asks the
// OCSP responders of the certificate's authority information access
// extension first (golang.org/x/crypto/ocsp), then its CRL distribution
// points (crypto/x509's CRL parser), and checks each answer against the
// certificate's issuer. It is the one place of that rule: package chain
// calls it for Options.Revocation, and the network side is whatever
// Getter it is handed (internal/aiafetch's Client for the command).
//
// An OCSP answer counts when it is a successful basic response for the
// certificate's serial, signed by the issuer or by a responder
// certificate the issuer signed that has the OCSPSigning extended key
// usage and is valid at the time of the check, and current then (its
// thisUpdate not after it, its nextUpdate, if any, not before it). A CRL
// counts when the issuer's key verifies it and it is current the same
// way (its nextUpdate must be there). An OCSP answer is matched by serial
// only: x/crypto/ocsp does not return its issuer name and key hashes, and
// the issuer's signature binds it. The first answer that counts, good
// or revoked, is the result; when none does, the result is unknown and
// says why.
//
// A request goes by GET (the base64 of the DER, URL-escaped, after the
// responder's URL) when that base64 is shorter than 255 bytes, as RFC
// 5019 section 5 asks, else by POST (RFC 6960 appendix A). A request for
// one certificate with SHA-1 hashes, which certkit makes, is about 100
// bytes of base64: POST is for serials and URLs out of the ordinary.
package revoke

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/x509text"
	"golang.org/x/crypto/ocsp"
)

// Getter downloads what a revocation URL answers, at most limit bytes;
// chain.Revoker has the same methods.
type Getter interface {
	Get(ctx context.Context, url string, limit int64) ([]byte, error)
	Post(ctx context.Context, url string, body []byte, limit int64) ([]byte, error)
}

// Status is what is known of a certificate.
type Status string

// The statuses.
const (
	Good    Status = "good"
	Revoked Status = "revoked"
	Unknown Status = "unknown"
)

// The bounds of one answer, and the GET rule.
const (
	MaxOCSPSize = 1 << 20  // 1 MiB
	MaxCRLSize  = 10 << 20 // 10 MiB
	// maxGetBase64 is the longest base64 request sent by GET.
	maxGetBase64 = 254
)

// Source names what answered.
const (
	SourceOCSP = "OCSP"
	SourceCRL  = "CRL"
)

// Result is what one check found.
type Result struct {
	Status Status
	// Reason is, when Revoked, the reason's name from RFC 5280
	// (keyCompromise, superseded...), "" when none is given; when
	// Unknown, why there is no answer that counts, in words.
	Reason string
	// RevokedAt is when the certificate was revoked.
	RevokedAt time.Time
	// Source is SourceOCSP or SourceCRL: the kind of URL that answered
	// (or, when Unknown, the last asked); "" when none was asked.
	Source string
	// URL is the responder or distribution point asked, without user
	// name and password.
	URL string
	// NotFetched lists the URLs named but not asked: LDAP and other
	// schemes than http and https.
	NotFetched []string
}

// Checker checks certificates against their OCSP responders and CRLs,
// asking each URL at most once: a CRL, and an OCSP answer, serve every
// certificate they are asked for after the first. Use one Checker for
// one run, from one goroutine.
type Checker struct {
	Get Getter
	// At is the time answers must be current at.
	At time.Time

	ocsp map[string]fetched
	crl  map[string]*crlEntry
}

type fetched struct {
	body []byte
	err  error
}

// crlEntry is a CRL downloaded once, parsed once, with the issuers that
// verified it.
type crlEntry struct {
	list     *x509.RevocationList
	err      error // download or parse
	verified map[string]error
	serials  map[string]int // serial's bytes to the index of the entry
}

// ErrBudget is the error of a URL not asked because ctx ended.
var errBudget = errors.New("not asked: the time for revocation checks was spent")

// Check asks the responders and distribution points of cert, whose
// issuer is issuer (nil when it is not known: the result is then
// Unknown), and judges their answers at c.At. ctx bounds the whole.
func (c *Checker) Check(ctx context.Context, cert, issuer *x509.Certificate) Result {
	var r Result
	var why []string
	note := func(source, u string, err error) {
		r.Source, r.URL = source, u
		why = append(why, fmt.Sprintf("%s %s: %s", source, x509text.PrintableURL(u), Why(err)))
	}
	// The http(s) URLs are asked; the others (LDAP) are listed.
	asked := func(urls []string) (fetch []string) {
		for _, u := range urls {
			u, _ = x509text.StripUserinfo(u)
			if x509text.HTTP(u) {
				fetch = append(fetch, u)
			} else {
				r.NotFetched = append(r.NotFetched, u)
			}
		}
		return fetch
	}
	ocspURLs := asked(cert.OCSPServer)
	crlURLs := asked(cert.CRLDistributionPoints)
	unknown := func(reason string) Result {
		r.Status, r.Reason = Unknown, reason
		return r
	}
	if issuer == nil {
		return unknown("its issuer is not among the certificates, so no answer can be checked")
	}
	if len(ocspURLs)+len(crlURLs) == 0 {
		if len(r.NotFetched) > 0 {
			return unknown("it names only URLs that are not asked (LDAP or other than http and https)")
		}
		return unknown("it names no OCSP responder and no CRL distribution point")
	}
	for _, u := range ocspURLs {
		body, err := c.askOCSP(ctx, u, cert, issuer)
		if err == nil {
			var res Result
			res, err = CheckOCSPResponse(body, cert, issuer, c.At)
			if err == nil && res.Status != Unknown {
				res.Source, res.URL, res.NotFetched = SourceOCSP, u, r.NotFetched
				return res
			}
			if err == nil {
				err = errors.New("the responder does not know the certificate")
			}
		}
		note(SourceOCSP, u, err)
	}
	for _, u := range crlURLs {
		res, err := c.checkCRL(ctx, u, cert, issuer)
		if err == nil {
			res.Source, res.URL, res.NotFetched = SourceCRL, u, r.NotFetched
			return res
		}
		note(SourceCRL, u, err)
	}
	return unknown(strings.Join(why, "; "))
}

// Why is an error's words without the package prefixes, and without the
// URL aiafetch names (the caller names it).
func Why(err error) string {
	s := err.Error()
	if rest, ok := strings.CutPrefix(s, "aiafetch: "); ok {
		if _, detail, ok := strings.Cut(rest, ": "); ok {
			s = detail
		}
	}
	s = strings.TrimPrefix(s, "revoke: ")
	return x509text.Printable(s)
}

// askOCSP sends cert's request to the responder u, once per run.
func (c *Checker) askOCSP(ctx context.Context, u string, cert, issuer *x509.Certificate) ([]byte, error) {
	req, err := ocsp.CreateRequest(cert, issuer, nil)
	if err != nil {
		return nil, fmt.Errorf("revoke: cannot make the request: %w", err)
	}
	b64 := base64.StdEncoding.EncodeToString(req)
	key := u + "\x00" + b64
	if f, ok := c.ocsp[key]; ok {
		return f.body, f.err
	}
	var f fetched
	if ctx.Err() != nil {
		f.err = errBudget
	} else if len(b64) <= maxGetBase64 {
		f.body, f.err = c.Get.Get(ctx, GetURL(u, b64), MaxOCSPSize)
	} else {
		f.body, f.err = c.Get.Post(ctx, u, req, MaxOCSPSize)
	}
	if f.err != nil && ctx.Err() != nil && !errors.Is(f.err, errBudget) {
		f.err = fmt.Errorf("%w (the time for revocation checks was spent)", f.err)
	}
	if c.ocsp == nil {
		c.ocsp = map[string]fetched{}
	}
	c.ocsp[key] = f
	return f.body, f.err
}

// GetURL is the URL of an OCSP GET request: the responder's URL, a slash
// unless it ends with one, and the request's base64, URL-escaped.
func GetURL(responder, b64 string) string {
	if !strings.HasSuffix(responder, "/") {
		responder += "/"
	}
	return responder + url.QueryEscape(b64)
}

// checkCRL downloads and parses the CRL at u once per run, and judges
// cert by it.
func (c *Checker) checkCRL(ctx context.Context, u string, cert, issuer *x509.Certificate) (Result, error) {
	e, ok := c.crl[u]
	if !ok {
		e = &crlEntry{verified: map[string]error{}}
		if ctx.Err() != nil {
			e.err = errBudget
		} else if body, err := c.Get.Get(ctx, u, MaxCRLSize); err != nil {
			e.err = err
			if ctx.Err() != nil {
				e.err = fmt.Errorf("%w (the time for revocation checks was spent)", err)
			}
		} else if e.list, err = x509.ParseRevocationList(body); err != nil {
			why := ""
			if !strings.HasPrefix(err.Error(), "asn1:") { // asn1's words quote the structure
				why = " (" + err.Error() + ")"
			}
			e.err = quiet{fmt.Sprintf("revoke: not a CRL crypto/x509 reads, %d bytes%s", len(body), why), err}
		} else {
			e.serials = make(map[string]int, len(e.list.RevokedCertificateEntries))
			for i, rc := range e.list.RevokedCertificateEntries {
				if rc.SerialNumber != nil {
					e.serials[string(rc.SerialNumber.Bytes())+sign(rc.SerialNumber.Sign())] = i
				}
			}
		}
		if c.crl == nil {
			c.crl = map[string]*crlEntry{}
		}
		c.crl[u] = e
	}
	if e.err != nil {
		return Result{}, e.err
	}
	verr, ok := e.verified[string(issuer.Raw)]
	if !ok {
		verr = verifyCRL(e.list, issuer)
		e.verified[string(issuer.Raw)] = verr
	}
	if verr != nil {
		return Result{}, verr
	}
	if err := current("CRL", e.list.ThisUpdate, e.list.NextUpdate, true, c.At); err != nil {
		return Result{}, err
	}
	i, ok := e.serials[string(cert.SerialNumber.Bytes())+sign(cert.SerialNumber.Sign())]
	if !ok {
		return Result{Status: Good}, nil
	}
	rc := e.list.RevokedCertificateEntries[i]
	return Result{Status: Revoked, Reason: ReasonName(rc.ReasonCode), RevokedAt: rc.RevocationTime}, nil
}

func sign(s int) string {
	if s < 0 {
		return "-"
	}
	return ""
}

// CheckCRL judges cert by the CRL der at time at: the CRL must parse,
// be signed by issuer and be current. It returns Good or Revoked, or an
// error saying why the CRL does not count.
func CheckCRL(der []byte, cert, issuer *x509.Certificate, at time.Time) (Result, error) {
	c := &Checker{Get: bytesGetter(der), At: at}
	return c.checkCRL(context.Background(), "crl", cert, issuer)
}

// bytesGetter answers every Get with itself.
type bytesGetter []byte

func (b bytesGetter) Get(context.Context, string, int64) ([]byte, error)          { return b, nil }
func (b bytesGetter) Post(context.Context, string, []byte, int64) ([]byte, error) { return b, nil }

// verifyCRL checks that issuer's key signed l and issuer is named its
// issuer.
func verifyCRL(l *x509.RevocationList, issuer *x509.Certificate) error {
	if err := l.CheckSignatureFrom(issuer); err != nil {
		return quiet{fmt.Sprintf("revoke: the CRL of %s is not signed by %s%s", x509text.CRLIssuer(l), x509text.Describe(issuer), signatureWhy(err)), err}
	}
	return nil
}

// current says why an answer dated thisUpdate..nextUpdate does not count
// at time at; needNext says that a missing nextUpdate does not count.
func current(what string, thisUpdate, nextUpdate time.Time, needNext bool, at time.Time) error {
	const day = "2006-01-02 15:04 MST"
	switch {
	case thisUpdate.After(at):
		return fmt.Errorf("revoke: the %s is dated %s, after %s", what, thisUpdate.UTC().Format(day), at.UTC().Format(day))
	case nextUpdate.IsZero() && needNext:
		return fmt.Errorf("revoke: the %s has no next update time", what)
	case !nextUpdate.IsZero() && nextUpdate.Before(at):
		return fmt.Errorf("revoke: the %s expired: its next update was due %s", what, nextUpdate.UTC().Format(day))
	}
	return nil
}

// CheckOCSPResponse judges the OCSP response der for cert, whose issuer
// is issuer, at time at: it returns Good, Revoked or Unknown (the
// responder's own word), or an error saying why the response does not
// count.
func CheckOCSPResponse(der []byte, cert, issuer *x509.Certificate, at time.Time) (Result, error) {
	// The library checks the structure, picks the serial's answer, and
	// checks the signature of an embedded responder certificate over the
	// response; the issuer's part is checked below.
	resp, err := ocsp.ParseResponseForCert(der, cert, nil)
	if err != nil {
		var re ocsp.ResponseError
		if errors.As(err, &re) {
			return Result{}, fmt.Errorf("revoke: the responder answered %q", re.Status.String())
		}
		var pe ocsp.ParseError
		switch {
		case errors.As(err, &pe) && strings.Contains(string(pe), "no response matching"):
			return Result{}, quiet{fmt.Sprintf("revoke: the OCSP answer is not about serial %s", x509text.Serial(cert.SerialNumber)), err}
		case errors.As(err, &pe):
			return Result{}, fmt.Errorf("revoke: not an OCSP answer that can be used (%d bytes): %w", len(der), err)
		}
		// asn1's words quote the structure; the size says enough.
		return Result{}, quiet{fmt.Sprintf("revoke: not an OCSP response (%d bytes)", len(der)), err}
	}
	if rc := resp.Certificate; rc != nil && !rc.Equal(issuer) {
		if err := rc.CheckSignatureFrom(issuer); err != nil {
			return Result{}, quiet{fmt.Sprintf("revoke: the OCSP responder %s is not certified by %s%s", x509text.Describe(rc), x509text.Describe(issuer), signatureWhy(err)), err}
		}
		ocspSigning := false
		for _, u := range rc.ExtKeyUsage {
			ocspSigning = ocspSigning || u == x509.ExtKeyUsageOCSPSigning
		}
		if !ocspSigning {
			return Result{}, fmt.Errorf("revoke: the OCSP responder %s lacks the OCSPSigning extended key usage", x509text.Describe(rc))
		}
		if at.Before(rc.NotBefore) || at.After(rc.NotAfter) {
			return Result{}, fmt.Errorf("revoke: the OCSP responder %s is not valid at %s", x509text.Describe(rc), at.UTC().Format("2006-01-02"))
		}
	} else if err := resp.CheckSignatureFrom(issuer); err != nil {
		return Result{}, quiet{fmt.Sprintf("revoke: the OCSP response is not signed by %s%s", x509text.Describe(issuer), signatureWhy(err)), err}
	}
	if err := current("OCSP response", resp.ThisUpdate, resp.NextUpdate, false, at); err != nil {
		return Result{}, err
	}
	switch resp.Status {
	case ocsp.Good:
		return Result{Status: Good}, nil
	case ocsp.Revoked:
		return Result{Status: Revoked, Reason: ReasonName(resp.RevocationReason), RevokedAt: resp.RevokedAt}, nil
	}
	return Result{Status: Unknown, Reason: "the responder does not know the certificate"}, nil
}

// signatureWhy adds to "not signed by X" what crypto/x509 says beyond a
// signature that does not verify: X's key usage or CA flag forbids it,
// or the algorithm is not supported.
func signatureWhy(err error) string {
	var cv x509.ConstraintViolationError
	switch {
	case errors.As(err, &cv):
		return " (its key usage or CA flag does not allow it)"
	case errors.Is(err, x509.ErrUnsupportedAlgorithm):
		return " (an unsupported signature algorithm)"
	}
	return ""
}

// quiet is an error whose words leave out those of the error it wraps.
type quiet struct {
	msg string
	err error
}

func (q quiet) Error() string { return q.msg }
func (q quiet) Unwrap() error { return q.err }

// ReasonName is RFC 5280's name of a CRL reason code; "" for
// unspecified (0) and for codes it does not define.
func ReasonName(code int) string {
	names := map[int]string{
		1: "keyCompromise", 2: "cACompromise", 3: "affiliationChanged", 4: "superseded",
		5: "cessationOfOperation", 6: "certificateHold", 8: "removeFromCRL",
		9: "privilegeWithdrawn", 10: "aACompromise",
	}
	return names[code]
}
