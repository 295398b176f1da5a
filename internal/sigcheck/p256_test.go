package sigcheck

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"math/big"
	mrand "math/rand/v2"
	"sync"
	"testing"

	"filippo.io/nistec"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// p256Fixture is a P-256 key whose table is built, and signatures it made.
type p256Fixture struct {
	key   *ecdsa.PrivateKey
	table *p256Table
}

func newP256Fixture(t testing.TB) p256Fixture {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tb := newP256Table(&k.PublicKey)
	if tb == nil {
		t.Fatal("no table for a valid P-256 key")
	}
	return p256Fixture{k, tb}
}

func newPoint(b []byte) *nistec.P256Point {
	p, err := nistec.NewP256Point().SetBytes(b)
	if err != nil {
		panic(err)
	}
	return p
}

func encodeSig(r, s *big.Int) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1BigInt(r)
		b.AddASN1BigInt(s)
	})
	return b.BytesOrPanic()
}

// TestP256TableMul checks the fixed-base multiplication against
// ScalarMult for scalars at the edges of the signed-digit recoding: zero,
// one, n-1, runs of ones (every digit carries), single high bits, and
// random ones.
func TestP256TableMul(t *testing.T) {
	fx := newP256Fixture(t)
	ek, _ := fx.key.PublicKey.ECDH()
	scalars := []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(16), big.NewInt(17), big.NewInt(31), big.NewInt(32),
		new(big.Int).Sub(p256Order, big.NewInt(1)), new(big.Int).Lsh(big.NewInt(1), 255),
		new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))}
	rng := mrand.New(mrand.NewPCG(3, 4))
	for range 200 {
		var b [32]byte
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		scalars = append(scalars, new(big.Int).SetBytes(b[:]))
	}
	for _, k := range scalars {
		var kb [32]byte
		k.FillBytes(kb[:])
		want, err := newPoint(ek.Bytes()).ScalarMult(newPoint(ek.Bytes()), kb[:])
		if err != nil {
			t.Fatal(err)
		}
		if got := fx.table.mul(nistec.NewP256Point(), nistec.NewP256Point(), kb[:]); got.Equal(want) != 1 {
			t.Fatalf("table·%x differs from ScalarMult", kb)
		}
	}
}

// TestP256VerifyAgreesWithECDSA makes valid signatures over digests of
// every length, then breaks them in every way that matters, and checks
// that the table accepts exactly what crypto/ecdsa accepts.
func TestP256VerifyAgreesWithECDSA(t *testing.T) {
	fx := newP256Fixture(t)
	other := newP256Fixture(t)
	n := p256Order
	digests := [][]byte{}
	for _, msg := range []string{"a", "b", "tbs"} {
		d256 := sha256.Sum256([]byte(msg))
		d512 := sha512.Sum512([]byte(msg))
		d384 := sha512.Sum384([]byte(msg))
		digests = append(digests, d256[:], d512[:], d384[:], d256[:20], []byte{}, []byte{1})
	}
	// A digest above n, which must be reduced.
	digests = append(digests, new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)).Bytes())
	accepted := 0
	for _, d := range digests {
		sig, err := ecdsa.SignASN1(rand.Reader, fx.key, d)
		if err != nil {
			t.Fatal(err)
		}
		r, s := new(big.Int), new(big.Int)
		if !parseECDSASignature(sig, r, s) {
			t.Fatalf("cannot read a signature crypto/ecdsa made: %x", sig)
		}
		variants := [][]byte{
			sig,
			encodeSig(r, new(big.Int).Sub(n, s)), // the other valid s
			encodeSig(new(big.Int).Add(r, big.NewInt(1)), s),
			encodeSig(r, new(big.Int).Add(s, big.NewInt(1))),
			encodeSig(new(big.Int).Add(r, n), s), // r + n: the same residue, out of range
			encodeSig(r, new(big.Int).Add(s, n)),
			encodeSig(big.NewInt(0), s),
			encodeSig(r, big.NewInt(0)),
			encodeSig(n, s),
			encodeSig(new(big.Int).Neg(r), s),
			append(append([]byte{}, sig...), 0), // trailing byte
			sig[:len(sig)-1],
			{},
		}
		for i, v := range variants {
			want := ecdsa.VerifyASN1(&fx.key.PublicKey, d, v)
			if got := fx.table.verify(d, v); got != want {
				t.Errorf("digest %x, variant %d (%x): table %v, crypto/ecdsa %v", d, i, v, got, want)
			}
			if want {
				accepted++
			}
			if other.table.verify(d, v) {
				t.Errorf("digest %x, variant %d: another key's table accepted it", d, i)
			}
		}
	}
	if accepted < 2*len(digests) {
		t.Fatalf("only %d of the valid signatures were accepted", accepted)
	}
}

