package sigcheck

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"math/big"
	"sync"
	"testing"
)

// rsaKeys are keys over rsaBigAbove bits, which verifyPKCS1v15 checks with
// math/big: exponents 3 and 65537, and a modulus of an odd number of bits,
// whose first byte is short. They are kept small (key generation is most
// of the test's time); BenchmarkRSA4096Verify makes its own.
var rsaKeys = sync.OnceValue(func() []*rsa.PrivateKey {
	return []*rsa.PrivateKey{newRSAKey(2304, 65537), newRSAKey(2049, 3), newRSAKey(3072, 65537)}
})

// newRSAKey makes an RSA key of exactly bits bits with public exponent e.
func newRSAKey(bits, e int) *rsa.PrivateKey {
	one := big.NewInt(1)
	E := big.NewInt(int64(e))
	for {
		p, err := rand.Prime(rand.Reader, bits/2)
		if err != nil {
			panic(err)
		}
		q, err := rand.Prime(rand.Reader, bits-bits/2)
		if err != nil {
			panic(err)
		}
		n := new(big.Int).Mul(p, q)
		p1, q1 := new(big.Int).Sub(p, one), new(big.Int).Sub(q, one)
		phi := new(big.Int).Mul(p1, q1)
		d := new(big.Int).ModInverse(E, phi)
		if n.BitLen() != bits || p.Cmp(q) == 0 || d == nil {
			continue
		}
		return &rsa.PrivateKey{PublicKey: rsa.PublicKey{N: n, E: e}, D: d, Primes: []*big.Int{p, q}}
	}
}

// rawSign is the private key operation on em, whatever em holds: it makes
// signatures of malformed encodings, which no signer would.
func rawSign(k *rsa.PrivateKey, em []byte) []byte {
	s := new(big.Int).Exp(new(big.Int).SetBytes(em), k.D, k.N)
	return s.FillBytes(make([]byte, (k.N.BitLen()+7)/8))
}

// encodePKCS1 is EM of RFC 8017 section 9.2 for digest, with prefix.
func encodePKCS1(k int, prefix, digest []byte) []byte {
	em := make([]byte, k)
	em[1] = 1
	t := len(prefix) + len(digest)
	for i := 2; i < k-t-1; i++ {
		em[i] = 0xff
	}
	copy(em[k-t:], prefix)
	copy(em[k-len(digest):], digest)
	return em
}

// TestRSAAgreesWithCryptoRSA makes valid signatures with every hash, then
// breaks them and their encoding in every way that matters, and checks
// that verifyPKCS1v15 accepts exactly what crypto/rsa accepts.
func TestRSAAgreesWithCryptoRSA(t *testing.T) {
	keys := rsaKeys()
	accepted := 0
	for _, key := range keys {
		pub := &key.PublicKey
		k := (pub.N.BitLen() + 7) / 8
		for h, prefix := range pkcs1Prefixes {
			var buf [64]byte
			digest := digestOf(h, []byte("tbs certificate"), &buf)
			sig, err := rsa.SignPKCS1v15(nil, key, h, digest)
			if err != nil {
				t.Fatal(err)
			}
			s := new(big.Int).SetBytes(sig)
			em := encodePKCS1(k, prefix, digest)
			flipped := append([]byte{}, sig...)
			flipped[k/2] ^= 0x10
			badPS := append([]byte{}, em...)
			badPS[5] = 0xfe
			badType := append([]byte{}, em...)
			badType[1] = 2
			badZero := append([]byte{}, em...)
			badZero[k-len(prefix)-len(digest)-1] = 0xff
			badPrefix := append([]byte{}, em...)
			badPrefix[k-len(digest)-3] ^= 1
			shortPS := encodePKCS1(k, prefix, digest)
			copy(shortPS[11:], shortPS[k-len(prefix)-len(digest)-1:]) // the DigestInfo moved up: trailing bytes
			variants := [][]byte{
				sig,
				flipped,
				new(big.Int).Add(s, pub.N).Bytes(), // the same residue, out of range (or too long)
				new(big.Int).Sub(pub.N, big.NewInt(1)).FillBytes(make([]byte, k)), // -1
				pub.N.FillBytes(make([]byte, k)),
				make([]byte, k),
				append([]byte{0}, sig...), // a byte too long
				sig[1:],
				{},
				rawSign(key, em), // the same signature, made raw
				rawSign(key, badPS),
				rawSign(key, badType),
				rawSign(key, badZero),
				rawSign(key, badPrefix),
				rawSign(key, shortPS),
				rawSign(key, encodePKCS1(k, nil, digest)), // no DigestInfo
			}
			for other, op := range pkcs1Prefixes {
				if other != h {
					variants = append(variants, rawSign(key, encodePKCS1(k, op, digest))) // another hash's header
				}
			}
			for i, v := range variants {
				want := rsa.VerifyPKCS1v15(pub, h, digest, v) == nil
				got := verifyPKCS1v15(pub, h, digest, v) == nil
				if got != want {
					t.Errorf("%d-bit key, e=%d, %v, variant %d: math/big %v, crypto/rsa %v", pub.N.BitLen(), pub.E, h, i, got, want)
				}
				if want {
					accepted++
				}
			}
			// Through the package's entry point, as certificates are checked.
			a := map[crypto.Hash]x509.SignatureAlgorithm{crypto.MD5: x509.MD5WithRSA, crypto.SHA1: x509.SHA1WithRSA,
				crypto.SHA256: x509.SHA256WithRSA, crypto.SHA384: x509.SHA384WithRSA, crypto.SHA512: x509.SHA512WithRSA}[h]
			if err := Verify(a, []byte("tbs certificate"), sig, pub); err != nil {
				t.Errorf("%d-bit key, %v: %v", pub.N.BitLen(), a, err)
			}
			if err := Verify(a, []byte("other bytes"), sig, pub); err == nil {
				t.Errorf("%d-bit key, %v: a signature of other bytes verified", pub.N.BitLen(), a)
			}
		}
	}
	if accepted < 2*len(keys)*len(pkcs1Prefixes) {
		t.Fatalf("only %d of the valid signatures were accepted", accepted)
	}
}

