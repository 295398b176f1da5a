package convert

import (
	"bytes"
	"crypto/x509"
	encasn1 "encoding/asn1"
	"fmt"

	"go.mozilla.org/pkcs7"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// This file is the only one that knows PKCS#7. Reading walks the DER with
// cryptobyte (fast, no copies, and BER is converted by toDER first);
// writing uses go.mozilla.org/pkcs7.

var pkcs7ContentTypes = map[string]string{
	"1.2.840.113549.1.7.1": "data",
	"1.2.840.113549.1.7.2": "signed-data",
	"1.2.840.113549.1.7.3": "enveloped-data",
	"1.2.840.113549.1.7.4": "signed-and-enveloped-data",
	"1.2.840.113549.1.7.5": "digested-data",
	"1.2.840.113549.1.7.6": "encrypted-data",
}

// pkcs7 reads the certificates and CRLs of a PKCS#7 signed-data.
func (d *decoder) pkcs7(der []byte, ber bool) error {
	certs, notes, crls, badCRLs, err := parseSignedData(der)
	if err != nil && !ber {
		// Definite lengths but not DER (long-form lengths, constructed
		// strings): convert and try again.
		if fixed, _, cerr := toDER(der, 0); cerr == nil && !bytes.Equal(fixed, der) {
			if c, n, l, b, ferr := parseSignedData(fixed); ferr == nil {
				certs, notes, crls, badCRLs, err, ber = c, n, l, b, nil, true
			}
		}
	}
	if err != nil {
		return err
	}
	if ber {
		d.res.addEncoding(EncodingPKCS7BER)
	} else {
		d.res.addEncoding(EncodingPKCS7DER)
	}
	byCert := notesByCert(notes)
	for _, c := range certs {
		d.addCert(c, byCert[c])
	}
	d.res.CRLs = append(d.res.CRLs, crls...)
	d.crls += len(crls) + badCRLs
	if len(certs) == 0 {
		d.emptyContainers = append(d.emptyContainers, "PKCS#7 signed-data")
	}
	return nil
}

// parseSignedData walks a DER ContentInfo holding a SignedData (RFC 2315,
// RFC 5652) and parses its certificates (leniently where crypto/x509
// refuses them, with notes) and CRLs. CRLs that crypto/x509
// cannot parse are counted in badCRLs, not returned: they are not what
// certkit is for, and must not hide the certificates.
func parseSignedData(der []byte) (certs []*x509.Certificate, notes []Note, crls []*x509.RevocationList, badCRLs int, err error) {
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
	var ders [][]byte
	var index []int // each DER's place among the certificate set's elements
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
	for k, p := range parseAll(ders) {
		if p.err != nil {
			return nil, nil, nil, 0, decodeErr(ErrMalformed, "PKCS#7 certificate %d is invalid (%s)", index[k], reason(p.err))
		}
		certs = append(certs, p.cert)
		notes = append(notes, p.notes...)
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
	return certs, notes, crls, badCRLs, nil
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
		return nil, fmt.Errorf("convert: writing PKCS#7: %w", err)
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
		if enc == EncodingPKCS7DER || enc == EncodingPKCS7BER {
			return true
		}
	}
	return false
}
