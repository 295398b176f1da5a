package sigcheck

import (
	"crypto/dsa" //lint:ignore SA1019 fuzzing the DSA path certkit keeps for old PKIs
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"math/big"
	"testing"
)

// FuzzVerify feeds any signature bytes, under any algorithm, to every kind
// of key: Verify must not panic, must never accept them (they are not
// signatures of these keys), and may call them unsupported only for an
// algorithm it does not know or MD2.
func FuzzVerify(f *testing.F) {
	rk, _ := rsa.GenerateKey(rand.Reader, 1024)
	ek, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_, edk, _ := ed25519.GenerateKey(rand.Reader)
	dk := &dsa.PublicKey{Parameters: dsa.Parameters{P: big.NewInt(23), Q: big.NewInt(11), G: big.NewInt(4)}, Y: big.NewInt(8)}
	keys := []any{&rk.PublicKey, &ek.PublicKey, edk.Public(), dk, nil, &rsa.PublicKey{}, "not a key"}
	f.Add(int(x509.SHA256WithRSA), []byte("tbs"), []byte{0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01})
	f.Add(int(x509.DSAWithSHA1), []byte("tbs"), []byte{0x30, 0x06, 0x02, 0x01, 0x03, 0x02, 0x01, 0x05})
	f.Add(int(x509.ECDSAWithSHA256), []byte{}, []byte{})
	f.Add(int(x509.PureEd25519), []byte("x"), make([]byte, 64))
	f.Add(int(x509.MD2WithRSA), []byte("x"), []byte("y"))
	f.Fuzz(func(t *testing.T, algo int, signed, sig []byte) {
		a := x509.SignatureAlgorithm(algo)
		for _, k := range keys {
			err := Verify(a, signed, sig, k)
			if err == nil {
				t.Fatalf("%v over %q accepted signature %x for %T", a, signed, sig, k)
			}
			_, known := algos[a]
			if errors.Is(err, errors.ErrUnsupported) && known && k != nil {
				if _, ok := k.(string); !ok {
					if pub, ok := k.(*rsa.PublicKey); !ok || pub.N != nil {
						t.Fatalf("%v with %T: %v, which should have been checked", a, k, err)
					}
				}
			}
			_ = Weak(a)
			_ = Strength(a)
		}
	})
}
