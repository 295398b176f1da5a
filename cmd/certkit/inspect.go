package main

import (
	//lint:ignore SA1019 DSA certificates still exist (cfssl's test data has one); inspect only names their key
	"crypto/dsa"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/url"
	"strings"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/cisco"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/x509text"
)

const inspectAbout = `
List every object found in FILE...: certificates (with validity, SANs, key,
CA flag, self-signature, key IDs, AIA URLs and fingerprints, including MD5
and SHA1 as IOS prints them), CSRs, private keys (counted, never shown) and
CRLs. With --auto-enroll P, each certificate also shows when IOS
auto-enroll P re-enrolls it: NotBefore + P% of its lifetime.
Exit 0 if anything readable was found, 2 if nothing was.`

func runInspect(e *env, args []string) int {
	fs := e.flags("inspect", "[--json] [--auto-enroll P] FILE...", inspectAbout)
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	autoEnroll := fs.Int("auto-enroll", 0, "also show when IOS auto-enroll at `P` percent (1-100) of the lifetime renews each certificate")
	pwFile := passwordFlag(fs)
	files, code, ok := parseFiles(fs, args)
	if !ok {
		return code
	}
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "auto-enroll" })
	if given && (*autoEnroll < 1 || *autoEnroll > 100) {
		e.errorf("--auto-enroll %d: the percentage must be 1 to 100, as IOS takes it", *autoEnroll)
		return exitUsage
	}
	pw, err := e.password(*pwFile)
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	now := time.Now()
	var out []inspectFile
	var all []*x509.Certificate
	readable := false
	for _, d := range e.decodeInputs(files, pw) {
		f := inspectFile{File: displayName(d.name)}
		if d.err != nil {
			e.reportDecodeError(d)
			f.Error = d.err.Error()
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
	roles := chain.Roles(all)
	for i := range out {
		for k := range out[i].Certificates {
			out[i].Certificates[k].role = string(roles[0])
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
	if !readable {
		return exitUsage
	}
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
		CRLs         []inspectCRL  `json:"crls"`
		Error        string        `json:"error,omitempty"`
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
		AKI        string   `json:"aki"`
		OCSP       []string `json:"ocsp"`
		CAIssuers  []string `json:"ca_issuers"`
		SHA256     string   `json:"sha256"`
		SHA1       string   `json:"sha1"`
		IOSMD5     string   `json:"ios_md5"`
		IOSSHA1    string   `json:"ios_sha1"`
		// Renews is when IOS auto-enroll re-enrolls the certificate, with
		// inspect --auto-enroll only.
		Renews string `json:"renews,omitempty"`
		// RenewsError says why there is no renewal moment.
		RenewsError string `json:"renews_error,omitempty"`
		autoEnroll  int
		role        string
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
		if autoEnroll != 0 {
			ic.autoEnroll = autoEnroll
			// The percentage was checked before; what can still fail is a
			// certificate without a usable validity period.
			if at, err := cisco.RenewalTime(c, autoEnroll); err != nil {
				ic.RenewsError = strings.TrimPrefix(err.Error(), "cisco: ")
			} else {
				ic.Renews = at.UTC().Format(time.RFC3339)
			}
		}
		f.Certificates = append(f.Certificates, ic)
	}
	f.Duplicates = res.Duplicates + res.DuplicateRequests
	f.Requests = []inspectCSR{}
	for _, r := range res.Requests {
		f.Requests = append(f.Requests, inspectCSR{
			Subject: x509text.RequestSubject(r), SANs: sans(r.Extensions, r.DNSNames, r.IPAddresses, r.EmailAddresses, r.URIs),
			Key: describeKey(r.PublicKey), Signature: r.SignatureAlgorithm.String(),
		})
	}
	f.PrivateKeys = res.KeyCount
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
	s256 := sha256.Sum256(c.Raw)
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
		Serial:     serialHex(c.SerialNumber),
		NotBefore:  c.NotBefore.UTC().Format(time.RFC3339),
		NotAfter:   c.NotAfter.UTC().Format(time.RFC3339),
		Validity:   validity,
		SANs:       sans(c.Extensions, c.DNSNames, c.IPAddresses, c.EmailAddresses, c.URIs),
		Key:        describeKey(c.PublicKey),
		Signature:  c.SignatureAlgorithm.String(),
		CA:         c.BasicConstraintsValid && c.IsCA,
		SelfSigned: chain.SelfSigned(c),
		SKI:        colonHex(c.SubjectKeyId),
		AKI:        colonHex(c.AuthorityKeyId),
		OCSP:       nonNil(c.OCSPServer),
		CAIssuers:  nonNil(c.IssuingCertificateURL),
		SHA256:     hex.EncodeToString(s256[:]),
		SHA1:       hex.EncodeToString(s1[:]),
		IOSMD5:     cisco.FingerprintMD5(c),
		IOSSHA1:    cisco.FingerprintSHA1(c),
	}
	return ic
}

func (f inspectFile) print(w io.Writer) {
	if f.Encodings == nil {
		fmt.Fprintf(w, "%s: unreadable\n", f.File)
		return
	}
	fmt.Fprintf(w, "%s: %s; %d certificate(s), %d CSR(s), %d private key(s), %d CRL(s)", f.File,
		strings.Join(f.Encodings, ", "), len(f.Certificates), len(f.Requests), f.PrivateKeys, len(f.CRLs))
	if f.Duplicates > 0 {
		fmt.Fprintf(w, ", %d duplicate(s) dropped", f.Duplicates)
	}
	fmt.Fprintln(w)
	for i, c := range f.Certificates {
		fmt.Fprintf(w, "\ncertificate %d (%s)\n", i+1, c.role)
		field := func(k, v string) { fmt.Fprintf(w, "  %-17s %s\n", k+":", v) }
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
		fmt.Fprintf(w, "  %-17s %s\n", "SANs:", orDash(strings.Join(r.SANs, ", ")))
		fmt.Fprintf(w, "  %-17s %s\n", "key:", r.Key)
		fmt.Fprintf(w, "  %-17s %s\n", "signature:", r.Signature)
	}
	for i, l := range f.CRLs {
		fmt.Fprintf(w, "\nCRL %d\n", i+1)
		fmt.Fprintf(w, "  %-17s %s\n", "issuer:", l.Issuer)
		fmt.Fprintf(w, "  %-17s %s\n", "this update:", l.ThisUpdate)
		fmt.Fprintf(w, "  %-17s %s\n", "next update:", orDash(l.NextUpdate))
		fmt.Fprintf(w, "  %-17s %d\n", "revoked:", l.Revoked)
	}
}

// describeKey names a public key's type and size: "RSA 2048", "ECDSA P-256".
func describeKey(pub any) string {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA %d", k.N.BitLen())
	case *ecdsa.PublicKey:
		return "ECDSA " + k.Curve.Params().Name
	case ed25519.PublicKey:
		return "Ed25519"
	case *dsa.PublicKey:
		return fmt.Sprintf("DSA %d", k.P.BitLen())
	}
	return fmt.Sprintf("unknown (%T)", pub)
}

