package convert

import (
	"bytes"
	"crypto/dsa" //lint:ignore SA1019 certificates with DSA keys whose parameters are inherited still exist in old private PKIs
	"crypto/x509"
	"crypto/x509/pkix"
	encasn1 "encoding/asn1"
	"fmt"
	"math/big"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"

	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
)

// This file reads the certificates that crypto/x509 refuses, or reads only
// in part, but that openssl reads and real users hold. The certificate is
// repaired in a copy (the defective field replaced by one crypto/x509
// takes), parsed, and given back its own bytes: Raw, RawTBSCertificate,
// RawSubject, RawIssuer, RawSubjectPublicKeyInfo, the serial number, the
// validity and the extensions are the certificate's, so its signature and
// every signature it made still verify. Each defect is reported as a
// finding (a finding.Finding) in Result.Notes.

// The codes of the findings in Result.Notes (the package doc lists them,
// with what each means): what is wrong with a certificate that Decode
// read anyway.
const (
	// codeNegativeSerial: a serial number below zero (Cisco ASA and
	// other appliances write them). crypto/x509 refuses it by default.
	codeNegativeSerial finding.Code = "negative-serial"
	// codeSerialEncoding: a serial number INTEGER with needless leading
	// octets.
	codeSerialEncoding finding.Code = "serial-encoding"
	// codeCRLDirectoryName: a CRL distribution point named by a
	// directoryName. crypto/x509 drops every name after it.
	codeCRLDirectoryName finding.Code = "crl-dp-directory-name"
	// codeCRLRelativeName: a CRL distribution point named relative to
	// the CRL issuer, which crypto/x509 refuses.
	codeCRLRelativeName finding.Code = "crl-dp-relative-name"
	// codeInheritedDSAParameters: a DSA key without parameters, which
	// RFC 3279 says come from the issuer's key. The certificate's
	// PublicKey is a *dsa.PublicKey with Y only; package chain completes
	// it from the issuer when it checks a signature the key made.
	codeInheritedDSAParameters finding.Code = "inherited-dsa-parameters"
	// codeDuplicateExtension: an extension that appears twice. The
	// first copy is the one read.
	codeDuplicateExtension finding.Code = "duplicate-extension"
	// codeMalformedSAN: a subject alternative name entry that is not
	// what its type says (an IP address of 5 bytes, a DNS name that is
	// not ASCII). It is left out of DNSNames, IPAddresses and the rest.
	codeMalformedSAN finding.Code = "malformed-san"
	// codePrintableString: a PrintableString in a name with characters
	// outside the PrintableString set ('_', '@' and the like).
	codePrintableString finding.Code = "printable-string"
	// codeNameString: another string in a name that is not what its
	// type says (an IA5String that is not ASCII, a UTF8String that is
	// not UTF-8, a BMPString of odd length).
	codeNameString finding.Code = "name-string"
	// codeTime: a validity time not in RFC 5280's form (UTCTime without
	// seconds or with an offset instead of Z, GeneralizedTime without a
	// time zone or with fractions). A time without a zone is read as UTC;
	// one that cannot be read at all is left zero.
	codeTime finding.Code = "time-format"
	// codePublicKey: a public key crypto/x509 cannot parse. PublicKey is
	// nil and PublicKeyAlgorithm UnknownPublicKeyAlgorithm.
	codePublicKey finding.Code = "public-key-unreadable"
	// codeExtension: any other extension crypto/x509 cannot parse. It
	// stays in Extensions but none of the fields it would fill is set.
	codeExtension finding.Code = "extension-unreadable"
)

// defectWords names each defect in the message of its finding.
var defectWords = map[finding.Code]string{
	codeNegativeSerial:         "negative serial number",
	codeSerialEncoding:         "serial number not minimally encoded",
	codeCRLDirectoryName:       "CRL distribution point with a directoryName",
	codeCRLRelativeName:        "CRL distribution point with a nameRelativeToCRLIssuer",
	codeInheritedDSAParameters: "inherited DSA parameters",
	codeDuplicateExtension:     "duplicate extension",
	codeMalformedSAN:           "malformed SAN entry",
	codePrintableString:        "PrintableString with characters outside its set",
	codeNameString:             "name string outside its character set",
	codeTime:                   "time not in RFC 5280 form",
	codePublicKey:              "public key crypto/x509 cannot parse",
	codeExtension:              "extension crypto/x509 cannot parse",
}

