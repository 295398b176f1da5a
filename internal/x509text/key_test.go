package x509text

import (
	//lint:ignore SA1019 DSA keys still exist in old certificates; the test checks they are named
	"crypto/dsa"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"math/big"
	"testing"
)

func TestDescribeKey(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	edPub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	// A DSA key's size is its prime P; 2^1023+1 has 1024 bits.
	p := new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), 1023), big.NewInt(1))
	dsaKey := &dsa.PublicKey{Parameters: dsa.Parameters{P: p, Q: big.NewInt(7), G: big.NewInt(2)}, Y: big.NewInt(3)}
	for _, tc := range []struct {
		name string
		pub  any
		want Key
		text string
	}{
		{"rsa", &rsaKey.PublicKey, Key{Algorithm: "RSA", Bits: 1024, Type: "*rsa.PublicKey"}, "RSA 1024"},
		{"p384", &p384.PublicKey, Key{Algorithm: "ECDSA", Bits: 384, Curve: "P-384", Type: "*ecdsa.PublicKey"}, "ECDSA P-384"},
		{"ed25519", edPub, Key{Algorithm: "Ed25519", Bits: 256, Type: "ed25519.PublicKey"}, "Ed25519"},
		{"dsa", dsaKey, Key{Algorithm: "DSA", Bits: 1024, Type: "*dsa.PublicKey"}, "DSA 1024"},
		{"nil", nil, Key{Type: "<nil>"}, "unknown (<nil>)"},
		{"other type", struct{ Y *big.Int }{}, Key{Type: "struct { Y *big.Int }"}, "unknown (struct { Y *big.Int })"},
		{"nil *rsa", (*rsa.PublicKey)(nil), Key{Algorithm: "RSA", Type: "*rsa.PublicKey"}, "RSA"},
		{"rsa without N", &rsa.PublicKey{E: 65537}, Key{Algorithm: "RSA", Type: "*rsa.PublicKey"}, "RSA"},
		{"nil *ecdsa", (*ecdsa.PublicKey)(nil), Key{Algorithm: "ECDSA", Type: "*ecdsa.PublicKey"}, "ECDSA"},
		{"ecdsa no curve", &ecdsa.PublicKey{}, Key{Algorithm: "ECDSA", Type: "*ecdsa.PublicKey"}, "ECDSA"},
		{"short ed25519", ed25519.PublicKey{1, 2, 3}, Key{Algorithm: "Ed25519", Type: "ed25519.PublicKey"}, "Ed25519"},
		{"nil *dsa", (*dsa.PublicKey)(nil), Key{Algorithm: "DSA", Type: "*dsa.PublicKey"}, "DSA"},
		// A private key is not a public key: not sized, and no panic.
		{"nil *ecdsa.PrivateKey", (*ecdsa.PrivateKey)(nil), Key{Type: "*ecdsa.PrivateKey"}, "unknown (*ecdsa.PrivateKey)"},
	} {
		got := DescribeKey(tc.pub)
		if got != tc.want {
			t.Errorf("%s: DescribeKey = %+v, want %+v", tc.name, got, tc.want)
		}
		if s := got.String(); s != tc.text {
			t.Errorf("%s: String = %q, want %q", tc.name, s, tc.text)
		}
		if b := KeyBits(tc.pub); b != tc.want.Bits {
			t.Errorf("%s: KeyBits = %d, want %d", tc.name, b, tc.want.Bits)
		}
	}
}