// TestKeysAgreesWithVerify checks many certificates' worth of signatures
// through Keys, past the point where a table takes over, and through
// Expect, against Verify.
func TestKeysAgreesWithVerify(t *testing.T) {
	fx := newP256Fixture(t)
	var plain, hinted Keys
	hinted.Expect(&fx.key.PublicKey, 100)
	for i := range 3 * p256After {
		signed := []byte{byte(i), 'x'}
		d := sha256.Sum256(signed)
		sig, _ := ecdsa.SignASN1(rand.Reader, fx.key, d[:])
		if i%3 == 0 {
			sig[len(sig)-1] ^= 1
		}
		want := Verify(x509.ECDSAWithSHA256, signed, sig, &fx.key.PublicKey) == nil
		for name, ks := range map[string]*Keys{"counted": &plain, "expected": &hinted} {
			if got := ks.Verify(x509.ECDSAWithSHA256, signed, sig, &fx.key.PublicKey) == nil; got != want {
				t.Fatalf("%s Keys, check %d: %v, Verify %v", name, i, got, want)
			}
		}
	}
	for name, ks := range map[string]*Keys{"counted": &plain, "expected": &hinted} {
		v, _ := ks.m.Load(&fx.key.PublicKey)
		if v == nil || v.(*p256Key).table.Load() == nil {
			t.Errorf("%s Keys: no table was built after %d checks", name, 3*p256After)
		}
	}
}

// TestExpectDropsTable checks that a key's table goes once the checks
// Expect announced are made, and that checks after it still agree with
// Verify.
func TestExpectDropsTable(t *testing.T) {
	fx := newP256Fixture(t)
	const n = p256After + 4
	var ks Keys
	ks.Expect(&fx.key.PublicKey, n)
	v, _ := ks.m.Load(&fx.key.PublicKey)
	k := v.(*p256Key)
	for i := range n + 3 {
		signed := []byte{byte(i), 'y'}
		d := sha256.Sum256(signed)
		sig, _ := ecdsa.SignASN1(rand.Reader, fx.key, d[:])
		if i%2 == 1 {
			sig[len(sig)-1] ^= 1
		}
		want := Verify(x509.ECDSAWithSHA256, signed, sig, &fx.key.PublicKey) == nil
		if got := ks.Verify(x509.ECDSAWithSHA256, signed, sig, &fx.key.PublicKey) == nil; got != want {
			t.Fatalf("check %d: %v, Verify %v", i, got, want)
		}
		if has := k.table.Load() != nil; has != (i < n-1) {
			t.Fatalf("after check %d of %d announced: table held %v", i+1, n, has)
		}
	}
}

