package convert

import (
	"bytes"
	"crypto/x509"
	encasn1 "encoding/asn1"
	"errors"
	"fmt"

	"github.com/voicepki/certkit/pkg/finding"
	"go.mozilla.org/pkcs7"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// This file is the only one that knows PKCS#7. Reading walks the DER with
// cryptobyte (fast, no copies, and BER is converted by toDER first);
// writing, and checking the outer signature of a signed bundle, use
// go.mozilla.org/pkcs7.

var pkcs7ContentTypes = map[string]string{
	"1.2.840.113549.1.7.1": "data",
	"1.2.840.113549.1.7.2": "signed-data",
	"1.2.840.113549.1.7.3": "enveloped-data",
	"1.2.840.113549.1.7.4": "signed-and-enveloped-data",
	"1.2.840.113549.1.7.5": "digested-data",
	"1.2.840.113549.1.7.6": "encrypted-data",
}

// SignedBundle is a signed PKCS#7 whose content is itself a PKCS#7 of
// certificates, as Cisco's trustpool bundles (ios_core.p7b,
// ios_union.p7b) are: the inner certificates are the bundle's CAs, the
// outer ones the signer and its chain.
type SignedBundle struct {
	Inner []*x509.Certificate // the certificates of the inner PKCS#7
	Outer []*x509.Certificate // the certificates of the outer PKCS#7
	// Signer is the outer certificate that signed the content, nil when
	// the file does not hold it.
	Signer *x509.Certificate
	// SignatureError is nil when the outer signature verifies with
	// Signer's key (the signer's own chain is not checked), else why not.
	SignatureError error
}

// pkcs7 reads the certificates and CRLs of a PKCS#7 signed-data, and
// those of a PKCS#7 signed-data inside its content.
func (d *decoder) pkcs7(der []byte, ber bool) error {
	// With Options.Defer, a PKCS#7 of certificates leaves them unparsed;
	// a signed bundle's outer certificates are parsed, for its signer.
	read := func(der []byte) (*signedData, []byte, error) {
		content := encapsulated(der)
		sd, err := readSignedData(der, d.opts.Defer && content == nil)
		return sd, content, err
	}
	sd, content, err := read(der)
	if err != nil && !ber {
		// Definite lengths but not DER (long-form lengths, constructed
		// strings): convert and try again.
		if fixed, _, cerr := toDER(der, 0); cerr == nil && !bytes.Equal(fixed, der) {
			if fsd, fcontent, ferr := read(fixed); ferr == nil {
				sd, content, err, ber = fsd, fcontent, nil, true
				der = fixed
			}
		}
	}
	if err != nil {
		return err
	}
	if inner, innerNotes, ok := innerBundle(content); ok {
		d.res.SignedBundles = append(d.res.SignedBundles, signedBundle(der, inner, sd.certs))
		byInner := notesByCert(innerNotes)
		for _, c := range inner {
			d.addCert(c, byInner[c])
		}
	}
	if ber {
		d.res.addEncoding(encPKCS7BER)
	} else {
		d.res.addEncoding(encPKCS7DER)
	}
	byCert := notesByCert(sd.notes)
	for _, c := range sd.certs {
		d.addCert(c, byCert[c])
	}
	for _, c := range sd.deferred {
		d.addDeferred(c)
	}
	d.res.CRLs = append(d.res.CRLs, sd.crls...)
	d.crls += len(sd.crls) + sd.badCRLs
	if len(sd.certs) == 0 && len(sd.deferred) == 0 {
		d.emptyContainers = append(d.emptyContainers, "PKCS#7 signed-data")
	}
	return nil
}

// signedData is what a PKCS#7 signed-data holds.
type signedData struct {
	certs    []*x509.Certificate
	notes    []finding.Finding
	deferred []DeferredCertificate // with deferring: the certificates left unparsed
	crls     []*x509.RevocationList
	badCRLs  int
}

// readSignedData walks a DER ContentInfo holding a SignedData (RFC 2315,
// RFC 5652) and parses its certificates (leniently where crypto/x509
// refuses them, with notes) and CRLs; with deferring, it only cuts into
// their names the certificates whose structure allows it. CRLs that
// crypto/x509 cannot parse are counted in badCRLs, not returned: they are
// not what certkit is for, and must not hide the certificates.
func readSignedData(der []byte, deferring bool) (*signedData, error) {
	ders, index, crls, badCRLs, err := signedDataParts(der)
	if err != nil {
		return nil, err
	}
	sd := &signedData{crls: crls, badCRLs: badCRLs}
	if deferring {
		kept, keptIndex := ders[:0:0], index[:0:0]
		for k, c := range ders {
			if dc, ok := deferredOf(c); ok {
				sd.deferred = append(sd.deferred, dc)
			} else {
				kept, keptIndex = append(kept, c), append(keptIndex, index[k])
			}
		}
		ders, index = kept, keptIndex
	}
	for k, p := range parseAll(ders) {
		if p.err != nil {
			return nil, libErr(ErrMalformed, p.err, "PKCS#7 certificate %d is invalid", index[k])
		}
		sd.certs = append(sd.certs, p.cert)
		sd.notes = append(sd.notes, p.notes...)
	}
	return sd, nil
}

// signedDataParts walks a DER ContentInfo holding a SignedData and returns
// its certificates unparsed, each with its place among the certificate
// set's elements, and its CRLs, parsed.
func signedDataParts(der []byte) (ders [][]byte, index []int, crls []*x509.RevocationList, badCRLs int, err error) {
	bad := func(what string) error {
		return decodeErr(ErrMalformed, "PKCS#7 with a malformed %s", what)
	}
	s := cryptobyte.String(der)
	var ci cryptobyte.String
	var oid encasn1.ObjectIdentifier
	if !s.ReadASN1(&ci, asn1.SEQUENCE) || !ci.ReadASN1ObjectIdentifier(&oid) {
		return nil, nil, nil, 0, bad("ContentInfo")
	}
	if name := pkcs7ContentTypes[oid.String()]; name != "signed-data" {
		if name == "" {
			name = "content type " + oid.String()
		}
		return nil, nil, nil, 0, decodeErr(ErrUnrecognized, "PKCS#7 %s, not signed-data (no certificates to read)", name)
	}
	var content, sd cryptobyte.String
	if !ci.ReadASN1(&content, asn1.Tag(0).Constructed().ContextSpecific()) ||
		!content.ReadASN1(&sd, asn1.SEQUENCE) {
		return nil, nil, nil, 0, bad("signed-data")
	}
	var version int64
	if !sd.ReadASN1Integer(&version) || !sd.SkipASN1(asn1.SET) || !sd.SkipASN1(asn1.SEQUENCE) {
		return nil, nil, nil, 0, bad("signed-data header")
	}
	var certField, crlField cryptobyte.String
	var hasCerts, hasCRLs bool
	if !sd.ReadOptionalASN1(&certField, &hasCerts, asn1.Tag(0).Constructed().ContextSpecific()) ||
		!sd.ReadOptionalASN1(&crlField, &hasCRLs, asn1.Tag(1).Constructed().ContextSpecific()) {
		return nil, nil, nil, 0, bad("certificate or CRL set")
	}
	for i := 1; !certField.Empty(); i++ {
		var elem cryptobyte.String
		var tag asn1.Tag
		if !certField.ReadAnyASN1Element(&elem, &tag) {
			return nil, nil, nil, 0, bad(fmt.Sprintf("certificate %d", i))
		}
		if tag != asn1.SEQUENCE {
			continue // an attribute or other certificate choice
		}
		ders = append(ders, elem)
		index = append(index, i)
	}
	for i := 1; !crlField.Empty(); i++ {
		var elem cryptobyte.String
		if !crlField.ReadASN1Element(&elem, asn1.SEQUENCE) {
			return nil, nil, nil, 0, bad(fmt.Sprintf("CRL %d", i))
		}
		crl, err := x509.ParseRevocationList(elem)
		if err != nil {
			badCRLs++
			continue
		}
		crls = append(crls, crl)
	}
	return ders, index, crls, badCRLs, nil
}

// encapsulated returns the content a DER signed-data encapsulates (the
// OCTET STRING's bytes for the data type), or nil.
func encapsulated(der []byte) []byte {
	s := cryptobyte.String(der)
	var ci, content, sd, encap, eContent cryptobyte.String
	var hasContent bool
	if !s.ReadASN1(&ci, asn1.SEQUENCE) || !ci.SkipASN1(asn1.OBJECT_IDENTIFIER) ||
		!ci.ReadASN1(&content, asn1.Tag(0).Constructed().ContextSpecific()) || !content.ReadASN1(&sd, asn1.SEQUENCE) ||
		!sd.SkipASN1(asn1.INTEGER) || !sd.SkipASN1(asn1.SET) || !sd.ReadASN1(&encap, asn1.SEQUENCE) ||
		!encap.SkipASN1(asn1.OBJECT_IDENTIFIER) ||
		!encap.ReadOptionalASN1(&eContent, &hasContent, asn1.Tag(0).Constructed().ContextSpecific()) || !hasContent {
		return nil
	}
	var octets cryptobyte.String
	if eContent.ReadASN1(&octets, asn1.OCTET_STRING) {
		return octets
	}
	return eContent
}

// innerBundle reads content as a PKCS#7 signed-data holding certificates:
// the inside of a signed bundle.
func innerBundle(content []byte) ([]*x509.Certificate, []finding.Finding, bool) {
	if len(content) == 0 || content[0] != 0x30 {
		return nil, nil, false
	}
	sd, err := readSignedData(content, false)
	if err != nil {
		if fixed, _, cerr := toDER(content, 0); cerr == nil {
			sd, err = readSignedData(fixed, false)
		}
	}
	if err != nil {
		return nil, nil, false
	}
	return sd.certs, sd.notes, len(sd.certs) > 0
}

// signedBundle names the outer signer of a signed bundle and checks its
// signature over the content.
func signedBundle(der []byte, inner, outer []*x509.Certificate) SignedBundle {
	b := SignedBundle{Inner: inner, Outer: outer}
	p7, err := pkcs7.Parse(der)
	if err != nil {
		b.SignatureError = libErr(ErrMalformed, err, "the outer PKCS#7 does not parse for its signature")
		return b
	}
	b.Signer = p7.GetOnlySigner()
	if b.Signer == nil {
		if len(p7.Signers) == 0 {
			b.SignatureError = errors.New("convert: the outer PKCS#7 has no signer")
		} else {
			b.SignatureError = fmt.Errorf("convert: the outer PKCS#7 has %d signers or its signer's certificate is missing", len(p7.Signers))
		}
		return b
	}
	if err := p7.Verify(); err != nil {
		b.SignatureError = libErr(ErrMalformed, err, "the outer signature does not verify")
	}
	return b
}

// encodePKCS7 writes a certificates-only ("degenerate") PKCS#7
// signed-data in DER.
func encodePKCS7(certs []*x509.Certificate) ([]byte, error) {
	var raw []byte
	for _, c := range certs {
		raw = append(raw, c.Raw...)
	}
	der, err := pkcs7.DegenerateCertificate(raw)
	if err != nil {
		return nil, libErr(ErrMalformed, err, "a certificate whose DER could not be written into a PKCS#7")
	}
	return der, nil
}

// PKCS7 reports whether the input was a PKCS#7 bundle (a .p7b or .p7c), in
// DER or BER, bare or under PEM or base64 armour.
func (r *Result) PKCS7() bool {
	if r == nil {
		return false
	}
	for _, enc := range r.Encodings {
		if enc == encPKCS7DER || enc == encPKCS7BER {
			return true
		}
	}
	return false
}
