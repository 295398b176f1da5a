package main

import (
	"bufio"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/voicepki/certkit/cmd/certkit/internal/chaintext"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/finding"
)

const orderAbout = `
Order the certificates of every FILE into chains and print each chain as
PEM, root first. A certificate that issued no other one ends a chain; its
issuers are confirmed by signature, never by name alone. A one-line summary
of each certificate goes to stderr. Exit 0 when every chain is complete (and
verified, with --verify), 1 when one is not, naming what is missing.
With --fetch, a missing issuer is downloaded from the caIssuers URL of the
certificate's AIA, and kept only if its key verifies the signature.
With --revocation, every certificate below a root is checked with its
issuer: its OCSP responder first, else its CRL distribution points; one
line each says good, revoked (a warning, exit 1) or unknown (a note, why).`

func runOrder(e *env, args []string) int {
	fs := e.flags("order", "[--json] [--leaf-first] [--trust FILE]... [--at TIME] [--warn-within D] [--verify] [--fetch] [--revocation] [--password-file FILE] FILE...", orderAbout)
	asJSON := fs.Bool("json", false, "print the chains as JSON (certificates root first) instead of PEM")
	leafFirst := fs.Bool("leaf-first", false, "print each chain leaf first")
	var trust fileList
	fs.Var(&trust, "trust", "a `FILE` of trust anchors: a chain may end at one of them, even one not in the inputs (may be repeated)")
	checks := checkFlags(fs)
	verify := fs.Bool("verify", false, "also validate each chain with crypto/x509 at --at, for any key usage")
	fetch := fetchFlag(fs)
	revocation := revocationFlag(fs)
	pwFile := passwordFlag(fs)
	files, code, ok := parseFiles(fs, args)
	if !ok {
		return code
	}
	vopts, ok := checks.options(e, "order")
	if !ok {
		return exitUsage
	}
	opts := chain.Options{Verify: *verify, At: vopts.At, WarnWithin: vopts.WarnWithin, Revocation: revoker(*revocation)}
	pw, ok := e.readPassword(*pwFile)
	if !ok {
		return exitUsage
	}
	if len(trust) > 0 {
		anchors, code := e.readCerts(trust, pw)
		if code != exitOK {
			return code
		}
		opts.Roots = anchors.certs
	}
	in, code := e.readCerts(files, pw)
	if code != exitOK {
		return code
	}
	certs := in.certs
	fetched := e.fetching(&opts, *fetch)
	chains, err := chain.Order(certs, opts)
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	facts := &factCache{}
	facts.prepare(chains, *asJSON)
	if *asJSON {
		if err := e.writeOrderJSON(chains, *fetched, facts); err != nil {
			return exitUsage
		}
	} else {
		for _, ch := range chains {
			certs := ch.Certificates
			if *leafFirst {
				certs = reversed(certs)
			}
			b, err := convert.Encode(certs, convert.EncodeOptions{})
			if err != nil {
				e.errorf("%v", err)
				return exitUsage
			}
			e.stdout.Write(b)
		}
	}
	return e.summarize(chains, certs, opts, facts)
}

// summarize describes the chains on stderr and returns the exit code:
// 0 when every chain is complete (and verified when asked), else 1.
func (e *env) summarize(chains []chain.Chain, certs []*x509.Certificate, opts chain.Options, facts *factCache) int {
	// Thousands of chains give tens of thousands of lines: one write.
	stderr := bufio.NewWriterSize(e.stderr, 64<<10)
	defer func(w io.Writer) { stderr.Flush(); e.stderr = w }(e.stderr)
	e.stderr = stderr
	facts.endLines(chains)
	code := exitOK
	revoked := map[*x509.Certificate]bool{} // the certificates whose revocation line was written
	if len(chains) == 0 {
		e.errorf("%s", chaintext.NoChains)
		code = exitCheck
	}
	for n, ch := range chains {
		state := "complete"
		switch {
		case !ch.Complete:
			state = "incomplete"
			code = exitCheck
		case ch.Anchored:
			state = "complete, ends at a trust anchor"
		case len(opts.Roots) > 0:
			// --trust asks for a chain to one of its anchors: a chain to
			// another root, even one of the same name, is not that.
			state = "complete, but NOT at a trust anchor"
			code = exitCheck
		}
		if ch.Verified != nil {
			if *ch.Verified {
				state += ", verified"
			} else {
				state += ", NOT verified"
				code = exitCheck
			}
		}
		fmt.Fprintf(e.stderr, "chain %d (%s):\n", n+1, state)
		for k, c := range ch.Certificates {
			line := facts.ends[n] // the last, described as it was written
			if k < len(ch.Certificates)-1 {
				line = facts.summaryLine(c)
			}
			// As fmt's "  %-12s %s", without its cost on thousands of lines.
			stderr.WriteString("  ")
			stderr.WriteString(string(ch.Roles[k]))
			for pad := 12 - utf8.RuneCountInString(string(ch.Roles[k])); pad > 0; pad-- {
				stderr.WriteByte(' ')
			}
			stderr.WriteByte(' ')
			stderr.WriteString(line)
		}
		if ch.Missing != nil {
			e.errorf("chain %d: %s", n+1, chaintext.Advice(ch.Missing))
		}
		if ch.Verified != nil && !*ch.Verified && ch.VerifyError != nil && ch.Complete {
			e.errorf("chain %d does not verify: %v", n+1, ch.VerifyError)
		}
		for _, r := range ch.Revocations {
			// A CA is on the chain of every certificate below it and was
			// asked once: its line comes with the first of those chains.
			if !revoked[r.Certificate] {
				revoked[r.Certificate] = true
				e.errorf("%s", revocationLine(fmt.Sprintf("chain %d: revocation: ", n+1), r))
			}
		}
		for _, w := range ch.Warnings {
			e.errorf("chain %d: warning: %s", n+1, w.Message)
		}
		if verdict.Warns(ch.Warnings) {
			code = exitCheck
		}
		for _, note := range chaintext.Notes(ch) {
			e.errorf("chain %d: note: %s", n+1, note)
		}
	}
	if out := chain.Outside(certs, chains); len(out) > 0 {
		var names []string
		for _, c := range out {
			names = append(names, fmt.Sprintf("%s (until %s)", x509text.Describe(c), c.NotAfter.UTC().Format("2006-01-02")))
		}
		e.errorf("not in any chain (another copy or issuer was taken): %s", strings.Join(names, ", "))
	}
	return code
}

