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

// KeyKind says what a private key that Decode counted is.
type KeyKind string

// The kinds of private keys in Result.KeyKinds. Keys of the first four
// are read: with Options.KeepKeys, Result.Keys holds one for each of
// them, in the same order. The others are named only.
const (
	KeyRSA     KeyKind = "RSA"
	KeyECDSA   KeyKind = "ECDSA"
	KeyEd25519 KeyKind = "Ed25519"
	KeyX25519  KeyKind = "X25519"
	// KeyDSA is a DSA private key (DSA PRIVATE KEY, or PKCS#8 or DER
	// naming DSA), which certkit does not read.
	KeyDSA KeyKind = "DSA"
	// KeyEncrypted is a private key under a password: ENCRYPTED PRIVATE
	// KEY, or a PEM key with a Proc-Type header.
	KeyEncrypted KeyKind = "encrypted"
	// KeyOpenSSH is an OPENSSH PRIVATE KEY, which certkit does not read.
	KeyOpenSSH KeyKind = "OpenSSH"
	// KeyUnknown is any other private key certkit cannot read.
	KeyUnknown KeyKind = "unknown"
)

// readKey parses an unencrypted private key, as parseKey, and says what
// it is: a DSA key, which parseKey does not read, too.
func readKey(der []byte) (any, KeyKind) {
	if k := parseKey(der); k != nil {
		return kindOf(k)
	}
	if dsaKey(der) {
		return nil, KeyDSA
	}
	return nil, KeyUnknown
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

// Read reports whether Decode reads keys of kind k (Result.Keys).
func (k KeyKind) Read() bool {
	return k == KeyRSA || k == KeyECDSA || k == KeyEd25519 || k == KeyX25519
}

// kindOf is a key that was read, with its kind; a key of another type
// (none that crypto/x509 returns today) is only counted, so that
// Result.Keys stays in step with the kinds.
func kindOf(k any) (any, KeyKind) {
	switch k.(type) {
	case *rsa.PrivateKey:
		return k, KeyRSA
	case *ecdsa.PrivateKey:
		return k, KeyECDSA
	case ed25519.PrivateKey:
		return k, KeyEd25519
	case *ecdh.PrivateKey:
		return k, KeyX25519 // the one ECDH key PKCS#8 gives crypto/x509
	}
	return nil, KeyUnknown
}
