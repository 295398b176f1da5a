package main

import (
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"sync/atomic"

	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/input"
	"github.com/voicepki/certkit/internal/par"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/finding"
)

// The inputs every command shares: files or standard input, the PKCS#12
// password, and the certificates they hold. It is the one input loop of
// certkit: each command that takes FILE... reads it through readCerts, or
// through decodeInputs when it shows each file on its own (inspect).

// passwordFlag adds --password-file, the one way besides $CERTKIT_PASSWORD
// to give a PKCS#12 or keystore password (never on the command line
// itself).
func passwordFlag(fs *flag.FlagSet) *string {
	return fs.String("password-file", "", "`FILE` holding the password of PKCS#12 and Java keystore inputs (else $CERTKIT_PASSWORD)")
}

// password returns the PKCS#12 password from --password-file, else from
// $CERTKIT_PASSWORD, else "". It is never taken from the command line.
// Both are read as input.Password reads them: UTF-8 or UTF-16 with a
// BOM, one trailing line break dropped.
func (e *env) password(passwordFile string) (string, error) {
	if passwordFile != "" {
		b, err := os.ReadFile(passwordFile)
		if err != nil {
			return "", fmt.Errorf("password file %s: %w", passwordFile, unwrapPathError(err))
		}
		pw, err := input.Password(b)
		if err != nil {
			return "", fmt.Errorf("password file %s: %w", passwordFile, err)
		}
		e.passwordFrom, e.emptyPassword = passwordFile, pw == ""
		return pw, nil
	}
	pw, err := input.Password([]byte(e.getenv("CERTKIT_PASSWORD")))
	if err != nil {
		return "", fmt.Errorf("$CERTKIT_PASSWORD: %w", err)
	}
	if pw != "" {
		e.passwordFrom = "$CERTKIT_PASSWORD"
	}
	return pw, nil
}

// readPassword is password for a command's --password-file: it says why
// the password cannot be read, and ok=false then means stop with
// exitUsage.
func (e *env) readPassword(passwordFile string) (pw string, ok bool) {
	pw, err := e.password(passwordFile)
	if err != nil {
		e.errorf("%v", err)
		return "", false
	}
	return pw, true
}

// readInput reads one input, "-" meaning standard input, refusing anything
// larger than input.MaxSize.
func (e *env) readInput(name string) ([]byte, error) {
	if name == "-" {
		return input.ReadAll(e.stdin)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, errors.New("is a directory, not a file")
	}
	return input.ReadAll(f)
}

// decoded is one input after convert.Decode: its result, or why not.
type decoded struct {
	name string
	res  *convert.Result // nil when the input could not be read at all
	err  error
}

// decodeInputs reads and decodes each named input, several at once (a
// certificate and two CA bundles of thousands), and returns them in
// order. It prints only the notes about what an input holds besides its
// certificates (iosNotes), in input order; callers decide what a failure
// means.
func (e *env) decodeInputs(files []string, password string) []decoded {
	return e.decodeWith(files, convert.Options{Password: password, KeepKeys: true})
}

// decodeWith is decodeInputs with other options.
func (e *env) decodeWith(files []string, opts convert.Options) []decoded {
	out := make([]decoded, len(files))
	par.For(len(files), 1, func(i int) {
		name := files[i]
		data, err := e.readInput(name)
		if err != nil {
			out[i] = decoded{name: name, err: err}
			return
		}
		// Keys are kept for inspect, which describes them (type and size).
		res, err := convert.Decode(data, opts)
		out[i] = decoded{name: name, res: res, err: err}
	})
	// What the inputs said besides their certificates, in input order.
	for _, d := range out {
		if d.err == nil {
			e.iosNotes(d.name, d.res)
		}
	}
	return out
}

// decodeHints are the hints for an input convert.Decode refused, where a
// common mistake is likely.
func (e *env) decodeHints(err error) []string {
	what := "PKCS#12"
	if errors.Is(err, convert.ErrJavaKeyStore) {
		what = "keystore's"
	}
	switch {
	case errors.Is(err, convert.ErrIncorrectPassword) && e.passwordFrom == "":
		return []string{fmt.Sprintf("give the %s password with --password-file FILE or $CERTKIT_PASSWORD", what)}
	case errors.Is(err, convert.ErrIncorrectPassword) && e.emptyPassword:
		return []string{fmt.Sprintf("the password file %s is empty: put the %s password in it", e.passwordFrom, what)}
	case errors.Is(err, convert.ErrIncorrectPassword):
		return []string{fmt.Sprintf("the password from %s is wrong for this file: check it (spaces count; one line break at its end is dropped)", e.passwordFrom)}
	case errors.Is(err, convert.ErrTooLarge):
		return []string{fmt.Sprintf("certkit reads at most %d MiB per input", input.MaxSize>>20)}
	case errors.Is(err, convert.ErrShowOutput):
		return []string{"certkit ios audit reads show crypto pki output; for the certificates, capture show running-config or crypto pki export TP pem terminal"}
	case errors.Is(err, convert.ErrJavaKeyStore):
		return []string{"convert it to PKCS#12 first: keytool -importkeystore -srckeystore FILE -srcstoretype JKS|JCEKS -destkeystore FILE.p12 -deststoretype PKCS12"}
	}
	return nil
}

