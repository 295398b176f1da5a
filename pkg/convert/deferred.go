package convert

import (
	"bytes"
	"crypto/x509"
	"hash/maphash"

	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// Parsing is most of the cost of reading a bundle of thousands of CA
// certificates, and a lookup among them (the issuer of one certificate)
// needs only a few. With Options.Defer, Decode cuts each certificate of a
// PEM file or a PKCS#7 bundle into its fields, which is enough to know
// its subject and issuer, and leaves the parse to whoever needs it.

// DeferredCertificate is a certificate Decode found but, under
// Options.Defer, did not parse. Its DER has a certificate's structure;
// whether crypto/x509 (or the lenient reading) accepts its contents is
// known only when it is parsed.
type DeferredCertificate struct {
	Raw        []byte // the whole DER certificate
	RawSubject []byte // the subject, as x509.Certificate's RawSubject
	RawIssuer  []byte // the issuer, as x509.Certificate's RawIssuer
}

// Parse parses the certificate as Decode would have: leniently where
// crypto/x509 refuses, with a note for each defect. Its error names the
// certificate by its subject ("convert: the certificate of CN=Corp Root
// is invalid").
func (c DeferredCertificate) Parse() (*x509.Certificate, []finding.Finding, error) {
	cert, notes, err := parseCertificate(c.Raw)
	if err != nil {
		name, _ := x509text.Name(c.RawSubject)
		if name == "" {
			name = "-"
		}
		return nil, nil, libErr(ErrMalformed, err, "the certificate of %s is invalid", name)
	}
	return cert, notes, nil
}

// deferredOf cuts der into its names, when its structure allows it.
func deferredOf(der []byte) (DeferredCertificate, bool) {
	subject, issuer, ok := certNames(der)
	return DeferredCertificate{Raw: der, RawSubject: subject, RawIssuer: issuer}, ok
}

// deferredSet keeps each deferred certificate once, by its DER. It keeps
// no copy of the DER (thousands of certificates hold megabytes of it): it
// maps a hash of the DER to the first certificate with that hash, and
// compares the DER on a match.
type deferredSet struct {
	seed  maphash.Seed
	first map[uint64][]byte
	more  [][]byte // those whose hash an earlier one has
}

// add reports whether c was new, and remembers it.
func (s *deferredSet) add(c DeferredCertificate) bool {
	if s.first == nil {
		s.seed, s.first = maphash.MakeSeed(), map[uint64][]byte{}
	}
	h := maphash.Bytes(s.seed, c.Raw)
	o, ok := s.first[h]
	if !ok {
		s.first[h] = c.Raw
		return true
	}
	if bytes.Equal(o, c.Raw) {
		return false
	}
	for _, o := range s.more {
		if bytes.Equal(o, c.Raw) {
			return false
		}
	}
	s.more = append(s.more, c.Raw)
	return true
}

// addDeferred adds c to Result.Deferred, unless the same certificate is
// there already.
func (d *decoder) addDeferred(c DeferredCertificate) {
	if !d.deferredSeen.add(c) {
		d.res.Duplicates++
		return
	}
	d.res.Deferred = append(d.res.Deferred, c)
}

// certNames reads a DER certificate's issuer and subject, checking its
// structure up to them and around the TBSCertificate (the signature
// algorithm and value follow it), but not the fields after the subject:
// the parse, when it comes, judges those.
func certNames(der []byte) (subject, issuer []byte, ok bool) {
	s := cryptobyte.String(der)
	var cert, tbs cryptobyte.String
	if !s.ReadASN1(&cert, asn1.SEQUENCE) || !s.Empty() || !cert.ReadASN1Element(&tbs, asn1.SEQUENCE) ||
		!cert.SkipASN1(asn1.SEQUENCE) || !cert.SkipASN1(asn1.BIT_STRING) || !cert.Empty() {
		return nil, nil, false
	}
	issuer, _, subject, ok = tbsHead(tbs)
	return subject, issuer, ok
}

// tbsHead reads a DER TBSCertificate's issuer, validity and subject
// elements, checking the fields before them (version, serial, signature
// algorithm) and that a SEQUENCE (the public key) follows.
func tbsHead(tbs []byte) (issuer, validity, subject []byte, ok bool) {
	s := cryptobyte.String(tbs)
	var body, is, v, sub cryptobyte.String
	if !s.ReadASN1(&body, asn1.SEQUENCE) ||
		!body.SkipOptionalASN1(asn1.Tag(0).Constructed().ContextSpecific()) || !body.SkipASN1(asn1.INTEGER) ||
		!body.SkipASN1(asn1.SEQUENCE) || !body.ReadASN1Element(&is, asn1.SEQUENCE) || !body.ReadASN1Element(&v, asn1.SEQUENCE) ||
		!body.ReadASN1Element(&sub, asn1.SEQUENCE) || !body.PeekASN1Tag(asn1.SEQUENCE) {
		return nil, nil, nil, false
	}
	return is, v, sub, true
}
