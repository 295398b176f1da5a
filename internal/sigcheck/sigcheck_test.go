package sigcheck

import (
	"crypto"
	"crypto/dsa" //lint:ignore SA1019 testing the DSA path certkit keeps for old PKIs
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"math/big"
	"testing"
)

// TestDSA signs data with a DSA key, as old private PKIs did, and checks
// that Verify accepts it, refuses a changed message, and that Weak flags
// the algorithm.
func TestDSA(t *testing.T) {
	var priv dsa.PrivateKey
	if err := dsa.GenerateParameters(&priv.Parameters, rand.Reader, dsa.L1024N160); err != nil {
		t.Fatal(err)
	}
	if err := dsa.GenerateKey(&priv, rand.Reader); err != nil {
		t.Fatal(err)
	}
	msg := []byte("tbs certificate")
	sum := sha1.Sum(msg)
	r, s, err := dsa.Sign(rand.Reader, &priv, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := asn1.Marshal(struct{ R, S *big.Int }{r, s})
	if err := Verify(x509.DSAWithSHA1, msg, sig, &priv.PublicKey); err != nil {
		t.Errorf("DSA-SHA1 signature: %v", err)
	}
	if err := Verify(x509.DSAWithSHA1, []byte("other"), sig, &priv.PublicKey); err == nil || errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("DSA-SHA1 over other bytes: %v, want a verification failure", err)
	}
	if !Weak(x509.DSAWithSHA1) || !Weak(x509.DSAWithSHA256) {
		t.Error("DSA is not flagged weak")
	}
}

// TestVerifyOutcomes checks the three outcomes: verifies, does not verify,
// cannot be checked.
func TestVerifyOutcomes(t *testing.T) {
	rk, _ := rsa.GenerateKey(rand.Reader, 2048)
	ek, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	msg := []byte("signed bytes")
	sum := sha1.Sum(msg)
	rsig, _ := rsa.SignPKCS1v15(rand.Reader, rk, crypto.SHA1, sum[:])
	if err := Verify(x509.SHA1WithRSA, msg, rsig, &rk.PublicKey); err != nil {
		t.Errorf("SHA1-RSA: %v", err)
	}
	if err := Verify(x509.SHA1WithRSA, msg, rsig, &ek.PublicKey); err == nil || errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("SHA1-RSA with an ECDSA key: %v, want a mismatch", err)
	}
	for _, a := range []x509.SignatureAlgorithm{x509.MD2WithRSA, x509.UnknownSignatureAlgorithm} {
		if err := Verify(a, msg, rsig, &rk.PublicKey); !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("%v: %v, want errors.ErrUnsupported", a, err)
		}
	}
	if err := Verify(x509.SHA256WithRSA, msg, rsig, nil); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("nil key: %v, want errors.ErrUnsupported", err)
	}
	for a, want := range map[x509.SignatureAlgorithm]bool{x509.MD5WithRSA: true, x509.MD2WithRSA: true, x509.SHA1WithRSA: true, x509.ECDSAWithSHA1: true, x509.SHA256WithRSA: false, x509.PureEd25519: false} {
		if Weak(a) != want {
			t.Errorf("Weak(%v) = %v, want %v", a, !want, want)
		}
	}
}
