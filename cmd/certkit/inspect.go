package main

import (
	"crypto"
	"crypto/sha1"
	"crypto/x509"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/cisco/ios"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/finding"
)

const inspectAbout = `
List every object found in FILE...: certificates (with validity, SANs, key,
CA flag, self-signature, key IDs, AIA URLs and fingerprints, including MD5
and SHA1 as IOS prints them), CSRs, private keys (counted, never shown) and
CRLs. With --auto-enroll P, each certificate also shows when IOS
auto-enroll P re-enrolls it: NotBefore + P% of its lifetime.
Exit 0 if some FILE holds a certificate or a request. A file holding only
keys or CRLs is described (key type and size; the CRL's issuer and its
entries) and still counts as holding nothing: exit 2 if no FILE holds a
certificate or a request, or none could be read.`

func runInspect(e *env, args []string) int {
	fs := e.flags("inspect", "[--json] [--auto-enroll P] [--at TIME] [--warn-within D] [--password-file FILE] FILE...", inspectAbout)
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	autoEnroll := fs.Int("auto-enroll", 0, "also show when IOS auto-enroll at `P` percent (1-100) of the lifetime renews each certificate")
	pwFile := passwordFlag(fs)
	checks := checkFlags(fs)
	files, code, ok := parseFiles(fs, args)
	if !ok {
		return code
	}
	vopts, ok := checks.options(e, "inspect")
	if !ok {
		return exitUsage
	}
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "auto-enroll" })
	if given && (*autoEnroll < 1 || *autoEnroll > 100) {
		return e.usageError("inspect", "--auto-enroll %d: the percentage must be 1 to 100, as IOS takes it", *autoEnroll)
	}
	pw, ok := e.readPassword(*pwFile)
	if !ok {
		return exitUsage
	}
	vopts = vopts.Fixed()
	now := vopts.At
	var out []inspectFile
	var all []*x509.Certificate
	readable := false
	var failed []decoded // reported after what was found is described
	for _, d := range e.decodeInputs(files, pw) {
		f := inspectFile{File: displayName(d.name)}
		if d.err != nil {
			failed = append(failed, d)
			f.Error = d.err.Error()
			f.Detail = convert.Detail(d.err)
		} else {
			readable = true
		}
		if d.res != nil {
			f.fill(d.res, now, *autoEnroll)
			all = append(all, d.res.Certificates...)
		}
		out = append(out, f)
	}
	// Each certificate's role is the one it has in the set all inputs
	// form, as order and split give it.
	roles := certrole.InSet(all)
	for i := range out {
		for k := range out[i].Certificates {
			out[i].Certificates[k].role = roles[0]
			roles = roles[1:]
		}
	}
	if *asJSON {
		if err := writeJSON(e, out); err != nil {
			return exitUsage
		}
	} else {
		for i, f := range out {
			if i > 0 {
				fmt.Fprintln(e.stdout)
			}
			f.print(e.stdout)
		}
	}
	for _, d := range failed {
		e.reportDecodeError(d)
	}
	if !readable {
		return exitUsage
	}
	// A file command: every job's checks go to stderr, and inspect still
	// exits 0.
	e.printFindings(verdict.Certificates(all, vopts))
	return exitOK
}

// The --json contract of inspect.
type (
	inspectFile struct {
		File         string        `json:"file"`
		Encodings    []string      `json:"encodings"`
		Certificates []inspectCert `json:"certificates"`
		Duplicates   int           `json:"duplicates"`
		Requests     []inspectCSR  `json:"requests"`
		PrivateKeys  int           `json:"private_keys"`
		// KeyTypes describes each private key that could be read (not an
		// encrypted one): type and size, never the key.
		KeyTypes []string `json:"private_key_types"`
		// KeyKinds names what each private key is (convert.Result.KeyKinds: RSA,
		// ECDSA, Ed25519, X25519, DSA, encrypted, OpenSSH, unknown).
		KeyKinds []string     `json:"private_key_kinds"`
		CRLs     []inspectCRL `json:"crls"`
		Error    string       `json:"error,omitempty"`
		// Detail is the message of the library that refused the input
		// (encoding/asn1, crypto/x509, go-pkcs12, pkcs7), which Error
		// words in certkit's terms.
		Detail string   `json:"detail,omitempty"`
		keys   []string // each private key as the text shows it
	}
	inspectCert struct {
		Subject    string   `json:"subject"`
		Issuer     string   `json:"issuer"`
		Serial     string   `json:"serial"`
		NotBefore  string   `json:"not_before"`
		NotAfter   string   `json:"not_after"`
		Validity   string   `json:"validity"` // valid, expired or not yet valid
		SANs       []string `json:"sans"`
		Key        string   `json:"key"`
		Signature  string   `json:"signature_algorithm"`
		CA         bool     `json:"ca"`
		SelfSigned bool     `json:"self_signed"`
		SKI        string   `json:"ski"`
		// Defects names what crypto/x509 refuses in the certificate,
		// which certkit read anyway, as openssl does.
		Defects   []finding.Finding `json:"defects"`
		AKI       string            `json:"aki"`
		OCSP      []string          `json:"ocsp"`
		CAIssuers []string          `json:"ca_issuers"`
		SHA256    string            `json:"sha256"`
		SHA1      string            `json:"sha1"`
		IOSMD5    string            `json:"ios_md5"`
		IOSSHA1   string            `json:"ios_sha1"`
		// Renews is when IOS auto-enroll re-enrolls the certificate, with
		// inspect --auto-enroll only.
		Renews string `json:"renews,omitempty"`
		// RenewsError says why there is no renewal moment.
		RenewsError string `json:"renews_error,omitempty"`
		// IOS lists the trustpoints an IOS configuration or export
		// capture holds the certificate in, with IOS's role there.
		IOS        []inspectIOS `json:"ios,omitempty"`
		autoEnroll int
		role       string
	}
	inspectIOS struct {
		Trustpoint string `json:"trustpoint"`
		Role       string `json:"role"`
	}
	inspectCSR struct {
		Subject   string   `json:"subject"`
		SANs      []string `json:"sans"`
		Key       string   `json:"key"`
		Signature string   `json:"signature_algorithm"`
	}
	inspectCRL struct {
		Issuer     string `json:"issuer"`
		ThisUpdate string `json:"this_update"`
		NextUpdate string `json:"next_update"`
		Revoked    int    `json:"revoked"`
	}
)

