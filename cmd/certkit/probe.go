package main

import (
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/aiafetch"
	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/finding"
	"github.com/voicepki/certkit/pkg/probe"
)

const probeAbout = `
Connect to each TARGET with TLS and report the chain it serves, in the
served order, even when the handshake then fails (CUCM on 5061 demands a
client certificate), the TLS version and cipher suite, whether it asked for
a client certificate and which CA names it accepts, and the checks: the
served order, a missing intermediate, expiry, weak signatures, key sizes,
the name, old TLS. It says what each side must trust, in certkit's commands.

A TARGET is host:port, [v6]:port, or a URL sips:// (5061), https:// (443)
or ldaps:// (636); a bare host means 5061. An IP address gets no SNI.

With --cert (PEM, DER or PKCS#12, with its key or --key) it completes the
handshake as that device and reports accepted or rejected, with the alert
in words and the fix. The key is used for the handshake only; nothing is
sent after the handshake.

With --revocation, each served certificate below the root is checked with
its issuer: its OCSP responder (AIA), else its CRL distribution points.
One line each says good, revoked (a warning) or unknown (why).

--save DIR writes the served certificates as split names them (one target:
in DIR; several: in DIR/HOST_PORT), never over a file without --force.

Exit 0 when every target was read and nothing warns, 1 when something
warns or a certificate was rejected, 2 when a target could not be read.`

// probeJSON is the contract of probe --json, one per target.
type probeJSON struct {
	Target        string            `json:"target"`
	Address       string            `json:"address"`
	ServerName    string            `json:"server_name,omitempty"`
	TLSVersion    string            `json:"tls_version,omitempty"`
	CipherSuite   string            `json:"cipher_suite,omitempty"`
	Served        []servedJSON      `json:"served"`
	ClientAuth    string            `json:"client_auth"`
	AcceptableCAs []string          `json:"acceptable_cas"`
	Alert         string            `json:"alert,omitempty"`
	TrunkSubject  string            `json:"trunk_subject,omitempty"`
	Trust         []string          `json:"trust,omitempty"`
	Findings      []finding.Finding `json:"findings"`
	// Revocations, with --revocation, the status of each served
	// certificate checked.
	Revocations []revocationJSON `json:"revocations,omitempty"`
	Error       string           `json:"error,omitempty"`
}

type servedJSON struct {
	SHA256   string `json:"sha256"`
	Subject  string `json:"subject"`
	Issuer   string `json:"issuer"`
	NotAfter string `json:"not_after"`
	Role     string `json:"role"`
}

