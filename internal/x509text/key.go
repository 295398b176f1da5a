package x509text

import (
	//lint:ignore SA1019 DSA certificates still exist (cfssl's test data has one); certkit only names their key
	"crypto/dsa"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"fmt"
)

// Key describes a public key: its algorithm, its size and, for ECDSA, its
// curve. DescribeKey makes one; its String method is how certkit prints a
// key.
type Key struct {
	// Algorithm is "RSA", "ECDSA", "Ed25519" or "DSA"; "" for a key of
	// any other type.
	Algorithm string
	// Bits is the key's size: the modulus for RSA, the prime P for DSA,
	// the curve's size for ECDSA and 256 for Ed25519. It is 0 for a key it
	// cannot size: a nil key, one without its modulus, prime or curve, an
	// Ed25519 key of the wrong length, or a key of another type.
	Bits int
	// Curve names an ECDSA key's curve as crypto/elliptic does: "P-256",
	// "P-384", "P-521" or "P-224". It is "" for other keys.
	Curve string
	// Type is the key's Go type, such as "*rsa.PublicKey" or "<nil>". For
	// a key of another type it is all there is to say.
	Type string
}

// DescribeKey describes a public key, as found in Certificate.PublicKey or
// CertificateRequest.PublicKey. It never panics, whatever pub is.
func DescribeKey(pub any) Key {
	k := Key{Type: fmt.Sprintf("%T", pub)}
	switch p := pub.(type) {
	case *rsa.PublicKey:
		k.Algorithm = "RSA"
		if p != nil && p.N != nil {
			k.Bits = p.N.BitLen()
		}
	case *ecdsa.PublicKey:
		k.Algorithm = "ECDSA"
		if p != nil && p.Curve != nil {
			if params := p.Curve.Params(); params != nil {
				k.Bits, k.Curve = params.BitSize, params.Name
			}
		}
	case ed25519.PublicKey:
		k.Algorithm = "Ed25519"
		if len(p) == ed25519.PublicKeySize {
			k.Bits = 256
		}
	case *dsa.PublicKey:
		k.Algorithm = "DSA"
		if p != nil && p.P != nil {
			k.Bits = p.P.BitLen()
		}
	}
	return k
}

// KeyBits is DescribeKey(pub).Bits: the size of a public key in bits, or 0
// when it cannot be sized.
func KeyBits(pub any) int {
	return DescribeKey(pub).Bits
}

// String writes the key as certkit prints it: "RSA 2048", "ECDSA P-256",
// "Ed25519", "DSA 1024". A key of a known type that cannot be sized is its
// algorithm alone ("RSA"); a key of another type is "unknown (TYPE)".
func (k Key) String() string {
	switch {
	case k.Algorithm == "":
		return "unknown (" + k.Type + ")"
	case k.Algorithm == "Ed25519" || k.Bits == 0:
		return k.Algorithm
	case k.Curve != "":
		return k.Algorithm + " " + k.Curve
	}
	return fmt.Sprintf("%s %d", k.Algorithm, k.Bits)
}