// defect makes the finding for a defect; the certificate is set later.
func defect(code finding.Code, format string, args ...any) finding.Finding {
	return finding.Finding{Code: code, Severity: finding.Warning, Message: defectWords[code] + ": " + fmt.Sprintf(format, args...)}
}

// parseCertificate parses der as crypto/x509 does and, where it refuses,
// leniently. It returns crypto/x509's error when the lenient reading
// fails too. Defects that crypto/x509 reads past in silence (a
// directoryName CRL distribution point, a time not in RFC 5280 form) are
// noted too.
func parseCertificate(der []byte) (*x509.Certificate, []finding.Finding, error) {
	c, err := x509.ParseCertificate(der)
	if err == nil {
		return c, acceptedDefects(c), nil
	}
	lc, notes, lerr := parseLenient(der)
	if lerr != nil {
		return nil, nil, err
	}
	return lc, notes, nil
}

// acceptedDefects finds, in a certificate crypto/x509 parsed, the defects
// it accepts: a negative serial (under GODEBUG=x509negativeserial=1), CRL
// distribution points it read only in part, and times not in RFC 5280
// form. It costs a few hundred nanoseconds, far below the parse.
func acceptedDefects(c *x509.Certificate) []finding.Finding {
	var notes []finding.Finding
	if c.SerialNumber != nil && c.SerialNumber.Sign() < 0 {
		n := defect(codeNegativeSerial, "serial %s", signedHex(c.SerialNumber))
		n.Certificate = c
		notes = append(notes, n)
	}
	for _, e := range c.Extensions {
		if e.Id.Equal(oidCRLDistributionPoints) {
			if uris, ns, ok := crlDistributionPoints(e.Value); ok && len(ns) > 0 {
				c.CRLDistributionPoints = uris
				notes = append(notes, withCert(c, ns)...)
			}
			break
		}
	}
	if v := validityOf(c.RawTBSCertificate); v != nil && !canonicalValidity(v) {
		_, _, ns := parseValidity(v)
		notes = append(notes, withCert(c, ns)...)
	}
	return notes
}

// validityOf returns the Validity element of a DER TBSCertificate, or nil.
func validityOf(tbs []byte) []byte {
	_, v, _, ok := tbsHead(tbs)
	if !ok {
		return nil
	}
	return v
}

// canonicalValidity reports whether both times of a Validity are in RFC
// 5280's form: YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ.
func canonicalValidity(v []byte) bool {
	s := cryptobyte.String(v)
	var body cryptobyte.String
	if !s.ReadASN1(&body, asn1.SEQUENCE) {
		return false
	}
	for range 2 {
		var t cryptobyte.String
		var tag asn1.Tag
		if !body.ReadAnyASN1(&t, &tag) {
			return false
		}
		want := 13
		if tag == asn1.GeneralizedTime {
			want = 15
		} else if tag != asn1.UTCTime {
			return false
		}
		if len(t) != want || t[want-1] != 'Z' {
			return false
		}
		for _, c := range t[:want-1] {
			if c < '0' || c > '9' {
				return false
			}
		}
	}
	return body.Empty()
}

func withCert(c *x509.Certificate, notes []finding.Finding) []finding.Finding {
	for i := range notes {
		notes[i].Certificate = c
	}
	return notes
}

var (
	oidSAN                   = encasn1.ObjectIdentifier{2, 5, 29, 17}
	oidCRLDistributionPoints = encasn1.ObjectIdentifier{2, 5, 29, 31}
	oidDSA                   = encasn1.ObjectIdentifier{1, 2, 840, 10040, 4, 1}
	oidRSA                   = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidECPublicKey           = encasn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	// oidUnknownKey stands in for a key crypto/x509 cannot parse in the
	// repaired copy: crypto/x509 leaves a key of an unknown algorithm
	// unparsed instead of refusing the certificate.
	oidUnknownKey = encasn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11129, 0, 0}
)