func runProbe(e *env, args []string) int {
	fs := e.flags("probe", "[--json] [--cert FILE [--key FILE]] [--password-file FILE] [--servername NAME] [--trust FILE]... [--fetch] [--revocation] [--timeout D] [--concurrency N] [--targets FILE] [--save DIR [--force]] [--at TIME] [--warn-within D] TARGET...", probeAbout)
	asJSON := fs.Bool("json", false, "print one JSON object per target, in an array")
	certFile := fs.String("cert", "", "the device's own certificate `FILE` (PEM, DER or PKCS#12), presented when the server asks for one")
	keyFile := fs.String("key", "", "the private key `FILE` of --cert, when --cert does not hold it")
	pwFile := passwordFlag(fs)
	serverName := fs.String("servername", "", "send `NAME` as SNI and check the certificate against it, instead of the target's host")
	var trust fileList
	fs.Var(&trust, "trust", "a `FILE` of roots the served chain may end at (may be repeated)")
	fetch := fetchFlag(fs)
	revocation := revocationFlag(fs)
	timeout := fs.Duration("timeout", 5*time.Second, // probe.Options.Timeout's default
		"how long connect plus handshake may take for each target (`D`)")
	concurrency := fs.Int("concurrency", 16, "how many targets are probed at once (`N`)")
	targetsFile := fs.String("targets", "", "a `FILE` of targets, one a line, # starts a comment")
	save := fs.String("save", "", "write the served certificates into `DIR`, as split names them")
	force := fs.Bool("force", false, "with --save: overwrite files that exist")
	checks := checkFlags(fs)
	targetArgs, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	vopts, ok := checks.options(e, "probe")
	if !ok {
		return exitUsage
	}
	if *timeout <= 0 || *concurrency <= 0 {
		return e.usageError("probe", "--timeout and --concurrency must be above zero")
	}
	if *keyFile != "" && *certFile == "" {
		return e.usageError("probe", "--key needs --cert")
	}
	var targets []probe.Target
	if *targetsFile != "" {
		data, err := e.readInput(*targetsFile)
		if err != nil {
			e.errorf("%s: %v", *targetsFile, err)
			return exitUsage
		}
		ts, err := probe.ParseTargets(data)
		if err != nil {
			e.errorf("%s: %v", *targetsFile, err)
			return exitUsage
		}
		targets = append(targets, ts...)
	}
	for _, a := range targetArgs {
		t, err := probe.ParseTarget(a)
		if err != nil {
			return e.usageErr("probe", err)
		}
		targets = append(targets, t)
	}
	if len(targets) == 0 {
		return e.usageError("probe", "no TARGET given")
	}
	pw, ok := e.readPassword(*pwFile)
	if !ok {
		return exitUsage
	}
	opts := probe.Options{Timeout: *timeout, Concurrency: *concurrency, ServerName: *serverName, At: vopts.At, WarnWithin: vopts.WarnWithin}
	if len(trust) > 0 {
		in, code := e.readCerts(trust, pw)
		if code != exitOK {
			return code
		}
		opts.Trust = in.certs
	}
	if *fetch {
		opts.Fetch = &aiafetch.Client{}
	}
	opts.Revocation = revoker(*revocation)
	if *certFile != "" {
		c, err := e.deviceCertificate(*certFile, *keyFile, pw)
		if err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
		opts.Certificate = c
	}
	results, err := probe.Run(context.Background(), targets, opts)
	if err != nil {
		e.errorf("%s", err)
		return exitUsage
	}
	code = exitOK
	var out []probeJSON
	for _, r := range results {
		switch {
		case r.Err != nil:
			code = exitUsage
		case code == exitOK && (verdict.Warns(r.Findings) || r.ClientAuth == probe.Rejected):
			code = exitCheck
		}
		if *asJSON {
			out = append(out, toProbeJSON(r))
		} else {
			e.printProbe(r)
		}
	}
	if *asJSON {
		if writeJSON(e, out) != nil {
			return exitUsage
		}
	}
	if *save != "" {
		if c := e.saveServed(*save, results, vopts, *force); c != exitOK {
			return c
		}
	}
	return code
}

// deviceCertificate reads --cert (and --key) into the certificate the
// probe presents; the key stays in memory.
func (e *env) deviceCertificate(certFile, keyFile, pw string) (*tls.Certificate, error) {
	data, err := e.readInput(certFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", certFile, err)
	}
	res, err := convert.Decode(data, convert.Options{Password: pw, KeepKeys: true})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", certFile, err)
	}
	keys := res.Keys
	if keyFile != "" {
		kd, err := e.readInput(keyFile)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", keyFile, err)
		}
		kr, err := convert.Decode(kd, convert.Options{Password: pw, KeepKeys: true})
		if err != nil && len(kr.Keys) == 0 {
			return nil, fmt.Errorf("%s: no private key found", keyFile)
		}
		if kr != nil {
			keys = kr.Keys
		}
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s holds no private key: give it with --key FILE", certFile)
	}
	// The certificate whose public key is the key's, then the others.
	for _, k := range keys {
		pub, ok := k.(interface{ Public() crypto.PublicKey })
		if !ok {
			continue
		}
		for i, c := range res.Certificates {
			if eq, ok := c.PublicKey.(interface{ Equal(crypto.PublicKey) bool }); ok && eq.Equal(pub.Public()) {
				tc := &tls.Certificate{Certificate: [][]byte{c.Raw}, PrivateKey: k, Leaf: c}
				for j, o := range res.Certificates {
					if j != i && !sigcheck.SelfSigned(o) {
						tc.Certificate = append(tc.Certificate, o.Raw)
					}
				}
				return tc, nil
			}
		}
	}
	return nil, fmt.Errorf("%s: no certificate matches the private key", certFile)
}

func toProbeJSON(r probe.Result) probeJSON {
	j := probeJSON{Target: r.Target.Input, Address: r.Address, ServerName: r.ServerName, ClientAuth: string(r.ClientAuth),
		Served: []servedJSON{}, AcceptableCAs: r.AcceptableCAs, Alert: r.Alert, TrunkSubject: r.TrunkSubject, Trust: r.Trust, Findings: orEmpty(r.Findings)}
	if j.AcceptableCAs == nil {
		j.AcceptableCAs = []string{}
	}
	if r.Version != 0 {
		j.TLSVersion = tls.VersionName(r.Version)
	}
	if r.CipherSuite != 0 {
		j.CipherSuite = tls.CipherSuiteName(r.CipherSuite)
	}
	for _, s := range r.Served {
		c := s.Certificate
		j.Served = append(j.Served, servedJSON{SHA256: x509text.SHA256(c), Subject: x509text.Subject(c), Issuer: x509text.Issuer(c),
			NotAfter: c.NotAfter.UTC().Format(time.RFC3339), Role: string(s.Role)})
	}
	if r.Err != nil {
		j.Error = r.Err.Error()
	}
	j.Revocations = toRevocationsJSON(probeRevocations(r))
	return j
}

