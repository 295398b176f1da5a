package main

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/cisco/ios"
	"github.com/voicepki/certkit/pkg/finding"
	"github.com/voicepki/certkit/pkg/scep"
)

const scepAbout = `
Ask a CA over SCEP what an IOS gateway with "enrollment url" will ask it,
before the gateway tries.

  certkit scep probe [--json] [--ca-ident NAME] [--timeout D] URL
      GetCACaps, GetCACert (message=NAME, as IOS sends its trustpoint
      name) and GetNextCACert: the capabilities, the CA and RA
      certificates, and the fingerprints crypto pki authenticate shows
  certkit scep enroll --challenge-file FILE --subject DN URL
      enroll a real test certificate with a throwaway RSA 2048 key and
      check it: name, EKU, validity, chain to the CA, auto-enroll date

Every request is bounded: --timeout each (5s), 1 MiB per answer, 5
redirects, 32 requests per run. The User-Agent is "Cisco PKI", as IOS's.`

// scepSubcommands are scep's subcommands, in the order help lists them.
func scepSubcommands() []command {
	return []command{
		{"probe", "ask the CA for its capabilities and certificates, as crypto pki authenticate does", runSCEPProbe},
		{"enroll", "enroll a real test certificate with a challenge password, and check it", runSCEPEnroll},
	}
}

func runSCEP(e *env, args []string) int {
	sub := ""
	if len(args) > 0 {
		sub = args[0]
	}
	var names []string
	for _, c := range scepSubcommands() {
		if c.name == sub {
			return c.run(e, args[1:])
		}
		names = append(names, c.name)
	}
	switch sub {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(e.stdout, wrap("usage: certkit scep ", "SUBCOMMAND [flags] URL", helpWidth))
		fmt.Fprintf(e.stdout, "\n%s\n", strings.TrimSpace(scepAbout))
		return exitOK
	case "":
		return e.usageError("scep", "no subcommand given; the subcommands are %s", strings.Join(names, ", "))
	}
	msg := fmt.Sprintf("unknown subcommand %q", sub)
	if m := closest(sub, names); m != "" {
		msg += fmt.Sprintf("; did you mean %s?", m)
	}
	return e.usageError("scep", "%s", msg)
}

// scepURL takes the one URL argument.
func scepURL(e *env, cmd string, rest []string) (string, bool) {
	if len(rest) != 1 {
		e.usageError(cmd, "takes one URL, the CA's SCEP URL (NDES: http://HOST/certsrv/mscep/mscep.dll); got %d arguments", len(rest))
		return "", false
	}
	return rest[0], true
}

// scepFailed prints why no SCEP answer came; exit 2.
func scepFailed(e *env, err error) int {
	e.errorf("%v", err)
	return exitUsage
}

type scepCAJSON struct {
	SHA256  string `json:"sha256"`
	Subject string `json:"subject"`
	MD5     string `json:"md5"`
	SHA1    string `json:"sha1"`
}

type scepRAJSON struct {
	SHA256  string `json:"sha256"`
	Subject string `json:"subject"`
	Usage   string `json:"usage"`
}

type scepProbeJSON struct {
	URL      string            `json:"url"`
	Caps     []string          `json:"caps"`
	CA       []scepCAJSON      `json:"ca"`
	RA       []scepRAJSON      `json:"ra"`
	NextCA   []scepCAJSON      `json:"next_ca"`
	Findings []finding.Finding `json:"findings"`
}

func caJSON(cs []*x509.Certificate) []scepCAJSON {
	out := []scepCAJSON{}
	for _, c := range cs {
		out = append(out, scepCAJSON{SHA256: x509text.SHA256(c), Subject: x509text.Subject(c), MD5: ios.FingerprintMD5(c), SHA1: ios.FingerprintSHA1(c)})
	}
	return out
}

func scepProbeToJSON(r *scep.ProbeResult) scepProbeJSON {
	j := scepProbeJSON{URL: r.URL, Caps: r.Caps, CA: caJSON(r.CA), RA: []scepRAJSON{}, NextCA: caJSON(r.NextCA), Findings: orEmpty(r.Findings)}
	if j.Caps == nil {
		j.Caps = []string{}
	}
	for _, ra := range r.RA {
		j.RA = append(j.RA, scepRAJSON{SHA256: x509text.SHA256(ra.Certificate), Subject: x509text.Subject(ra.Certificate), Usage: ra.Usage})
	}
	return j
}