// certParts is a certificate cut into its fields, each a whole DER
// element of the original bytes.
type certParts struct {
	tbs                                                []byte // the TBSCertificate element
	version, serial, sigAlg, issuer, validity, subject []byte
	spki                                               []byte
	uids                                               []byte // issuer and subject unique IDs, as they are
	exts                                               []rawExt
	hasExts                                            bool
	outerAlg, signature                                []byte // the elements after the TBS
}

type rawExt struct {
	id       encasn1.ObjectIdentifier
	critical bool
	value    []byte
}

// splitCertificate cuts a certificate into its fields without judging
// their contents. It fails only when the structure is not a certificate.
func splitCertificate(der []byte) (certParts, bool) {
	var p certParts
	s := cryptobyte.String(der)
	var cert, body cryptobyte.String
	if !s.ReadASN1(&cert, asn1.SEQUENCE) || !s.Empty() {
		return p, false
	}
	var tbs cryptobyte.String
	if !cert.ReadASN1Element(&tbs, asn1.SEQUENCE) {
		return p, false
	}
	p.tbs = tbs
	if !tbs.ReadASN1(&body, asn1.SEQUENCE) {
		return p, false
	}
	read := func(dst *[]byte, tag asn1.Tag) bool {
		var e cryptobyte.String
		if !body.ReadASN1Element(&e, tag) {
			return false
		}
		*dst = e
		return true
	}
	if body.PeekASN1Tag(asn1.Tag(0).Constructed().ContextSpecific()) {
		read(&p.version, asn1.Tag(0).Constructed().ContextSpecific())
	}
	if !read(&p.serial, asn1.INTEGER) || !read(&p.sigAlg, asn1.SEQUENCE) || !read(&p.issuer, asn1.SEQUENCE) ||
		!read(&p.validity, asn1.SEQUENCE) || !read(&p.subject, asn1.SEQUENCE) || !read(&p.spki, asn1.SEQUENCE) {
		return p, false
	}
	start := len(body)
	for _, tag := range []asn1.Tag{asn1.Tag(1).ContextSpecific(), asn1.Tag(2).ContextSpecific()} {
		if !body.SkipOptionalASN1(tag) {
			return p, false
		}
	}
	p.uids = []byte(p.tbs[len(p.tbs)-start : len(p.tbs)-len(body)])
	var extField, list cryptobyte.String
	if !body.ReadOptionalASN1(&extField, &p.hasExts, asn1.Tag(3).Constructed().ContextSpecific()) || !body.Empty() {
		return p, false
	}
	if p.hasExts {
		if !extField.ReadASN1(&list, asn1.SEQUENCE) || !extField.Empty() {
			return p, false
		}
		for !list.Empty() {
			var e, val cryptobyte.String
			var x rawExt
			if !list.ReadASN1(&e, asn1.SEQUENCE) || !e.ReadASN1ObjectIdentifier(&x.id) {
				return p, false
			}
			if e.PeekASN1Tag(asn1.BOOLEAN) && !e.ReadASN1Boolean(&x.critical) {
				return p, false
			}
			if !e.ReadASN1(&val, asn1.OCTET_STRING) || !e.Empty() {
				return p, false
			}
			x.value = val
			p.exts = append(p.exts, x)
		}
	}
	var alg, sig cryptobyte.String
	if !cert.ReadASN1Element(&alg, asn1.SEQUENCE) || !cert.ReadASN1Element(&sig, asn1.BIT_STRING) || !cert.Empty() {
		return p, false
	}
	p.outerAlg, p.signature = alg, sig
	return p, true
}

// encode writes the certificate again from its (maybe replaced) fields.
func (p *certParts) encode() []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			for _, f := range [][]byte{p.version, p.serial, p.sigAlg, p.issuer, p.validity, p.subject, p.spki, p.uids} {
				b.AddBytes(f)
			}
			if p.hasExts {
				b.AddASN1(asn1.Tag(3).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
						for _, x := range p.exts {
							b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
								b.AddASN1ObjectIdentifier(x.id)
								if x.critical {
									b.AddASN1Boolean(true)
								}
								b.AddASN1OctetString(x.value)
							})
						}
					})
				})
			}
		})
		b.AddBytes(p.outerAlg)
		b.AddBytes(p.signature)
	})
	return b.BytesOrPanic()
}