// reportDecodeError prints "certkit: FILE: ..." for a failed input, with a
// hint where a common mistake is likely.
func (e *env) reportDecodeError(d decoded) {
	e.fileError(d.name, d.err, e.decodeHints(d.err)...)
}

// certInputs is what readCerts found.
type certInputs struct {
	// certs are the certificates of every input, in input order, with
	// duplicates (within and across inputs) dropped.
	certs []*x509.Certificate
	// files are the inputs, each with its own result, in order.
	files []decoded
	// duplicates counts the certificates dropped.
	duplicates int
}

// readCerts reads the certificates of every named input. Each input that
// cannot be read, or holds no certificate, is reported on stderr, every
// one of them, and then readCerts returns exitUsage.
func (e *env) readCerts(files []string, password string) (*certInputs, int) {
	if e.readingGC != 0 {
		defer debug.SetGCPercent(debug.SetGCPercent(e.readingGC))
	}
	in := &certInputs{}
	var results []*convert.Result
	failed := false
	for _, d := range e.decodeInputs(files, password) {
		if !e.holdsCerts(d) {
			failed = true
			continue
		}
		in.files = append(in.files, d)
		results = append(results, d.res)
	}
	if failed {
		return nil, exitUsage
	}
	all := convert.Merge(results...)
	in.certs, in.duplicates = all.Certificates, all.Duplicates
	return in, exitOK
}

// readRaw is readCerts for a job that needs no field of a certificate,
// only its DER (convert --to pem or der). It returns the DER of every
// input's certificates, in input order, duplicates dropped, and what
// readCerts returns beside it, certs left empty: the certificates of PEM
// and PKCS#7 bundles, thousands in a store, are cut out
// (convert.Options.Defer) and parsed on every core only to check them,
// never all held parsed at once. When one does not read cleanly that way
// (crypto/x509 refuses it, or it cannot be read at all), an input cannot
// be read, or an input holds certificates in other forms, every input is
// decoded again as readCerts decodes it, so that the notes, errors and
// order are the same as for any other command.
//
// The checks of every job (internal/verdict) run on each certificate as it
// is parsed; findings holds them, once per certificate.
func (e *env) readRaw(files []string, password string, checks verdict.Options) (ders [][]byte, in *certInputs, findings []finding.Finding, code int) {
	data := make([][]byte, len(files))
	ds := make([]decoded, len(files))
	in = &certInputs{}
	unread := make([]bool, len(files))
	par.For(len(files), 1, func(i int) {
		var err error
		if data[i], err = e.readInput(files[i]); err != nil {
			ds[i], unread[i] = decoded{name: files[i], err: err}, true
			return
		}
		res, err := convert.Decode(data[i], convert.Options{Password: password, Defer: true})
		ds[i] = decoded{name: files[i], res: res, err: err}
		if files[i] != "-" {
			data[i] = nil // read again if need be: a PEM store's text is megabytes
		}
	})
	var deferred []convert.DeferredCertificate
	var perOf map[*byte][]finding.Finding // the findings of a deferred certificate, by its DER's first byte
	again := false
	for _, d := range ds {
		if d.err != nil || len(d.res.Certificates) > 0 {
			again = true
			break
		}
		deferred = append(deferred, d.res.Deferred...)
	}
	checks = checks.Fixed()
	if !again {
		var refused atomic.Bool
		per := make([][]finding.Finding, len(deferred))
		par.For(len(deferred), 64, func(i int) {
			c, notes, err := deferred[i].Parse()
			if err != nil || len(notes) > 0 {
				refused.Store(true)
				return
			}
			per[i] = verdict.Certificate(c, checks)
		})
		again = refused.Load()
		if !again {
			perOf = make(map[*byte][]finding.Finding, len(per))
			for i, fs := range per {
				if len(fs) > 0 {
					perOf[&deferred[i].Raw[0]] = fs
				}
			}
		}
	}
	if again {
		par.For(len(files), 1, func(i int) {
			if unread[i] {
				return
			}
			var err error
			if data[i] == nil {
				if data[i], err = e.readInput(files[i]); err != nil {
					ds[i] = decoded{name: files[i], err: err}
					return
				}
			}
			res, err := convert.Decode(data[i], convert.Options{Password: password})
			ds[i] = decoded{name: files[i], res: res, err: err}
		})
	}
	data, deferred = nil, nil
	for _, d := range ds {
		if d.err == nil {
			e.iosNotes(d.name, d.res)
		}
	}
	var results []*convert.Result
	failed := false
	for _, d := range ds {
		if !e.holdsCerts(d) {
			failed = true
			continue
		}
		in.files = append(in.files, d)
		results = append(results, d.res)
	}
	if failed {
		return nil, nil, nil, exitUsage
	}
	all := convert.Merge(results...)
	in.duplicates = all.Duplicates
	if again {
		findings = verdict.Certificates(all.Certificates, checks)
	}
	for _, c := range all.Deferred {
		findings = append(findings, perOf[&c.Raw[0]]...) // each certificate once, as Merge kept it
	}
	// Decoded again, every certificate is parsed; else every one deferred.
	ders = make([][]byte, 0, len(all.Certificates)+len(all.Deferred))
	for _, c := range all.Certificates {
		ders = append(ders, c.Raw)
	}
	for _, c := range all.Deferred {
		ders = append(ders, c.Raw)
	}
	return ders, in, findings, exitOK
}