// writeProbe prints a probe's result as text on stdout.
func writeProbe(e *env, r *scep.ProbeResult) {
	w := e.stdout
	fmt.Fprintf(w, "url       %s\n", r.URL)
	caps := strings.Join(r.Caps, " ")
	if caps == "" {
		caps = "(none)"
	}
	fmt.Fprintf(w, "caps      %s\n", caps)
	for i, c := range r.CA {
		fmt.Fprintf(w, "ca        %s, until %s\n", x509text.Subject(c), c.NotAfter.UTC().Format("2006-01-02"))
		if i == 0 && c == r.Authenticate {
			fmt.Fprintf(w, "          crypto pki authenticate shows:\n")
			fmt.Fprintf(w, "                 Fingerprint MD5: %s\n", r.MD5)
			fmt.Fprintf(w, "                Fingerprint SHA1: %s\n", r.SHA1)
		}
	}
	for _, ra := range r.RA {
		fmt.Fprintf(w, "ra        %s (%s), until %s\n", x509text.Subject(ra.Certificate), ra.Usage, ra.Certificate.NotAfter.UTC().Format("2006-01-02"))
	}
	for _, c := range r.NextCA {
		fmt.Fprintf(w, "next ca   %s, from %s\n", x509text.Subject(c), c.NotBefore.UTC().Format("2006-01-02"))
	}
}

func runSCEPProbe(e *env, args []string) int {
	fs := e.flags("scep probe", "[--json] [--ca-ident NAME] [--timeout D] [--at TIME] [--warn-within D] URL", `
Ask the CA at URL what IOS asks at crypto pki authenticate: GetCACaps,
GetCACert with message=NAME (IOS sends its trustpoint name), and
GetNextCACert when offered. Prints the capabilities, each certificate's
role (CA, RA signing, RA encryption), the fingerprints IOS will show, and
findings about what IOS needs. Exit 1 when a finding warns, 2 when the
answer is not SCEP (an HTTP error, an HTML page, a redirect loop, a
timeout, an oversize answer).`)
	asJSON := fs.Bool("json", false, "print the result as JSON on stdout")
	ident := fs.String("ca-ident", "", "send `NAME` as message= with GetCACert, as IOS sends its trustpoint name")
	timeout := fs.Duration("timeout", 5*time.Second, "bound each request by `D`") // scep.Options.Timeout's default
	checks := checkFlags(fs)
	rest, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	url, ok := scepURL(e, "scep probe", rest)
	if !ok {
		return exitUsage
	}
	vo, ok := checks.options(e, "scep probe")
	if !ok {
		return exitUsage
	}
	r, err := scep.Probe(context.Background(), url, scep.Options{CAIdent: *ident, Timeout: *timeout, Verdict: vo})
	if err != nil {
		return scepFailed(e, err)
	}
	if *asJSON {
		if writeJSON(e, scepProbeToJSON(r)) != nil {
			return exitUsage
		}
	} else {
		writeProbe(e, r)
	}
	e.printFindings(r.Findings)
	return exitFor(verdict.Warns(r.Findings))
}

type scepCertJSON struct {
	Subject  string `json:"subject"`
	Issuer   string `json:"issuer"`
	Serial   string `json:"serial"`
	SHA256   string `json:"sha256"`
	NotAfter string `json:"not_after"`
	RenewAt  string `json:"renew_at,omitempty"`
}

type scepEnrollJSON struct {
	Certificate *scepCertJSON     `json:"certificate"`
	Findings    []finding.Finding `json:"findings"`
}