func (f *inspectFile) fill(res *convert.Result, now time.Time, autoEnroll int) {
	f.Encodings = []string{}
	for _, enc := range res.Encodings {
		f.Encodings = append(f.Encodings, string(enc))
	}
	f.Certificates = []inspectCert{}
	for _, c := range res.Certificates {
		ic := describeCert(c, now)
		ic.Defects = defectsOf(res, c)
		if autoEnroll != 0 {
			ic.autoEnroll = autoEnroll
			// The percentage was checked before; what can still fail is a
			// certificate without a usable validity period.
			if at, err := ios.RenewalTime(c, autoEnroll); err != nil {
				ic.RenewsError = err.Error()
			} else {
				ic.Renews = at.UTC().Format(time.RFC3339)
			}
		}
		for _, x := range res.IOS {
			if x.Certificate.Equal(c) {
				ic.IOS = append(ic.IOS, inspectIOS{Trustpoint: x.Trustpoint, Role: string(x.Role)})
			}
		}
		f.Certificates = append(f.Certificates, ic)
	}
	f.Duplicates = res.Duplicates + res.DuplicateRequests
	f.Requests = []inspectCSR{}
	for _, r := range res.Requests {
		f.Requests = append(f.Requests, inspectCSR{
			Subject: x509text.RequestSubject(r), SANs: x509text.RequestSANs(r),
			Key: x509text.DescribeKey(r.PublicKey).String(), Signature: r.SignatureAlgorithm.String(),
		})
	}
	f.PrivateKeys = res.KeyCount
	f.KeyTypes = []string{}
	for _, k := range res.Keys {
		desc := "unknown key type"
		if s, ok := k.(interface{ Public() crypto.PublicKey }); ok {
			desc = x509text.DescribeKey(s.Public()).String()
		}
		f.KeyTypes = append(f.KeyTypes, desc)
	}
	// The text shows every key: those read by their description, in
	// step with Keys, the others by their kind.
	f.KeyKinds = []string{}
	read := f.KeyTypes
	for _, kind := range res.KeyKinds {
		f.KeyKinds = append(f.KeyKinds, kind)
		if keyRead[kind] && len(read) > 0 {
			f.keys, read = append(f.keys, read[0]), read[1:]
			continue
		}
		f.keys = append(f.keys, keyKindWords[kind])
	}
	f.CRLs = []inspectCRL{}
	for _, l := range res.CRLs {
		crl := inspectCRL{Issuer: x509text.CRLIssuer(l), ThisUpdate: l.ThisUpdate.UTC().Format(time.RFC3339), Revoked: len(l.RevokedCertificateEntries)}
		if !l.NextUpdate.IsZero() {
			crl.NextUpdate = l.NextUpdate.UTC().Format(time.RFC3339)
		}
		f.CRLs = append(f.CRLs, crl)
	}
}

func describeCert(c *x509.Certificate, now time.Time) inspectCert {
	s1 := sha1.Sum(c.Raw)
	validity := "valid"
	switch {
	case now.Before(c.NotBefore):
		validity = "not yet valid"
	case now.After(c.NotAfter):
		validity = "expired"
	}
	ic := inspectCert{
		Subject:    x509text.Subject(c),
		Issuer:     x509text.Issuer(c),
		Serial:     x509text.Serial(c.SerialNumber),
		NotBefore:  c.NotBefore.UTC().Format(time.RFC3339),
		NotAfter:   c.NotAfter.UTC().Format(time.RFC3339),
		Validity:   validity,
		SANs:       x509text.SANs(c),
		Key:        x509text.DescribeKey(c.PublicKey).String(),
		Signature:  c.SignatureAlgorithm.String(),
		CA:         c.BasicConstraintsValid && c.IsCA,
		SelfSigned: sigcheck.SelfSigned(c),
		SKI:        x509text.Hex(c.SubjectKeyId),
		AKI:        x509text.Hex(c.AuthorityKeyId),
		OCSP:       nonNil(c.OCSPServer),
		CAIssuers:  nonNil(c.IssuingCertificateURL),
		SHA256:     x509text.SHA256(c),
		SHA1:       hex.EncodeToString(s1[:]),
		IOSMD5:     ios.FingerprintMD5(c),
		IOSSHA1:    ios.FingerprintSHA1(c),
	}
	return ic
}