// TestRSAKeysCryptoRSARefuses checks that keys crypto/rsa refuses (an
// even modulus, an even or too small or too large exponent) are refused
// as crypto/rsa refuses them.
func TestRSAKeysCryptoRSARefuses(t *testing.T) {
	key := rsaKeys()[0]
	var buf [64]byte
	digest := digestOf(crypto.SHA256, []byte("tbs"), &buf)
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, digest)
	if err != nil {
		t.Fatal(err)
	}
	for _, pub := range []*rsa.PublicKey{
		{N: new(big.Int).Add(key.N, big.NewInt(1)), E: key.E},
		{N: key.N, E: 65536},
		{N: key.N, E: 1},
		{N: key.N, E: 0},
		{N: key.N, E: -3},
		{N: key.N, E: 1<<31 + 1},
		{N: new(big.Int).Neg(key.N), E: key.E},
	} {
		want := rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest, sig)
		got := verifyPKCS1v15(pub, crypto.SHA256, digest, sig)
		if (got == nil) != (want == nil) || got != nil && got.Error() != want.Error() {
			t.Errorf("N %d bits (sign %d), e=%d: %v, crypto/rsa %v", pub.N.BitLen(), pub.N.Sign(), pub.E, got, want)
		}
	}
}

// FuzzRSAVerify gives any signature and digest to the large keys: the
// math/big check must agree with crypto/rsa.
func FuzzRSAVerify(f *testing.F) {
	keys := rsaKeys()
	for i, key := range keys {
		var buf [64]byte
		digest := digestOf(crypto.SHA256, []byte("tbs"), &buf)
		sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, digest)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(i, uint8(crypto.SHA256), digest, sig)
	}
	f.Add(0, uint8(crypto.SHA1), []byte("01234567890123456789"), []byte{1})
	f.Fuzz(func(t *testing.T, ki int, hi uint8, digest, sig []byte) {
		key := keys[uint(ki)%uint(len(keys))]
		h := crypto.Hash(hi)
		if _, ok := pkcs1Prefixes[h]; !ok || len(digest) != h.Size() {
			return // crypto/rsa is called for these
		}
		want := rsa.VerifyPKCS1v15(&key.PublicKey, h, digest, sig) == nil
		if got := verifyPKCS1v15(&key.PublicKey, h, digest, sig) == nil; got != want {
			t.Fatalf("%v over %x, signature %x: math/big %v, crypto/rsa %v", h, digest, sig, got, want)
		}
	})
}

// BenchmarkRSA4096Verify checks one 4096-bit signature, as a root's
// children are checked.
func BenchmarkRSA4096Verify(b *testing.B) {
	key := newRSAKey(4096, 65537)
	var buf [64]byte
	digest := digestOf(crypto.SHA256, []byte("tbs"), &buf)
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, digest)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("sigcheck", func(b *testing.B) {
		for b.Loop() {
			if verifyPKCS1v15(&key.PublicKey, crypto.SHA256, digest, sig) != nil {
				b.Fatal("refused")
			}
		}
	})
	b.Run("crypto/rsa", func(b *testing.B) {
		for b.Loop() {
			if rsa.VerifyPKCS1v15(&key.PublicKey, crypto.SHA256, digest, sig) != nil {
				b.Fatal("refused")
			}
		}
	})
}