// probeRevocations is the status of each certificate of r's chains that
// was checked, once each.
func probeRevocations(r probe.Result) []chain.Revocation { return scanRevocations(r.Chains) }

// printProbe writes one target's report on stdout.
func (e *env) printProbe(r probe.Result) {
	w := e.stdout
	fmt.Fprintf(w, "%s\n", r.Target.Input)
	if r.Err != nil {
		why := r.Err.Error()
		fmt.Fprintf(w, "  error:          %s\n\n", why)
		e.errorf("%s: %s", r.Target.Input, why)
		return
	}
	sni := r.ServerName
	if sni == "" {
		sni = "(none: an IP address)"
	}
	fmt.Fprintf(w, "  address:        %s, SNI %s\n", r.Address, sni)
	fmt.Fprintf(w, "  tls:            %s, %s\n", tls.VersionName(r.Version), tls.CipherSuiteName(r.CipherSuite))
	fmt.Fprintf(w, "  served:         %d %s\n", r.ServedCount, map[bool]string{true: "certificate", false: "certificates"}[r.ServedCount == 1])
	for i, s := range r.Served {
		c := s.Certificate
		fmt.Fprintf(w, "    %d %-12s  %-40q  until %s  sha256 %s\n", i+1, s.Role, c.Subject.CommonName, c.NotAfter.UTC().Format("2006-01-02"), x509text.SHA256(c)[:16])
	}
	fmt.Fprintf(w, "  client auth:    %s\n", r.ClientAuth)
	if r.Alert != "" {
		fmt.Fprintf(w, "  alert:          %s\n", r.Alert)
	}
	for i, ca := range r.AcceptableCAs {
		label := ""
		if i == 0 {
			label = "acceptable CAs:"
		}
		fmt.Fprintf(w, "  %-15s %s\n", label, ca)
	}
	if r.TrunkSubject != "" {
		fmt.Fprintf(w, "  trunk subject:  %s\n", r.TrunkSubject)
	}
	for _, t := range r.Trust {
		fmt.Fprintf(w, "  trust:          %s\n", t)
	}
	for _, rv := range probeRevocations(r) {
		fmt.Fprintf(w, "  %s\n", revocationLine("revocation:     ", rv))
	}
	for _, f := range r.Findings {
		word := f.Severity.String()
		if f.Severity == finding.Info {
			word = "note"
		}
		fmt.Fprintf(w, "  %-15s %s: %s\n", word+":", f.Code, f.Message)
	}
	fmt.Fprintln(w)
}

// saveServed writes each target's served certificates as split names
// them: into dir for one target, into dir/HOST_PORT for several. It
// refuses before writing anything if a file exists and force is off.
func (e *env) saveServed(dir string, results []probe.Result, vopts verdict.Options, force bool) int {
	type file struct {
		path string
		data []byte
	}
	var files []file
	for _, r := range results {
		if len(r.Served) == 0 {
			continue
		}
		sub := dir
		if len(results) > 1 {
			sub = filepath.Join(dir, strings.NewReplacer(":", "_", "[", "", "]", "").Replace(r.Address))
		}
		var certs []*x509.Certificate
		for _, s := range r.Served {
			certs = append(certs, s.Certificate)
		}
		sp, err := chain.Split(certs, nil, chain.Options{At: vopts.At, WarnWithin: vopts.WarnWithin})
		if err != nil {
			e.errorf("%s: %v", r.Target.Input, err)
			return exitUsage
		}
		for _, f := range sp.Files {
			p := inDir(sub, f.Name)
			if err := checkWritable(p, force); err != nil {
				e.errorf("%v", err)
				fmt.Fprintln(e.stderr, "certkit: hint: nothing was written; use --force to overwrite, or --save another directory")
				return exitUsage
			}
			files = append(files, file{p, f.PEM})
		}
	}
	for _, f := range files {
		if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
			e.errorf("%s: %v", filepath.Dir(f.path), unwrapPathError(err))
			return exitUsage
		}
		if err := writeFileAtomic(f.path, f.data, force); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
		fmt.Fprintf(e.stderr, "certkit: saved %s\n", f.path)
	}
	return exitOK
}