func (f inspectFile) print(w io.Writer) {
	if f.Encodings == nil {
		fmt.Fprintf(w, "%s: unreadable\n", x509text.Printable(f.File))
		return
	}
	fmt.Fprintf(w, "%s: %s; %d certificate(s), %d CSR(s), %d private key(s), %d CRL(s)", x509text.Printable(f.File),
		strings.Join(f.Encodings, ", "), len(f.Certificates), len(f.Requests), f.PrivateKeys, len(f.CRLs))
	if f.Duplicates > 0 {
		fmt.Fprintf(w, ", %d duplicate(s) dropped", f.Duplicates)
	}
	fmt.Fprintln(w)
	for i, c := range f.Certificates {
		fmt.Fprintf(w, "\ncertificate %d (%s)\n", i+1, c.role)
		// Every value is printed as x509text.Printable writes it: a SAN
		// or URL cannot drive the terminal or start a line of its own.
		field := func(k, v string) { fmt.Fprintf(w, "  %-17s %s\n", k+":", x509text.Printable(v)) }
		for _, x := range c.IOS {
			field("IOS trustpoint", x.Trustpoint+" ("+x.Role+")")
		}
		field("subject", c.Subject)
		field("issuer", c.Issuer)
		field("serial", c.Serial)
		field("not before", c.NotBefore)
		after := c.NotAfter
		if c.Validity != "valid" {
			after += "  ** " + strings.ToUpper(c.Validity) + " **"
		}
		field("not after", after)
		field("SANs", orDash(strings.Join(c.SANs, ", ")))
		field("key", c.Key)
		field("signature", c.Signature)
		field("CA", yesNo(c.CA))
		field("self-signed", yesNo(c.SelfSigned))
		field("SKI", orDash(c.SKI))
		field("AKI", orDash(c.AKI))
		field("OCSP", orDash(strings.Join(c.OCSP, ", ")))
		field("CA issuers", orDash(strings.Join(c.CAIssuers, ", ")))
		field("SHA-256", c.SHA256)
		field("SHA-1", c.SHA1)
		field("Fingerprint MD5", c.IOSMD5)
		field("Fingerprint SHA1", c.IOSSHA1)
		for _, d := range c.Defects {
			field("defect", d.Message)
		}
		if c.RenewsError != "" {
			field("renews", "- ("+c.RenewsError+")")
		}
		if c.Renews != "" {
			field("renews", fmt.Sprintf("%s (auto-enroll %d: NotBefore + %d%% of the lifetime)", c.Renews, c.autoEnroll, c.autoEnroll))
		}
	}
	for i, r := range f.Requests {
		fmt.Fprintf(w, "\nCSR %d\n", i+1)
		fmt.Fprintf(w, "  %-17s %s\n", "subject:", r.Subject)
		fmt.Fprintf(w, "  %-17s %s\n", "SANs:", x509text.Printable(orDash(strings.Join(r.SANs, ", "))))
		fmt.Fprintf(w, "  %-17s %s\n", "key:", r.Key)
		fmt.Fprintf(w, "  %-17s %s\n", "signature:", r.Signature)
	}
	for i, desc := range f.keys {
		fmt.Fprintf(w, "\nprivate key %d\n", i+1)
		fmt.Fprintf(w, "  %-17s %s\n", "key:", desc)
	}
	for i, l := range f.CRLs {
		fmt.Fprintf(w, "\nCRL %d\n", i+1)
		fmt.Fprintf(w, "  %-17s %s\n", "issuer:", l.Issuer)
		fmt.Fprintf(w, "  %-17s %s\n", "this update:", l.ThisUpdate)
		fmt.Fprintf(w, "  %-17s %s\n", "next update:", orDash(l.NextUpdate))
		fmt.Fprintf(w, "  %-17s %d\n", "revoked:", l.Revoked)
	}
}

// keyKindWords names, in inspect's text, a private key certkit counted but
// did not read.
var keyKindWords = map[string]string{
	"DSA":       "DSA (certkit does not read DSA keys; it notes them, never prints them)",
	"encrypted": "encrypted: its type shows once it is decrypted",
	"OpenSSH":   "OpenSSH format, which certkit does not read",
	"unknown":   "type unknown: a form certkit does not read",
	"RSA":       "RSA",
	"ECDSA":     "ECDSA",
	"Ed25519":   "Ed25519",
	"X25519":    "X25519",
}

// keyRead are the kinds of private keys convert.Decode reads (its
// Result.KeyKinds doc): Result.Keys holds one for each, in step.
var keyRead = map[string]bool{"RSA": true, "ECDSA": true, "Ed25519": true, "X25519": true}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
