package main

import (
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/voicepki/certkit/cmd/certkit/internal/chaintext"
	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/cisco/ios"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/finding"
)

const issuerAbout = `
Find the certificate that issued CERT and print it as PEM, ready to paste at
"crypto pki authenticate". Its subject, validity and fingerprints go to
stderr. The issuer is looked for in CANDIDATES, and among the other
certificates of CERT's own file (a .p7b with the gateway and its chain).
When that file holds several device certificates (not CAs), CERT is the
one whose CN is --hostname, else the trustpoint, exactly; if no name picks
exactly one, nothing is printed and the list goes to stderr (exit 2).
Exit 1 when the issuer is absent, naming the missing issuer and where to
get it.

With --ios TRUSTPOINT it prints instead the whole IOS paste session:
crypto pki authenticate TRUSTPOINT with the issuing CA, a ! line with the
fingerprints IOS will show, then crypto pki import TRUSTPOINT certificate
with CERT. The trustpoint may be named anything; with --hostname, CERT's
CN must equal the hostname exactly, or it warns (exit 1).

With --fetch, an issuer found in no file is downloaded from the caIssuers
URL of CERT's AIA, and kept only if its key verifies CERT's signature.
With --revocation, CERT and its issuing CAs (not the root) are checked:
the OCSP responder of each, else its CRL distribution points; one line
each says good, revoked (a warning, exit 1) or unknown (a note, why).

With --ios TRUSTPOINT --anchor-root, for sites that want IOS to anchor at
the root rather than at the issuing CA, it prints first the root in a
trustpoint of its own (TRUSTPOINT-root), then the issuing CA in TRUSTPOINT
with chain-validation continue TRUSTPOINT-root, then the import. The root
must be among the files. What Cisco documents about chain-validation, and
what it does not, is printed with it.`

// issuerJSON is the contract of issuer-for --json.
type issuerJSON struct {
	Issuer  *certJSON    `json:"issuer"`
	Missing *missingJSON `json:"missing"`
	// Fetched lists, with --fetch, what was fetched from where.
	Fetched []fetchedJSON `json:"fetched,omitempty"`
	// Findings are the checks of every certificate the answer names.
	Findings []finding.Finding `json:"findings"`
	// Revocations, with --revocation, the status of each certificate
	// checked.
	Revocations []revocationJSON `json:"revocations,omitempty"`
}