// parseLenient reads a certificate crypto/x509 refuses: it repairs each
// defect it knows in a copy, parses the copy, and puts the certificate's
// own bytes and values back. An extension crypto/x509 still refuses is
// left out of the copy; a key it refuses is replaced by one of an unknown
// algorithm.
func parseLenient(der []byte) (*x509.Certificate, []finding.Finding, error) {
	orig, ok := splitCertificate(der)
	if !ok {
		return nil, nil, fmt.Errorf("not a certificate")
	}
	p := orig
	p.exts = append([]rawExt(nil), orig.exts...)
	var notes []finding.Finding
	note := func(d finding.Code, format string, args ...any) {
		notes = append(notes, defect(d, format, args...))
	}

	serial, fixed, d := parseSerial(orig.serial)
	if d != "" {
		note(d, "serial %s", signedHex(serial))
		p.serial = fixed
	}

	var ns []finding.Finding
	if p.issuer, ns = repairName(orig.issuer, "issuer"); len(ns) > 0 {
		notes = append(notes, ns...)
	}
	if p.subject, ns = repairName(orig.subject, "subject"); len(ns) > 0 {
		notes = append(notes, ns...)
	}

	notBefore, notAfter, ns := parseValidity(orig.validity)
	if len(ns) > 0 {
		notes = append(notes, ns...)
		p.validity = encodeValidity(notBefore, notAfter)
	}

	var dsaKey *dsa.PublicKey
	if _, err := x509.ParsePKIXPublicKey(orig.spki); err != nil {
		if y, ok := inheritedDSA(orig.spki); ok {
			dsaKey = &dsa.PublicKey{Y: y}
			note(codeInheritedDSAParameters, "the DSA key has no parameters; they come from the issuer's key")
		} else {
			note(codePublicKey, "%s", keyAlgorithm(orig.spki))
		}
		p.spki = unknownKey(orig.spki)
	}

	// Extensions: the first of each OID, CRL distribution points read
	// here (crypto/x509 refuses or cuts some), bad SAN entries hidden.
	var crlURIs []string
	hasCRL := false
	seen := map[string]bool{}
	kept := p.exts[:0]
	for _, x := range p.exts {
		id := x.id.String()
		if seen[id] {
			note(codeDuplicateExtension, "extension %s appears more than once; the first is read", extName(x.id))
			continue
		}
		seen[id] = true
		switch {
		case x.id.Equal(oidCRLDistributionPoints):
			uris, ns, ok := crlDistributionPoints(x.value)
			if ok {
				hasCRL, crlURIs = true, uris
				notes = append(notes, ns...)
				continue // read here, not by crypto/x509
			}
		case x.id.Equal(oidSAN):
			if v, ns := repairSAN(x.value); len(ns) > 0 {
				notes = append(notes, ns...)
				x.value = v
			}
		}
		kept = append(kept, x)
	}
	p.exts = kept

	c, err := x509.ParseCertificate(p.encode())
	if err != nil {
		// An extension crypto/x509 still refuses: find each one alone.
		bad := map[int]bool{}
		all := p.exts
		for i, x := range all {
			p.exts = []rawExt{x}
			if _, err := x509.ParseCertificate(p.encode()); err != nil {
				bad[i] = true
				note(codeExtension, "%s", extName(x.id))
			}
		}
		p.exts = nil
		for i, x := range all {
			if !bad[i] {
				p.exts = append(p.exts, x)
			}
		}
		if c, err = x509.ParseCertificate(p.encode()); err != nil {
			return nil, nil, err
		}
	}

	// The certificate's own bytes and values.
	c.Raw = der
	c.RawTBSCertificate = orig.tbs
	c.RawIssuer, c.RawSubject = orig.issuer, orig.subject
	c.RawSubjectPublicKeyInfo = orig.spki
	c.SerialNumber = serial
	c.NotBefore, c.NotAfter = notBefore, notAfter
	c.Extensions = nil
	for _, x := range orig.exts {
		c.Extensions = append(c.Extensions, pkix.Extension{Id: x.id, Critical: x.critical, Value: x.value})
	}
	if hasCRL {
		c.CRLDistributionPoints = crlURIs
	}
	if dsaKey != nil {
		c.PublicKeyAlgorithm, c.PublicKey = x509.DSA, dsaKey
	}
	return c, withCert(c, notes), nil
}