// The JSON contract of order --json and issuer-for --json; scripts depend
// on these names.
type (
	orderJSON struct {
		Chains []chainJSON `json:"chains"`
		// Fetched lists, with --fetch, what was fetched from where.
		Fetched []fetchedJSON `json:"fetched,omitempty"`
	}
	chainJSON struct {
		Complete    bool   `json:"complete"`
		Verified    *bool  `json:"verified"`
		VerifyError string `json:"verify_error,omitempty"`
		// VerifyDetail is crypto/x509's message behind VerifyError.
		VerifyDetail string            `json:"verify_detail,omitempty"`
		Certificates []certJSON        `json:"certificates"`
		Missing      *missingJSON      `json:"missing"`
		Warnings     []finding.Finding `json:"warnings"`
		// Revocations, with --revocation, the status of each certificate
		// checked.
		Revocations []revocationJSON `json:"revocations,omitempty"`
	}
	certJSON struct {
		Role       string `json:"role,omitempty"`
		SHA256     string `json:"sha256"`
		Subject    string `json:"subject"`
		CommonName string `json:"common_name"`
		NotAfter   string `json:"not_after"`
	}
	missingJSON struct {
		Issuer         string   `json:"issuer"`
		AuthorityKeyID string   `json:"authority_key_id"`
		AIA            []string `json:"aia"`
	}
)

func toChainJSON(ch chain.Chain) chainJSON {
	out := chainHead(ch)
	for k, c := range ch.Certificates {
		cj := toCertJSON(c)
		cj.Role = string(ch.Roles[k])
		out.Certificates = append(out.Certificates, cj)
	}
	return out
}

// chainHead is a chain's JSON without its certificates.
func chainHead(ch chain.Chain) chainJSON {
	out := chainJSON{Complete: ch.Complete, Verified: ch.Verified, Warnings: []finding.Finding{}, Certificates: []certJSON{}}
	if ch.Verified != nil && !*ch.Verified && ch.VerifyError != nil {
		out.VerifyError = ch.VerifyError.Error()
		out.VerifyDetail = convert.Detail(ch.VerifyError)
	}
	out.Missing = toMissingJSON(ch.Missing)
	out.Warnings = append(out.Warnings, ch.Warnings...)
	out.Revocations = toRevocationsJSON(ch.Revocations)
	return out
}

func toCertJSON(c *x509.Certificate) certJSON {
	return certJSON{
		SHA256:     x509text.SHA256(c),
		Subject:    x509text.Subject(c),
		CommonName: c.Subject.CommonName,
		NotAfter:   c.NotAfter.UTC().Format(time.RFC3339),
	}
}

func toMissingJSON(m *chain.IssuerNotFoundError) *missingJSON {
	if m == nil {
		return nil
	}
	// Where to get the issuer: without the user name and password a URL
	// may carry, as the text says it.
	aia := []string{}
	for _, u := range m.AIA {
		u, _ = x509text.StripUserinfo(u)
		aia = append(aia, u)
	}
	return &missingJSON{Issuer: m.Issuer, AuthorityKeyID: hex.EncodeToString(m.AuthorityKeyID), AIA: aia}
}

func reversed(certs []*x509.Certificate) []*x509.Certificate {
	out := make([]*x509.Certificate, len(certs))
	for i, c := range certs {
		out[len(certs)-1-i] = c
	}
	return out
}