func runIssuerFor(e *env, args []string) int {
	fs := e.flags("issuer-for", "[--json | --ios TRUSTPOINT [--anchor-root]] [--hostname H] [--at TIME] [--warn-within D] [--fetch] [--revocation] [--password-file FILE] CERT [CANDIDATES...]", issuerAbout)
	asJSON := fs.Bool("json", false, "print the issuer (or what is missing) as JSON instead of PEM")
	fetch := fetchFlag(fs)
	revocation := revocationFlag(fs)
	pwFile := passwordFlag(fs)
	trustpoint := fs.String("ios", "", "print the IOS paste session for `TRUSTPOINT` instead: crypto pki authenticate with the issuer, then crypto pki import with CERT")
	anchorRoot := fs.Bool("anchor-root", false, "with --ios: put the root (and any CA between) in trustpoints of their own and validate the issuing CA up to them with chain-validation continue")
	hostname := fs.String("hostname", "", "the gateway's `HOSTNAME`: picks the gateway's certificate among the files by its CN or a DNS SAN (the hostname, or the hostname and a domain), and checks it")
	checks := checkFlags(fs)
	files, code, ok := parseFiles(fs, args)
	if !ok {
		return code
	}
	iosGiven := false
	fs.Visit(func(f *flag.Flag) { iosGiven = iosGiven || f.Name == "ios" })
	if iosGiven && strings.TrimSpace(*trustpoint) == "" {
		return e.usageError("issuer-for", "--ios is empty: give the trustpoint name, such as --ios gw1")
	}
	if *anchorRoot && *trustpoint == "" {
		e.errorf("--anchor-root needs --ios TRUSTPOINT: it changes the IOS paste session")
		return exitUsage
	}
	if given(fs, "hostname") && strings.TrimSpace(*hostname) == "" {
		return e.usageError("issuer-for", "--hostname is empty: give the gateway's hostname, such as --hostname gw1")
	}
	if *trustpoint != "" && *asJSON {
		return e.usageError("issuer-for", "--ios and --json do not go together: --ios prints the text to paste")
	}
	vopts, ok := checks.options(e, "issuer-for")
	if !ok {
		return exitUsage
	}
	pw, ok := e.readPassword(*pwFile)
	if !ok {
		return exitUsage
	}
	inputs, code := e.readIssuerInputs(files, pw, *hostname, *trustpoint)
	if code != exitOK {
		return code
	}
	opts := ios.IssuerOptions{Trustpoint: *trustpoint, AnchorRoot: *anchorRoot, Hostname: *hostname, At: vopts.At, WarnWithin: vopts.WarnWithin}
	fetched := e.fetching(&opts.Chain, *fetch)
	opts.Chain.Revocation = revoker(*revocation)
	r, err := ios.Issuer(inputs, opts)
	var several *chain.SeveralLeavesError
	switch {
	case errors.As(err, &several):
		e.leafChoiceError(files[0], several)
		return exitUsage
	case errors.Is(err, chain.ErrNoLeaf):
		e.errorf("%s CA certificates only: give the gateway's certificate (the one the CA issued for %s) too", filesLabel(files), *trustpoint)
		return exitUsage
	case errors.Is(err, ios.ErrSelfSigned):
		e.errorf("%s", err)
		return exitCheck
	case err != nil:
		e.errorf("%s", err)
		return exitUsage
	}
	if r.Missing != nil {
		if *asJSON {
			writeJSON(e, issuerJSON{Missing: toMissingJSON(r.Missing), Fetched: *fetched, Findings: orEmpty(r.Findings), Revocations: toRevocationsJSON(r.Revocations)})
		}
		advice := chaintext.Advice(r.Missing)
		if *anchorRoot {
			advice += "; --anchor-root needs the root among the files"
		}
		e.errorf("%s", advice)
		e.printRevocations(r.Revocations)
		e.printFindings(r.Findings)
		return exitCheck
	}
	if r.Paste != nil {
		hint := "paste up to the first quit, compare the fingerprints IOS prints with the ! line, answer yes only if they match, then paste the rest"
		if *anchorRoot {
			hint = "paste each part up to its quit, compare the fingerprints IOS prints with the ! line after it, answer yes only if they match, then go on"
		}
		io.WriteString(e.stdout, r.Paste.Text)
		for _, n := range r.Notes {
			e.errorf("note: %s", n)
		}
		e.printRevocations(r.Revocations)
		e.printFindings(r.Findings)
		fmt.Fprintln(e.stderr, "certkit: "+hint)
		return exitFor(r.Warns())
	}
	issuer := r.Issuer
	if *asJSON {
		cj := toCertJSON(issuer)
		cj.Role = certrole.InSet([]*x509.Certificate{r.Device, issuer})[1]
		if err := writeJSON(e, issuerJSON{Issuer: &cj, Fetched: *fetched, Findings: orEmpty(r.Findings), Revocations: toRevocationsJSON(r.Revocations)}); err != nil {
			return exitUsage
		}
	} else {
		b, err := convert.Encode([]*x509.Certificate{issuer}, convert.EncodeOptions{})
		if err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
		e.stdout.Write(b)
	}
	if r.SelfSigned() {
		fmt.Fprintf(e.stderr, "%s is self-signed: it is its own issuer (a root)\n", x509text.Describe(r.Device))
	} else {
		fmt.Fprintf(e.stderr, "issuer of %s:\n", x509text.Describe(r.Device))
	}
	fmt.Fprintf(e.stderr, "  subject:          %s\n", x509text.Subject(issuer))
	fmt.Fprintf(e.stderr, "  valid:            %s to %s\n", issuer.NotBefore.UTC().Format("2006-01-02 15:04:05Z"), issuer.NotAfter.UTC().Format("2006-01-02 15:04:05Z"))
	fmt.Fprintf(e.stderr, "  SHA-256:          %s\n", x509text.SHA256(issuer))
	fmt.Fprintf(e.stderr, "  Fingerprint MD5:  %s\n", ios.FingerprintMD5(issuer))
	fmt.Fprintf(e.stderr, "  Fingerprint SHA1: %s\n", ios.FingerprintSHA1(issuer))
	for _, n := range r.Notes {
		e.errorf("note: %s", n)
	}
	e.printRevocations(r.Revocations)
	e.printFindings(r.Findings)
	return exitFor(r.Warns())
}

// readIssuerInputs reads issuer-for's files, each an input of
// ios.Issuer. When the first file holds the one device certificate the
// names point at (or the only one, with no name), only the certificates of
// the other files that may be its issuers are parsed (certrole.Candidates);
// otherwise every file is read whole, so that the device certificate is
// chosen among all of them.
func (e *env) readIssuerInputs(files []string, pw, hostname, tp string) ([][]*x509.Certificate, int) {
	ownIn, code := e.readCerts(files[:1], pw)
	if code != exitOK {
		return nil, code
	}
	inputs := [][]*x509.Certificate{ownIn.certs}
	if len(files) == 1 {
		return inputs, exitOK
	}
	if leaf, ok := ios.DeviceNamed(ownIn.certs, hostname, tp); ok {
		others, code := e.readCandidates(leaf, ownIn.certs, files[1:], pw)
		if code != exitOK {
			return nil, code
		}
		return append(inputs, others), exitOK
	}
	rest, code := e.readCerts(files[1:], pw)
	if code != exitOK {
		return nil, code
	}
	for _, d := range rest.files {
		inputs = append(inputs, d.res.Certificates)
	}
	return inputs, exitOK
}

// filesLabel names the inputs as the subject of "hold": "FILE holds", or
// "the files hold".
func filesLabel(files []string) string {
	if len(files) == 1 {
		return displayName(files[0]) + " holds"
	}
	return "the files hold"
}

// leafChoiceError says that name (or, "", the inputs) holds several
// device certificates and none was picked: the library's error, then each one's CN, SANs and
// expiry, and the flag that picks one. Nothing goes to stdout.
func (e *env) leafChoiceError(name string, err *chain.SeveralLeavesError) {
	if name == "" {
		e.errorf("%v", err)
	} else {
		e.errorf("%s: %v", displayName(name), err)
	}
	for _, c := range err.Leaves {
		names := x509text.SANs(c)
		fmt.Fprintf(e.stderr, "  CN %-24s until %s  SANs %s\n", strconv.Quote(c.Subject.CommonName), c.NotAfter.UTC().Format("2006-01-02"), orDash(strings.Join(names, ", ")))
	}
	fmt.Fprintf(e.stderr, "certkit: hint: pick one with --hostname CN, the CN exactly as listed\n")
}