// parseSerial reads a serial number INTEGER as openssl does: negative
// values and needless leading octets allowed. When crypto/x509 would
// refuse it, it returns a stand-in INTEGER of the same length that it
// takes, and the defect.
func parseSerial(elem []byte) (*big.Int, []byte, finding.Code) {
	s := cryptobyte.String(elem)
	var content cryptobyte.String
	if !s.ReadASN1(&content, asn1.INTEGER) || len(content) == 0 {
		return new(big.Int), []byte{0x02, 0x01, 0x01}, codeSerialEncoding
	}
	v := new(big.Int).SetBytes(content)
	negative := content[0]&0x80 != 0
	if negative {
		// Two's complement: subtract 2^(8*len).
		v.Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(8*len(content))))
	}
	nonMinimal := len(content) > 1 && (content[0] == 0 && content[1]&0x80 == 0 || content[0] == 0xff && content[1]&0x80 != 0)
	var d finding.Code
	switch {
	case nonMinimal:
		d = codeSerialEncoding
	case negative:
		d = codeNegativeSerial
	default:
		return v, elem, ""
	}
	fixed := append([]byte(nil), elem...)
	fixed[len(elem)-len(content)] = 0x01
	return v, fixed, d
}

// signedHex prints a serial as openssl does: uppercase hex, a minus sign
// for a negative one.
func signedHex(v *big.Int) string {
	if v.Sign() < 0 {
		return "-" + strings.ToUpper(new(big.Int).Neg(v).Text(16))
	}
	return strings.ToUpper(v.Text(16))
}

// repairName returns a copy of a DER Name in which every string value
// crypto/x509 refuses is re-tagged as one it takes (UTF8String when the
// bytes are UTF-8, else T61String, read as Latin-1), with a note each.
// The lengths do not change, so the tags are patched in place.
func repairName(name []byte, which string) ([]byte, []finding.Finding) {
	var notes []finding.Finding
	var out []byte
	s := cryptobyte.String(name)
	var rdns cryptobyte.String
	if !s.ReadASN1(&rdns, asn1.SEQUENCE) {
		return name, nil
	}
	for !rdns.Empty() {
		var set cryptobyte.String
		if !rdns.ReadASN1(&set, asn1.SET) {
			return name, notes
		}
		for !set.Empty() {
			var atv, value cryptobyte.String
			var id encasn1.ObjectIdentifier
			var tag asn1.Tag
			if !set.ReadASN1(&atv, asn1.SEQUENCE) || !atv.ReadASN1ObjectIdentifier(&id) {
				return name, notes
			}
			if !atv.ReadAnyASN1(&value, &tag) {
				return name, notes
			}
			d := badString(tag, value)
			if d == "" {
				continue
			}
			if out == nil {
				out = append([]byte(nil), name...)
			}
			pos := valueOffset(name, value)
			newTag := byte(asn1.UTF8String)
			if !utf8.Valid(value) {
				newTag = byte(asn1.T61String)
			}
			out[pos] = newTag
			notes = append(notes, defect(d, "%s %s %q", which, x509text.AttributeName(id), latin1OrUTF8(value)))
		}
	}
	if out == nil {
		return name, notes
	}
	return out, notes
}

// valueOffset returns the offset in buf of the one-octet tag of the DER
// element whose content is value, a sub-slice of buf.
func valueOffset(buf, value []byte) int {
	start := cap(buf) - cap(value) // where value's content starts in buf
	n := len(value)
	lenOctets := 1
	if n >= 0x80 {
		for v := n; v > 0; v >>= 8 {
			lenOctets++
		}
	}
	return start - lenOctets - 1
}

