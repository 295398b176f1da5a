package main

import (
	"crypto/x509"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/aiafetch"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
)

// revocationFlag adds --revocation, which asks OCSP responders and CRL
// distribution points: nothing is asked without it.
func revocationFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("revocation", false, "check whether each certificate is revoked: its OCSP responder (AIA), else its CRL distribution points (http and https; 5 s per request, 20 s in all, 1 MiB an answer, 10 MiB a CRL)")
}

// revoker is the Revoker of --revocation, or nil without it: a Client of
// its own, so that --fetch and --revocation each have their 32 requests.
func revoker(on bool) chain.Revoker {
	if !on {
		return nil
	}
	return &aiafetch.Client{}
}

// revocationJSON is one entry of "revocations" in order --json,
// issuer-for --json and probe --json.
type revocationJSON struct {
	Subject string `json:"subject"`
	SHA256  string `json:"sha256"`
	// Status is good, revoked or unknown.
	Status string `json:"status"`
	// Reason: when revoked, RFC 5280's name of the reason (may be empty);
	// when unknown, why.
	Reason    string `json:"reason,omitempty"`
	RevokedAt string `json:"revoked_at,omitempty"`
	// Source is OCSP or CRL, and URL what was asked.
	Source     string   `json:"source,omitempty"`
	URL        string   `json:"url,omitempty"`
	NotFetched []string `json:"not_fetched,omitempty"`
}

func toRevocationsJSON(rs []chain.Revocation) []revocationJSON {
	var out []revocationJSON
	for _, r := range rs {
		j := revocationJSON{Subject: x509text.Subject(r.Certificate), SHA256: x509text.SHA256(r.Certificate), Status: string(r.Status),
			Reason: r.Reason, Source: r.Source, URL: r.URL, NotFetched: r.NotFetched}
		if !r.RevokedAt.IsZero() {
			j.RevokedAt = r.RevokedAt.UTC().Format(time.RFC3339)
		}
		out = append(out, j)
	}
	return out
}

// revocationLine is the line of text about one certificate's status,
// after prefix, cut so that the line errorf prints ("certkit: " first)
// is at most maxNote characters:
//
//	CN=gw1: revoked (keyCompromise) on 2026-10-01 by OCSP http://ocsp.corp/
//	CN=gw1: good by CRL http://pki.corp/issuing.crl
//	CN=gw1: unknown: OCSP http://ocsp.corp/: no answer within 5s
func revocationLine(prefix string, r chain.Revocation) string {
	name := x509text.Describe(r.Certificate)
	var s string
	switch r.Status {
	case chain.RevocationRevoked:
		why := ""
		if r.Reason != "" {
			why = " (" + r.Reason + ")"
		}
		s = fmt.Sprintf("%s: revoked%s on %s by %s %s", name, why, r.RevokedAt.UTC().Format("2006-01-02"), r.Source, x509text.PrintableURL(r.URL))
	case chain.RevocationGood:
		s = fmt.Sprintf("%s: good by %s %s", name, r.Source, x509text.PrintableURL(r.URL))
	default:
		s = fmt.Sprintf("%s: unknown: %s", name, x509text.Printable(r.Reason))
		if len(r.NotFetched) > 0 {
			s += " (not asked: " + strings.Join(x509text.PrintableURLs(r.NotFetched), ", ") + ")"
		}
	}
	return shorten(prefix+s, maxNote-len("certkit: "))
}

// maxNote is the longest line of a note, prefix included.
const maxNote = 160

// shorten cuts s to at most n characters, ending it with "..." when cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-3]) + "..."
}

// printRevocations writes a line per certificate checked on stderr.
func (e *env) printRevocations(rs []chain.Revocation) {
	for _, r := range rs {
		e.errorf("%s", revocationLine("revocation: ", r))
	}
}

// scanRevocations is the status of each certificate of chains that was
// checked, once each (a CA is on the chain of every certificate below it).
func scanRevocations(chains []chain.Chain) []chain.Revocation {
	var out []chain.Revocation
	seen := map[*x509.Certificate]bool{}
	for _, ch := range chains {
		for _, rv := range ch.Revocations {
			if !seen[rv.Certificate] {
				seen[rv.Certificate] = true
				out = append(out, rv)
			}
		}
	}
	return out
}