// holdsCerts reports whether d was read and holds a certificate (parsed or
// deferred), and notes its defects; if not, it says why on stderr.
func (e *env) holdsCerts(d decoded) bool {
	switch {
	case d.err != nil:
		e.reportDecodeError(d)
		return false
	case len(d.res.Certificates) == 0 && len(d.res.Deferred) == 0:
		e.fileError(d.name, errors.New("holds a certificate request but no certificate"), "use certkit csr for CSRs")
		return false
	}
	e.noteDefects(d)
	return true
}

// readCandidates reads the inputs where issuer-for looks for cert's
// issuer, bundles of thousands of CA certificates among them: with
// convert.Options.Defer their certificates are only cut into fields, and
// certrole.Candidates names the few worth parsing, given known, the
// certificates already parsed (cert's own file). It returns those, and
// the certificates the inputs held in other forms, parsed, and notes the
// defects of those it parsed only. An input that cannot be read, or
// holds no certificate, is reported as readCerts reports it (holdsCerts).
func (e *env) readCandidates(cert *x509.Certificate, known []*x509.Certificate, files []string, password string) ([]*x509.Certificate, int) {
	var results []*convert.Result
	from := map[*byte]string{} // the input of each deferred certificate, by its DER
	failed := false
	for _, d := range e.decodeWith(files, convert.Options{Password: password, Defer: true}) {
		if !e.holdsCerts(d) {
			failed = true
			continue
		}
		results = append(results, d.res)
		for _, c := range d.res.Deferred {
			from[&c.Raw[0]] = d.name
		}
	}
	if failed {
		return nil, exitUsage
	}
	all := convert.Merge(results...)
	out := all.Certificates
	names := make([]certrole.Named, len(all.Deferred))
	for i, d := range all.Deferred {
		names[i] = certrole.Named{Raw: d.Raw, Subject: d.RawSubject, Issuer: d.RawIssuer}
	}
	for _, i := range certrole.Candidates(cert, append(slices.Clone(known), out...), names) {
		d := all.Deferred[i]
		c, notes, err := d.Parse()
		if err != nil {
			e.fileError(from[&d.Raw[0]], err)
			return nil, exitUsage
		}
		e.noteDefects(decoded{name: from[&d.Raw[0]], res: &convert.Result{Notes: notes}})
		out = append(out, c)
	}
	return out, exitOK
}

// noteLeftOut says, for a command that writes the certificates out, what
// it leaves behind: the private keys of each input and the duplicates.
func (e *env) noteLeftOut(in *certInputs) {
	for _, d := range in.files {
		if d.res.KeyCount > 0 {
			fmt.Fprintf(e.stderr, "certkit: note: %s also holds a private key, which is not written out\n", displayName(d.name))
		}
	}
	if in.duplicates > 0 {
		fmt.Fprintf(e.stderr, "certkit: note: dropped %d duplicate certificate(s)\n", in.duplicates)
	}
}

// iosNotes says on stderr what an IOS configuration held besides its
// certificates: certificates shown by reference only, and header lines
// whose serial number is not the certificate's; and what a signed bundle
// (a Cisco trustpool .p7b) held, with its outer signer.
func (e *env) iosNotes(name string, res *convert.Result) {
	for _, b := range res.SignedBundles {
		signer := "its signer's certificate is not in the file"
		if b.Signer != nil {
			signer = "signed by " + x509text.Describe(b.Signer)
		}
		check := "the signature verifies with the signer's key (its chain is not checked)"
		if b.SignatureError != nil {
			check = "warning: " + b.SignatureError.Error()
			e.inputWarnings++
		}
		e.errorf("note: %s: a signed PKCS#7 bundle (as Cisco's trustpool bundles are): read the %d certificates inside it and the %d of the outer PKCS#7; %s; %s",
			displayName(name), len(b.Inner), len(b.Outer), signer, check)
	}
	for _, r := range res.IOSReferences {
		e.errorf("note: %s: %s", displayName(name), r)
	}
	for _, c := range res.IOS {
		if c.SerialMismatch() {
			e.inputWarnings++
			e.errorf("warning: %s: trustpoint %s, line %d: the header gives serial %s but the certificate's is %X; the configuration was edited or pieced together",
				displayName(name), c.Trustpoint, c.Line, c.HeaderSerial, c.Certificate.SerialNumber)
		}
	}
}