// oidSAN is the subjectAltName extension.
var oidSAN = asn1.ObjectIdentifier{2, 5, 29, 17}

// sans lists the subject alternative names in the order of the extension,
// with openssl's prefixes, including the kinds Go does not parse:
// "DirName:CN=..." (the name written as subjects are, where openssl
// writes /CN=...), "othername:<OID>" and "RID:<OID>". If the extension
// does not parse, it lists what Go parsed.
func sans(exts []pkix.Extension, dns []string, ips []net.IP, emails []string, uris []*url.URL) []string {
	for _, ext := range exts {
		if ext.Id.Equal(oidSAN) {
			if out, ok := parseSANs(ext.Value); ok {
				return out
			}
			break
		}
	}
	out := []string{}
	for _, d := range dns {
		out = append(out, "DNS:"+d)
	}
	for _, ip := range ips {
		out = append(out, "IP:"+ip.String())
	}
	for _, m := range emails {
		out = append(out, "email:"+m)
	}
	for _, u := range uris {
		out = append(out, "URI:"+u.String())
	}
	return out
}

// parseSANs writes each GeneralName of a subjectAltName extension value
// (RFC 5280, 4.2.1.6) with openssl's prefix.
func parseSANs(der []byte) ([]string, bool) {
	input := cryptobyte.String(der)
	var seq cryptobyte.String
	if !input.ReadASN1(&seq, cbasn1.SEQUENCE) || !input.Empty() {
		return nil, false
	}
	out := []string{}
	for !seq.Empty() {
		var v cryptobyte.String
		var tag cbasn1.Tag
		if !seq.ReadAnyASN1(&v, &tag) {
			return nil, false
		}
		switch tag {
		case cbasn1.Tag(0).ContextSpecific().Constructed(): // otherName
			var oid asn1.ObjectIdentifier
			if !v.ReadASN1ObjectIdentifier(&oid) {
				return nil, false
			}
			out = append(out, "othername:"+oid.String())
		case cbasn1.Tag(1).ContextSpecific():
			out = append(out, "email:"+string(v))
		case cbasn1.Tag(2).ContextSpecific():
			out = append(out, "DNS:"+string(v))
		case cbasn1.Tag(3).ContextSpecific().Constructed():
			out = append(out, "X400Name:<unsupported>")
		case cbasn1.Tag(4).ContextSpecific().Constructed(): // directoryName
			var rdns pkix.RDNSequence
			if rest, err := asn1.Unmarshal(v, &rdns); err != nil || len(rest) != 0 {
				return nil, false
			}
			var name pkix.Name
			name.FillFromRDNSequence(&rdns)
			out = append(out, "DirName:"+name.String())
		case cbasn1.Tag(5).ContextSpecific().Constructed():
			out = append(out, "EdiPartyName:<unsupported>")
		case cbasn1.Tag(6).ContextSpecific():
			out = append(out, "URI:"+string(v))
		case cbasn1.Tag(7).ContextSpecific():
			if len(v) != net.IPv4len && len(v) != net.IPv6len {
				return nil, false
			}
			out = append(out, "IP:"+net.IP(v).String())
		case cbasn1.Tag(8).ContextSpecific(): // registeredID
			// Implicitly tagged: give the contents their own tag back.
			var b cryptobyte.Builder
			b.AddASN1(cbasn1.OBJECT_IDENTIFIER, func(b *cryptobyte.Builder) { b.AddBytes(v) })
			elem, err := b.Bytes()
			var oid asn1.ObjectIdentifier
			if in := cryptobyte.String(elem); err != nil || !in.ReadASN1ObjectIdentifier(&oid) {
				return nil, false
			}
			out = append(out, "RID:"+oid.String())
		default:
			return nil, false
		}
	}
	return out, true
}

// serialHex writes a serial number as colon-separated hex bytes, with a
// leading "-" when it is negative, as openssl prints it: some old CAs
// issued negative serials.
func serialHex(n *big.Int) string {
	if n == nil {
		return ""
	}
	switch n.Sign() {
	case -1:
		return "-" + colonHex(n.Bytes())
	case 0:
		return "00"
	}
	return colonHex(n.Bytes())
}

func colonHex(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	h := strings.ToUpper(hex.EncodeToString(b))
	var sb strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			sb.WriteByte(':')
		}
		sb.WriteString(h[i : i+2])
	}
	return sb.String()
}

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
