package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
)

// genRoles writes version 1 certificates, which crypto/x509 can read but
// not create: a version 1 issuing CA (old PKIs ran them) under a version 3
// root, a version 1 gateway certificate it issued, and a version 1
// gateway certificate alone. Every command that prints roles must call the
// gateway certificates leaves and the version 1 CA that signed one an
// intermediate.
func genRoles() {
	root := newCA("Example Voice Root CA", ecKey("roles/root"), nil)
	v1CA := &ca{Key: ecKey("roles/v1-issuing")}
	v1CA.Cert = signV1("Example Voice v1 Issuing CA", v1CA.Key.Public(), root, 2)
	gw := signV1("v1gw.example.com", ecKey("roles/v1gw").Public(), v1CA, 3)
	write("roles/v1-chain.pem", certsPEM(gw, root.Cert, v1CA.Cert))
	lone := signV1("v1lone.example.com", ecKey("roles/v1lone").Public(), root, 4)
	write("roles/v1-leaf.pem", certsPEM(lone))
}

// signV1 issues a version 1 certificate (no version field, no extensions)
// named cn for pub, signed by parent with ECDSA-SHA256.
func signV1(cn string, pub crypto.PublicKey, parent *ca, serial int64) *x509.Certificate {
	subject, err := asn1.Marshal(pkix.Name{CommonName: cn, Organization: []string{"Example Voice"}, Country: []string{"US"}}.ToRDNSequence())
	check(err)
	spki, err := x509.MarshalPKIXPublicKey(pub)
	check(err)
	alg := pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}}
	tbs, err := asn1.Marshal(struct {
		Serial   *big.Int
		SigAlg   pkix.AlgorithmIdentifier
		Issuer   asn1.RawValue
		Validity struct{ NotBefore, NotAfter asn1.RawValue }
		Subject  asn1.RawValue
		SPKI     asn1.RawValue
	}{
		Serial:   big.NewInt(serial),
		SigAlg:   alg,
		Issuer:   asn1.RawValue{FullBytes: parent.Cert.RawSubject},
		Validity: struct{ NotBefore, NotAfter asn1.RawValue }{v1Time(notBefore.Format("060102150405Z"), asn1.TagUTCTime), v1Time(notAfter.Format("20060102150405Z"), asn1.TagGeneralizedTime)},
		Subject:  asn1.RawValue{FullBytes: subject},
		SPKI:     asn1.RawValue{FullBytes: spki},
	})
	check(err)
	digest := sha256.Sum256(tbs)
	sig, err := ecdsa.SignASN1(rng("sig/v1/"+cn), parent.Key.(*ecdsa.PrivateKey), digest[:])
	check(err)
	der, err := asn1.Marshal(struct {
		TBS    asn1.RawValue
		SigAlg pkix.AlgorithmIdentifier
		Sig    asn1.BitString
	}{asn1.RawValue{FullBytes: tbs}, alg, asn1.BitString{Bytes: sig, BitLength: 8 * len(sig)}})
	check(err)
	c, err := x509.ParseCertificate(der)
	check(err)
	if c.Version != 1 {
		panic("gen: " + cn + " is not a version 1 certificate")
	}
	return c
}

// v1Time is a time as RFC 5280 encodes it: UTCTime through 2049, then
// GeneralizedTime.
func v1Time(s string, tag int) asn1.RawValue {
	return asn1.RawValue{Tag: tag, Bytes: []byte(s)}
}