// badString returns the defect of a name string crypto/x509 refuses.
func badString(tag asn1.Tag, v []byte) finding.Code {
	switch tag {
	case asn1.PrintableString:
		for _, b := range v {
			if !printable(b) {
				return codePrintableString
			}
		}
	case asn1.IA5String:
		for _, b := range v {
			if b >= utf8.RuneSelf {
				return codeNameString
			}
		}
	case asn1.UTF8String:
		if !utf8.Valid(v) {
			return codeNameString
		}
	case asn1.Tag(encasn1.TagBMPString):
		if len(v)%2 != 0 {
			return codeNameString
		}
	}
	return ""
}

// printable is crypto/x509's PrintableString set, which also lets '*'
// and '&' through.
func printable(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' ||
		'\'' <= b && b <= ')' || '+' <= b && b <= '/' ||
		b == ' ' || b == ':' || b == '=' || b == '?' || b == '*' || b == '&'
}

func latin1OrUTF8(v []byte) string {
	if utf8.Valid(v) {
		return string(v)
	}
	r := make([]rune, len(v))
	for i, b := range v {
		r[i] = rune(b)
	}
	return string(r)
}

// extName names an extension for people: "keyUsage (2.5.29.15)".
func extName(id encasn1.ObjectIdentifier) string {
	if n, ok := x509text.ExtensionName(id); ok {
		return n + " (" + id.String() + ")"
	}
	return id.String()
}

// parseValidity reads the two times of a Validity as openssl does, with a
// note for each that is not in RFC 5280's form.
func parseValidity(elem []byte) (notBefore, notAfter time.Time, notes []finding.Finding) {
	s := cryptobyte.String(elem)
	var v cryptobyte.String
	if !s.ReadASN1(&v, asn1.SEQUENCE) {
		return notBefore, notAfter, []finding.Finding{defect(codeTime, "the validity is not a SEQUENCE of two times")}
	}
	for i, dst := range []*time.Time{&notBefore, &notAfter} {
		which := [2]string{"notBefore", "notAfter"}[i]
		var raw cryptobyte.String
		var tag asn1.Tag
		if !v.ReadAnyASN1(&raw, &tag) {
			notes = append(notes, defect(codeTime, "%s is missing", which))
			continue
		}
		t, why := lenientTime(tag, string(raw))
		*dst = t
		if why != "" {
			kind := "UTCTime"
			if tag == asn1.GeneralizedTime {
				kind = "GeneralizedTime"
			}
			notes = append(notes, defect(codeTime, "%s %s %q %s", which, kind, latin1OrUTF8(raw), why))
		}
	}
	return notBefore, notAfter, notes
}

// lenientTime reads a UTCTime (YYMMDDHHMM[SS](Z|+hhmm|-hhmm)) or a
// GeneralizedTime (YYYYMMDDHH[MM[SS[.fff]]][Z|+hhmm|-hhmm]) and says why
// it is not in RFC 5280's form, "" when it is. A time without a zone is
// read as UTC; one that cannot be read is zero.
func lenientTime(tag asn1.Tag, s string) (time.Time, string) {
	var digits int
	switch tag {
	case asn1.UTCTime:
		digits = 2
	case asn1.GeneralizedTime:
		digits = 4
	default:
		return time.Time{}, fmt.Sprintf("has tag 0x%02x, not a time; left unset", uint8(tag))
	}
	num := func(n int) (int, bool) {
		if len(s) < n {
			return 0, false
		}
		v := 0
		for _, c := range s[:n] {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		s = s[n:]
		return v, true
	}
	unreadable := "cannot be read; left unset"
	year, ok := num(digits)
	if !ok {
		return time.Time{}, unreadable
	}
	if digits == 2 {
		year += 1900
		if year < 1950 {
			year += 100
		}
	}
	var f [5]int // month, day, hour, minute, second
	var why []string
	for k := range f {
		v, ok := num(2)
		if !ok {
			if k < 3 || (digits == 2 && k < 4) {
				return time.Time{}, unreadable
			}
			why = append(why, "has no "+[5]string{"", "", "", "minutes", "seconds"}[k])
			break
		}
		f[k] = v
	}
	var frac time.Duration
	if len(s) > 0 && (s[0] == '.' || s[0] == ',') && tag == asn1.GeneralizedTime {
		i := 1
		scale := time.Second
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			scale /= 10
			frac += time.Duration(s[i]-'0') * scale
		}
		s = s[i:]
		why = append(why, "has fractions of a second")
	}
	loc := time.UTC
	switch {
	case s == "Z":
	case s == "":
		why = append(why, "has no time zone; read as UTC")
	case len(s) == 5 && (s[0] == '+' || s[0] == '-'):
		sign := s[0]
		s = s[1:]
		hh, ok1 := num(2)
		mm, ok2 := num(2)
		if !ok1 || !ok2 || hh > 23 || mm > 59 {
			return time.Time{}, unreadable
		}
		off := hh*3600 + mm*60
		if sign == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
		why = append(why, "has an offset instead of Z")
	default:
		return time.Time{}, unreadable
	}
	if f[0] < 1 || f[0] > 12 || f[1] < 1 || f[1] > 31 || f[2] > 23 || f[3] > 59 || f[4] > 60 {
		return time.Time{}, unreadable
	}
	t := time.Date(year, time.Month(f[0]), f[1], f[2], f[3], f[4], 0, loc).Add(frac).UTC()
	if len(why) == 0 {
		return t, ""
	}
	return t, strings.Join(why, ", ")
}