// TestTablesReusedConcurrently checks keys whose tables go and are reused
// by the next key while other goroutines still check, some with more
// checks than Expect announced: every answer agrees with Verify (run it
// with -race).
func TestTablesReusedConcurrently(t *testing.T) {
	type job struct {
		fx     p256Fixture
		signed []byte
		sig    []byte
		want   bool
	}
	var ks Keys
	var jobs []job
	for k := range 6 {
		fx := newP256Fixture(t)
		const n = p256After + 8
		ks.Expect(&fx.key.PublicKey, n-k) // the last keys get more checks than announced
		for i := range n {
			signed := []byte{byte(k), byte(i)}
			d := sha256.Sum256(signed)
			sig, _ := ecdsa.SignASN1(rand.Reader, fx.key, d[:])
			if i%4 == 3 {
				sig[len(sig)-1] ^= 1
			}
			jobs = append(jobs, job{fx, signed, sig, Verify(x509.ECDSAWithSHA256, signed, sig, &fx.key.PublicKey) == nil})
		}
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(jobs); i += 4 {
				j := jobs[i]
				if got := ks.Verify(x509.ECDSAWithSHA256, j.signed, j.sig, &j.fx.key.PublicKey) == nil; got != j.want {
					t.Errorf("job %d: %v, Verify %v", i, got, j.want)
				}
			}
		}()
	}
	wg.Wait()
}

func BenchmarkP256Verify(b *testing.B) {
	fx := newP256Fixture(b)
	d := sha256.Sum256([]byte("tbs"))
	sig, _ := ecdsa.SignASN1(rand.Reader, fx.key, d[:])
	b.ReportAllocs()
	for b.Loop() {
		if !fx.table.verify(d[:], sig) {
			b.Fatal("refused")
		}
	}
}

// FuzzP256Verify feeds any digest and signature bytes to a table and to
// crypto/ecdsa: they must agree.
func FuzzP256Verify(f *testing.F) {
	fx := newP256Fixture(f)
	d := sha256.Sum256([]byte("tbs"))
	sig, _ := ecdsa.SignASN1(rand.Reader, fx.key, d[:])
	f.Add(d[:], sig)
	f.Add([]byte{}, []byte{0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01})
	f.Fuzz(func(t *testing.T, digest, sig []byte) {
		if got, want := fx.table.verify(digest, sig), ecdsa.VerifyASN1(&fx.key.PublicKey, digest, sig); got != want {
			t.Fatalf("digest %x, signature %x: table %v, crypto/ecdsa %v", digest, sig, got, want)
		}
		// And a real signature over the same digest verifies.
		good, err := ecdsa.SignASN1(rand.Reader, fx.key, digest)
		if err != nil {
			t.Fatal(err)
		}
		if !fx.table.verify(digest, good) {
			t.Fatalf("digest %x: the table refused a valid signature %x", digest, good)
		}
	})
}

// TestExpectDropsTableConcurrently checks one key's announced checks made
// on several goroutines at once, so that some find its table still being
// built and check without it: every answer agrees with Verify, and the
// table goes after the last announced check all the same.
func TestExpectDropsTableConcurrently(t *testing.T) {
	fx := newP256Fixture(t)
	const n = 8 * p256After
	type job struct {
		signed, sig []byte
		want        bool
	}
	jobs := make([]job, n)
	for i := range jobs {
		signed := []byte{byte(i), 'z'}
		d := sha256.Sum256(signed)
		sig, _ := ecdsa.SignASN1(rand.Reader, fx.key, d[:])
		if i%5 == 2 {
			sig[len(sig)-1] ^= 1
		}
		jobs[i] = job{signed, sig, Verify(x509.ECDSAWithSHA256, signed, sig, &fx.key.PublicKey) == nil}
	}
	for round := range 20 {
		var ks Keys
		ks.Expect(&fx.key.PublicKey, n)
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < n; i += 4 {
					j := jobs[i]
					if got := ks.Verify(x509.ECDSAWithSHA256, j.signed, j.sig, &fx.key.PublicKey) == nil; got != j.want {
						t.Errorf("round %d, check %d: %v, Verify %v", round, i, got, j.want)
					}
				}
			}()
		}
		wg.Wait()
		v, _ := ks.m.Load(&fx.key.PublicKey)
		if k := v.(*p256Key); k.table.Load() != nil || k.active.Load() != 0 {
			t.Fatalf("round %d: after the %d checks announced, table held %v, %d checks active", round, n, k.table.Load() != nil, k.active.Load())
		}
	}
}
