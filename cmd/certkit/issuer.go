package main

import (
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/cisco"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/x509text"
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
}

func runIssuerFor(e *env, args []string) int {
	fs := e.flags("issuer-for", "[--json | --ios TRUSTPOINT [--anchor-root]] [--hostname H] [--fetch] [--password-file FILE] CERT [CANDIDATES...]", issuerAbout)
	asJSON := fs.Bool("json", false, "print the issuer (or what is missing) as JSON instead of PEM")
	fetch := fetchFlag(fs)
	pwFile := passwordFlag(fs)
	ios := fs.String("ios", "", "print the IOS paste session for `TRUSTPOINT` instead: crypto pki authenticate with the issuer, then crypto pki import with CERT")
	anchorRoot := fs.Bool("anchor-root", false, "with --ios: put the root (and any CA between) in trustpoints of their own and validate the issuing CA up to them with chain-validation continue")
	hostname := fs.String("hostname", "", "the gateway's `HOSTNAME`: picks CERT by its CN when the file holds several device certificates; with --ios, the CN must equal it exactly")
	files, code, ok := parseFiles(fs, args)
	if !ok {
		return code
	}
	iosGiven := false
	fs.Visit(func(f *flag.Flag) { iosGiven = iosGiven || f.Name == "ios" })
	if iosGiven && strings.TrimSpace(*ios) == "" {
		return e.usageError("issuer-for", "--ios is empty: give the trustpoint name, such as --ios gw1")
	}
	if *anchorRoot && *ios == "" {
		e.errorf("--anchor-root needs --ios TRUSTPOINT: it changes the IOS paste session")
		return exitUsage
	}
	if given(fs, "hostname") && strings.TrimSpace(*hostname) == "" {
		return e.usageError("issuer-for", "--hostname is empty: give the gateway's hostname, such as --hostname gw1")
	}
	if *ios != "" && *asJSON {
		return e.usageError("issuer-for", "--ios and --json do not go together: --ios prints the text to paste")
	}
	pw, ok := e.readPassword(*pwFile)
	if !ok {
		return exitUsage
	}
	ownIn, code := e.readCerts(files[:1], pw)
	if code != exitOK {
		return code
	}
	own := ownIn.certs
	cert := own[0]
	if len(own) > 1 {
		// The gateway's certificate, picked by its CN (--hostname, else
		// the trustpoint) when the file holds several, never by position.
		chains, err := chain.Order(own, chain.Options{})
		if err != nil {
			e.errorf("%s: %v", displayName(files[0]), err)
			return exitUsage
		}
		leaf, err := cisco.PickLeaf(chains, *hostname, *ios)
		var several *cisco.SeveralLeavesError
		switch {
		case err == nil:
			cert = leaf
		case errors.As(err, &several):
			e.leafChoiceError(files[0], several)
			return exitUsage
		case errors.Is(err, cisco.ErrNoLeaf) && len(chains) > 0:
			// CA certificates only: the lowest CA of the first chain.
			cs := chains[0].Certificates
			cert = cs[len(cs)-1]
		default:
			e.errorf("%s: %v", displayName(files[0]), err)
			return exitUsage
		}
	}
	if *ios != "" && !convert.IsLeaf(cert) {
		// crypto pki import takes the gateway's own certificate, never a CA's.
		e.errorf("%s holds CA certificates only: give the gateway's certificate (the one the CA issued for %s) as the first file, then the CA certificates",
			displayName(files[0]), *ios)
		return exitUsage
	}
	// Among the other files, only the certificates that may be cert's
	// issuer, or that issuer's issuers, are parsed.
	others, code := e.readCandidates(cert, own, files[1:], pw)
	if code != exitOK {
		return code
	}
	var candidates []*x509.Certificate
	for _, c := range append(own, others...) {
		if !c.Equal(cert) {
			candidates = append(candidates, c)
		}
	}
	var opts chain.Options
	fetched := e.fetching(&opts, *fetch)
	issuer, err := chain.IssuerOf(cert, candidates, opts)
	var nf *chain.IssuerNotFoundError
	switch {
	case errors.As(err, &nf):
		if *asJSON {
			writeJSON(e, issuerJSON{Missing: toMissingJSON(nf), Fetched: *fetched})
		}
		e.errorf("%s", nf.Advice())
		return exitCheck
	case err != nil:
		e.errorf("%v", err)
		return exitUsage
	}
	if *ios != "" {
		if issuer.Equal(cert) {
			e.errorf("%s is self-signed: there is no CA to authenticate for trustpoint %s", x509text.Label(cert), *ios)
			return exitCheck
		}
		if *anchorRoot {
			return e.iosAnchorRoot(*ios, *hostname, issuer, cert, candidates)
		}
		return e.iosPaste(*ios, *hostname, issuer, cert)
	}
	if *asJSON {
		cj := toCertJSON(issuer)
		cj.Role = string(chain.Roles([]*x509.Certificate{cert, issuer})[1])
		if err := writeJSON(e, issuerJSON{Issuer: &cj, Fetched: *fetched}); err != nil {
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
	if issuer.Equal(cert) {
		fmt.Fprintf(e.stderr, "%s is self-signed: it is its own issuer (a root)\n", x509text.Label(cert))
	} else {
		fmt.Fprintf(e.stderr, "issuer of %s:\n", x509text.Label(cert))
	}
	fmt.Fprintf(e.stderr, "  subject:          %s\n", x509text.Subject(issuer))
	fmt.Fprintf(e.stderr, "  valid:            %s to %s\n", issuer.NotBefore.UTC().Format("2006-01-02 15:04:05Z"), issuer.NotAfter.UTC().Format("2006-01-02 15:04:05Z"))
	fmt.Fprintf(e.stderr, "  SHA-256:          %s\n", x509text.SHA256(issuer))
	fmt.Fprintf(e.stderr, "  Fingerprint MD5:  %s\n", cisco.FingerprintMD5(issuer))
	fmt.Fprintf(e.stderr, "  Fingerprint SHA1: %s\n", cisco.FingerprintSHA1(issuer))
	return exitOK
}

// leafChoiceError says that name holds several device certificates and
// none was picked: the library's reason, then each one's CN, SANs and
// expiry, and the flag that picks one. Nothing goes to stdout.
func (e *env) leafChoiceError(name string, err *cisco.SeveralLeavesError) {
	e.errorf("%s: %s", displayName(name), strings.TrimPrefix(err.Error(), "cisco: "))
	for _, c := range err.Leaves {
		names := x509text.SANs(c)
		fmt.Fprintf(e.stderr, "  CN %-24s until %s  SANs %s\n", strconv.Quote(c.Subject.CommonName), c.NotAfter.UTC().Format("2006-01-02"), orDash(strings.Join(names, ", ")))
	}
	fmt.Fprintf(e.stderr, "certkit: hint: pick one with --hostname CN, the CN exactly as listed\n")
}