// encodeValidity writes a Validity in RFC 5280's form: UTCTime up to
// 2049, GeneralizedTime after, both in UTC to the second.
func encodeValidity(notBefore, notAfter time.Time) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for _, t := range []time.Time{notBefore, notAfter} {
			t = t.UTC().Truncate(time.Second)
			if t.IsZero() {
				t = time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC) // a stand-in crypto/x509 takes; the field is reset after
			}
			if y := t.Year(); y >= 1950 && y < 2050 {
				b.AddASN1UTCTime(t)
			} else {
				b.AddASN1GeneralizedTime(t)
			}
		}
	})
	return b.BytesOrPanic()
}

// inheritedDSA reads the Y of a DSA subjectPublicKeyInfo that has no
// parameters.
func inheritedDSA(spki []byte) (*big.Int, bool) {
	s := cryptobyte.String(spki)
	var body, alg cryptobyte.String
	var id encasn1.ObjectIdentifier
	var bits encasn1.BitString
	if !s.ReadASN1(&body, asn1.SEQUENCE) || !body.ReadASN1(&alg, asn1.SEQUENCE) ||
		!alg.ReadASN1ObjectIdentifier(&id) || !id.Equal(oidDSA) || !body.ReadASN1BitString(&bits) {
		return nil, false
	}
	if !alg.Empty() && !bytes.Equal(alg, []byte{0x05, 0x00}) {
		return nil, false // parameters are there: the key is bad for another reason
	}
	key := cryptobyte.String(bits.RightAlign())
	y := new(big.Int)
	if !key.ReadASN1Integer(y) || !key.Empty() || y.Sign() <= 0 {
		return nil, false
	}
	return y, true
}

// keyAlgorithm names the algorithm of a public key crypto/x509 cannot
// parse, in the words of a note: "an RSA key", "an EC key on curve
// 1.3.132.0.10", "a key of algorithm 1.2.3.4".
func keyAlgorithm(spki []byte) string {
	s := cryptobyte.String(spki)
	var body, alg cryptobyte.String
	var id encasn1.ObjectIdentifier
	if !s.ReadASN1(&body, asn1.SEQUENCE) || !body.ReadASN1(&alg, asn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&id) {
		return "a key whose algorithm cannot be read"
	}
	switch {
	case id.Equal(oidRSA):
		return "an RSA key"
	case id.Equal(oidDSA):
		return "a DSA key"
	case id.Equal(oidECPublicKey):
		var curve encasn1.ObjectIdentifier
		if alg.ReadASN1ObjectIdentifier(&curve) {
			return "an EC key on curve " + curve.String()
		}
		return "an EC key"
	}
	return "a key of algorithm " + id.String()
}

// unknownKey returns spki with its algorithm replaced by one crypto/x509
// does not know, so that it leaves the key unparsed.
func unknownKey(spki []byte) []byte {
	s := cryptobyte.String(spki)
	var body cryptobyte.String
	s.ReadASN1(&body, asn1.SEQUENCE)
	body.SkipASN1(asn1.SEQUENCE)
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidUnknownKey) })
		b.AddBytes(body)
	})
	return b.BytesOrPanic()
}

