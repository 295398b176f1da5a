package convert

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	encasn1 "encoding/asn1"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// Private keys are counted and named, never printed: certkit reads
// certificates. With Options.KeepKeys the keys it can read are returned,
// for a caller that matches a key with its certificate.

// The kinds of private keys, as Result.KeyKinds names them. Keys of the
// first four are read.
const (
	keyRSA     = "RSA"
	keyECDSA   = "ECDSA"
	keyEd25519 = "Ed25519"
	keyX25519  = "X25519"
	// keyDSA is a DSA private key (DSA PRIVATE KEY, or PKCS#8 or DER
	// naming DSA), which certkit does not read.
	keyDSA = "DSA"
	// keyEncrypted is a private key under a password: ENCRYPTED PRIVATE
	// KEY, or a PEM key with a Proc-Type header.
	keyEncrypted = "encrypted"
	// keyOpenSSH is an OPENSSH PRIVATE KEY, which certkit does not read.
	keyOpenSSH = "OpenSSH"
	// keyUnknown is any other private key certkit cannot read.
	keyUnknown = "unknown"
)

// readKey parses an unencrypted private key, as parseKey, and says what
// it is: a DSA key, which parseKey does not read, too.
func readKey(der []byte) (any, string) {
	if k := parseKey(der); k != nil {
		return kindOf(k)
	}
	if dsaKey(der) {
		return nil, keyDSA
	}
	return nil, keyUnknown
}

// dsaKey reports whether der is a DSA private key: PKCS#8 naming DSA, or
// OpenSSL's SEQUENCE of six INTEGERs (version 0, p, q, g, y, x).
func dsaKey(der []byte) bool {
	s := cryptobyte.String(der)
	var body, alg cryptobyte.String
	var version int64
	if !s.ReadASN1(&body, asn1.SEQUENCE) || !s.Empty() || !body.ReadASN1Integer(&version) || version != 0 {
		return false
	}
	if body.PeekASN1Tag(asn1.SEQUENCE) {
		var id encasn1.ObjectIdentifier
		return body.ReadASN1(&alg, asn1.SEQUENCE) && alg.ReadASN1ObjectIdentifier(&id) && id.Equal(oidDSA)
	}
	for range 5 {
		var n cryptobyte.String
		if !body.ReadASN1(&n, asn1.INTEGER) {
			return false
		}
	}
	return body.Empty()
}

// kindOf is a key that was read, with its kind; a key of another type
// (none that crypto/x509 returns today) is only counted, so that
// Result.Keys stays in step with the kinds.
func kindOf(k any) (any, string) {
	switch k.(type) {
	case *rsa.PrivateKey:
		return k, keyRSA
	case *ecdsa.PrivateKey:
		return k, keyECDSA
	case ed25519.PrivateKey:
		return k, keyEd25519
	case *ecdh.PrivateKey:
		return k, keyX25519 // the one ECDH key PKCS#8 gives crypto/x509
	}
	return nil, keyUnknown
}