func runSCEPEnroll(e *env, args []string) int {
	fs := e.flags("scep enroll", "[--json] --challenge-file FILE --subject DN [--dns NAME]... [--ca-ident NAME] [--key-out FILE] [--hostname H] [--trunk-subject NAMES] [--auto-enroll P] [--timeout D] [--at TIME] [--warn-within D] URL", `
Enroll a real test certificate at the CA at URL, as the IOS trustpoint
would: a throwaway RSA 2048 key, a request with the subject, the DNS
names and the challenge password, PKCSReq, then polling while the CA says
PENDING. The issued certificate is checked: its name against --hostname,
its EKU for SIP over TLS, the trunk's subject names (--trunk-subject),
its validity, its chain to the CA, and the date
auto-enroll P renews it. The CA issues a real certificate, which its
administrator may want to revoke. Exit 1 when the CA refused or a check
warns, 2 when no SCEP answer came.`)
	asJSON := fs.Bool("json", false, "print the result as JSON on stdout")
	challengeFile := fs.String("challenge-file", "", "`FILE` holding the challenge password (UTF-8 or UTF-16 with a BOM; required)")
	subject := fs.String("subject", "", "the request's subject `DN`, such as CN=vgw1.example.com,O=Corp (default CN=--hostname)")
	var dns stringList
	fs.Var(&dns, "dns", "a DNS `NAME` for the request's SAN, as fqdn adds; repeat for more")
	ident := fs.String("ca-ident", "", "send `NAME` as message= with GetCACert, as IOS sends its trustpoint name")
	keyOut := fs.String("key-out", "", "write the throwaway key to `FILE` (PEM, mode 0600, never over an existing file)")
	hostname := fs.String("hostname", "", "check the certificate's name against the gateway's hostname `H`")
	trunk := fs.String("trunk-subject", "", "the X.509 Subject Name field `NAMES` of the CUCM SIP trunk security profile; one must match the certificate")
	autoEnroll := fs.Int("auto-enroll", 80, "the trustpoint's auto-enroll `P` percent, for the renewal date (1-100)")
	timeout := fs.Duration("timeout", 5*time.Second, "bound each request by `D`") // scep.Options.Timeout's default
	checks := checkFlags(fs)
	rest, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	url, ok := scepURL(e, "scep enroll", rest)
	if !ok {
		return exitUsage
	}
	vo, ok := checks.options(e, "scep enroll")
	if !ok {
		return exitUsage
	}
	if *challengeFile == "" {
		return e.usageError("scep enroll", "--challenge-file is required (the challenge password is never taken from the command line)")
	}
	if *autoEnroll < 1 || *autoEnroll > 100 {
		return e.usageError("scep enroll", "--auto-enroll %d is outside 1 to 100", *autoEnroll)
	}
	dn := *subject
	if dn == "" {
		dn = *hostname
	}
	if dn == "" {
		return e.usageError("scep enroll", "--subject (or --hostname) is required")
	}
	name, err := scep.ParseSubject(dn)
	if err != nil {
		return e.usageErr("scep enroll", err)
	}
	if *keyOut != "" {
		if _, err := os.Lstat(*keyOut); err == nil {
			return e.usageError("scep enroll", "--key-out %s exists; certkit never writes over a key", *keyOut)
		}
	}
	challenge, err := e.password(*challengeFile)
	if err != nil {
		e.errorf("%s", strings.Replace(err.Error(), "password file", "challenge file", 1))
		return exitUsage
	}
	if challenge == "" {
		e.errorf("challenge file %s is empty", *challengeFile)
		return exitUsage
	}
	r, err := scep.Enroll(context.Background(), url, scep.EnrollOptions{
		Options:   scep.Options{CAIdent: *ident, Timeout: *timeout, Verdict: vo},
		Challenge: challenge, Subject: name, DNSNames: dns, Hostname: *hostname, TrunkSubject: *trunk, AutoEnroll: *autoEnroll,
	})
	if err != nil {
		return scepFailed(e, err)
	}
	if *keyOut != "" && r.Key != nil {
		if err := writeKey(*keyOut, r.Key); err != nil {
			e.errorf("--key-out %s: %v", *keyOut, err)
			return exitUsage
		}
	}
	j := scepEnrollJSON{Findings: orEmpty(r.Findings)}
	if c := r.Certificate; c != nil {
		j.Certificate = &scepCertJSON{Subject: x509text.Subject(c), Issuer: x509text.Issuer(c), Serial: fmt.Sprintf("%X", c.SerialNumber),
			SHA256: x509text.SHA256(c), NotAfter: c.NotAfter.UTC().Format(time.RFC3339)}
		if !r.RenewAt.IsZero() {
			j.Certificate.RenewAt = r.RenewAt.UTC().Format(time.RFC3339)
		}
	}
	if *asJSON {
		if writeJSON(e, j) != nil {
			return exitUsage
		}
	} else {
		w := e.stdout
		fmt.Fprintf(w, "status    %s\n", r.Status)
		if c := j.Certificate; c != nil {
			fmt.Fprintf(w, "subject   %s\nissuer    %s\nserial    %s\nsha256    %s\nnot after %s\n", c.Subject, c.Issuer, c.Serial, c.SHA256, c.NotAfter)
			if c.RenewAt != "" {
				fmt.Fprintf(w, "renew at  %s (auto-enroll %d)\n", c.RenewAt, *autoEnroll)
			}
		}
	}
	e.printFindings(r.Findings)
	return exitFor(r.Refused() || verdict.Warns(r.Findings))
}

// stringList is a repeatable flag of free text.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ", ") }

func (l *stringList) Set(v string) error {
	if v == "" {
		return errors.New("empty value")
	}
	*l = append(*l, v)
	return nil
}

// writeKey writes key as PKCS#8 PEM to path, mode 0600, through a temp
// file linked into place, so that an existing file is never replaced.
func writeKey(path string, key any) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	data := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	tmp, err := os.CreateTemp(filepath.Dir(path), ".certkit-key-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("exists; certkit never writes over a key")
		}
		return err
	}
	return nil
}