// crlDistributionPoints reads a CRL distribution points extension as
// openssl does: the URIs of every fullName, with a note for each point
// named by a directoryName or relative to the CRL issuer, which
// crypto/x509 cuts short or refuses. ok is false when the extension is
// not a list of distribution points at all.
func crlDistributionPoints(value []byte) (uris []string, notes []finding.Finding, ok bool) {
	s := cryptobyte.String(value)
	var points cryptobyte.String
	if !s.ReadASN1(&points, asn1.SEQUENCE) || !s.Empty() {
		return nil, nil, false
	}
	for !points.Empty() {
		var dp, name cryptobyte.String
		var present bool
		if !points.ReadASN1(&dp, asn1.SEQUENCE) ||
			!dp.ReadOptionalASN1(&name, &present, asn1.Tag(0).Constructed().ContextSpecific()) {
			return nil, nil, false
		}
		if !present {
			continue
		}
		var inner cryptobyte.String
		var tag asn1.Tag
		if !name.ReadAnyASN1(&inner, &tag) {
			return nil, nil, false
		}
		switch tag {
		case asn1.Tag(0).Constructed().ContextSpecific(): // fullName
			for !inner.Empty() {
				var gn cryptobyte.String
				var gtag asn1.Tag
				if !inner.ReadAnyASN1(&gn, &gtag) {
					return nil, nil, false
				}
				switch gtag {
				case asn1.Tag(6).ContextSpecific():
					uris = append(uris, string(gn))
				case asn1.Tag(4).Constructed().ContextSpecific():
					dn := "a name that does not parse"
					var rdn pkix.RDNSequence
					if _, err := encasn1.Unmarshal(gn, &rdn); err == nil {
						var n pkix.Name
						n.FillFromRDNSequence(&rdn)
						dn = n.String()
					}
					notes = append(notes, defect(codeCRLDirectoryName, "%s", dn))
				}
			}
		case asn1.Tag(1).Constructed().ContextSpecific(): // nameRelativeToCRLIssuer
			notes = append(notes, defect(codeCRLRelativeName, "a name relative to the CRL issuer, not a URI"))
		default:
			return nil, nil, false
		}
	}
	return uris, notes, true
}

// repairSAN returns a copy of a SAN extension value in which every entry
// crypto/x509 refuses is re-tagged as a registeredID, which crypto/x509
// skips, with a note each. The lengths do not change.
func repairSAN(value []byte) ([]byte, []finding.Finding) {
	s := cryptobyte.String(value)
	var names cryptobyte.String
	if !s.ReadASN1(&names, asn1.SEQUENCE) {
		return value, nil
	}
	var out []byte
	var notes []finding.Finding
	for !names.Empty() {
		var v cryptobyte.String
		var tag asn1.Tag
		if !names.ReadAnyASN1(&v, &tag) {
			return value, notes
		}
		var why string
		switch tag {
		case asn1.Tag(1).ContextSpecific():
			if !ascii(v) {
				why = fmt.Sprintf("email address %q is not ASCII", latin1OrUTF8(v))
			}
		case asn1.Tag(2).ContextSpecific():
			if !ascii(v) {
				why = fmt.Sprintf("DNS name %q is not ASCII", latin1OrUTF8(v))
			}
		case asn1.Tag(6).ContextSpecific():
			if !ascii(v) {
				why = fmt.Sprintf("URI %q is not ASCII", latin1OrUTF8(v))
			} else if _, err := url.Parse(string(v)); err != nil {
				why = fmt.Sprintf("URI %q does not parse", string(v))
			}
		case asn1.Tag(7).ContextSpecific():
			if len(v) != 4 && len(v) != 16 {
				why = fmt.Sprintf("IP address of %d bytes", len(v))
			}
		}
		if why == "" {
			continue
		}
		if out == nil {
			out = append([]byte(nil), value...)
		}
		out[valueOffset(value, v)] = byte(asn1.Tag(8).ContextSpecific())
		notes = append(notes, defect(codeMalformedSAN, "%s", why))
	}
	if out == nil {
		return value, notes
	}
	return out, notes
}

func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
