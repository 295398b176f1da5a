package sigcheck

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"math/big"
	"sync"
	"sync/atomic"

	"filippo.io/nistec"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// A CA key verifies the signatures of every certificate it issued: in a
// trust store or a fleet, hundreds of checks are made with one key. An
// ECDSA check computes u1·G + u2·Q, and crypto/ecdsa spends most of it on
// u2·Q, since only G has a precomputed table. Keys gives a P-256 key that
// has made p256After checks a table of its own multiples, which makes
// u2·Q a fixed-base multiplication at about a third of the cost. The
// check is the one of FIPS 186-4 section 6.4 (SEC 1 section 4.1.4), on
// filippo.io/nistec's group operations, the standard library's own P-256
// code exported: it accepts exactly what ecdsa.VerifyASN1 accepts, which
// the tests check against it. Signatures and keys are public, so it need
// not run in constant time.

// p256After is how many checks a key makes with crypto/ecdsa before it
// gets a table: building one costs about nine checks' worth of work, and
// saves about half a check on each check after.
const p256After = 16

// p256Windows is the number of signed 5-bit digits of a 256-bit scalar
// (the last window holds bit 255 and a carry).
const p256Windows = 52

// p256Table holds, for each window i, j·2^(5i)·Q for j = 1..16.
type p256Table [p256Windows][16]nistec.P256Point

// p256Order is n, the order of P-256's group.
var p256Order = elliptic.P256().Params().N

// Keys makes repeated checks with the same keys faster (see above). The
// zero value is ready to use, and it is safe for concurrent use. Its
// Verify and Certificate accept and refuse exactly what the package's
// functions of the same name do.
type Keys struct {
	m sync.Map // *ecdsa.PublicKey → *p256Key
}

type p256Key struct {
	uses   atomic.Int64              // checks made, or p256After when Expect said many will be
	left   atomic.Int64              // checks Expect announced that are still to come
	active atomic.Int64              // checks using the table now
	built  atomic.Bool               // a check has begun building the table
	table  atomic.Pointer[p256Table] // nil until built, if the key is not a valid P-256 point, or once left reached zero
	spent  atomic.Pointer[p256Table] // the table dropped, until no check uses it
}

// p256Tables holds tables that no key uses any more, for the next key's:
// a caller that checks one CA's children after another's builds a
// hundred tables and keeps a few.
var p256Tables sync.Pool

// Certificate is the package's Certificate, with ks's tables (none for a
// nil ks).
func (ks *Keys) Certificate(child, parent *x509.Certificate) bool {
	if child == nil || parent == nil {
		return false
	}
	return ks.Verify(child.SignatureAlgorithm, child.RawTBSCertificate, child.Signature, parent.PublicKey) == nil
}

// Verify is the package's Verify, with ks's tables (none for a nil ks).
func (ks *Keys) Verify(a x509.SignatureAlgorithm, signed, sig []byte, pub any) error {
	return verify(a, signed, sig, pub, ks)
}

// Expect tells ks that pub is about to make n checks, so that a key
// expected to make many gets its table at its first check, and drops it
// after the nth (a table takes 80 KB: a caller that makes each key's
// checks one after the other keeps few at a time). A check after the nth
// is made without the table.
func (ks *Keys) Expect(pub any, n int) {
	k, ok := pub.(*ecdsa.PublicKey)
	if !ok || k == nil || k.Curve != elliptic.P256() || n <= p256After {
		return
	}
	v, _ := ks.m.LoadOrStore(k, new(p256Key))
	v.(*p256Key).uses.Add(p256After)
	v.(*p256Key).left.Add(int64(n))
}

// p256Verify checks an ECDSA signature with a table once pub has made
// p256After checks. ok is false when it did not check: the caller then
// uses crypto/ecdsa.
func (ks *Keys) p256Verify(pub *ecdsa.PublicKey, digest, sig []byte) (valid, ok bool) {
	if ks == nil || pub.Curve != elliptic.P256() {
		return false, false
	}
	v, found := ks.m.Load(pub)
	if !found {
		v, _ = ks.m.LoadOrStore(pub, new(p256Key))
	}
	k := v.(*p256Key)
	if k.uses.Add(1) <= p256After {
		return false, false
	}
	k.active.Add(1) // before the table is loaded: it is not reused meanwhile
	defer k.release()
	t := k.table.Load()
	if t == nil && k.built.CompareAndSwap(false, true) {
		t = newP256Table(pub)
		k.table.Store(t)
	}
	// A check that finds the table being built by another does not wait
	// for it (a table costs about six checks): it is made with
	// crypto/ecdsa, and counts among the checks announced all the same.
	done := k.left.Add(-1) == 0
	if t != nil {
		valid = t.verify(digest, sig)
	}
	if done {
		// The checks announced are made: the table goes, and is reused
		// once no check holds it. (If the last of them found it being
		// built, its builder stored it before counting its own check.)
		if spent := k.table.Swap(nil); spent != nil {
			k.spent.Store(spent)
		}
	}
	return valid, t != nil
}

// release ends a check's use of k's table. The last check out hands a
// dropped table on.
func (k *p256Key) release() {
	if k.active.Add(-1) == 0 {
		if spent := k.spent.Swap(nil); spent != nil {
			p256Tables.Put(spent)
		}
	}
}

func newP256Table(pub *ecdsa.PublicKey) *p256Table {
	ek, err := pub.ECDH()
	if err != nil {
		return nil
	}
	q, err := nistec.NewP256Point().SetBytes(ek.Bytes())
	if err != nil {
		return nil
	}
	t, _ := p256Tables.Get().(*p256Table) // every entry is set below
	if t == nil {
		t = new(p256Table)
	}
	b := q
	for i := range t {
		t[i][0].Set(b)
		for j := 1; j < 16; j++ {
			// t[i][j] is (j+1)·b: a doubling when j+1 is even, which
			// costs half an addition.
			if m := j + 1; m%2 == 0 {
				t[i][j].Double(&t[i][m/2-1])
			} else {
				t[i][j].Add(&t[i][j-1], b)
			}
		}
		// The next window's base is 32·b = 2·(16·b).
		b = nistec.NewP256Point().Double(&t[i][15])
	}
	return t
}

// mul sets r to k·Q for a 32-byte big-endian scalar, in signed 5-bit
// digits, with neg as working space.
func (t *p256Table) mul(r, neg *nistec.P256Point, k []byte) *nistec.P256Point {
	r.Set(p256Identity)
	carry := 0
	for i := range p256Windows {
		d := window5(k, i) + carry
		carry = 0
		if d > 16 {
			d -= 32
			carry = 1
		}
		switch {
		case d > 0:
			r.Add(r, &t[i][d-1])
		case d < 0:
			r.Add(r, neg.Negate(&t[i][-d-1]))
		}
	}
	return r
}

// p256Identity is the point at infinity.
var p256Identity = nistec.NewP256Point()

// window5 returns bits 5i to 5i+4 of the 256-bit big-endian k.
func window5(k []byte, i int) int {
	bit := 5 * i
	v := 0
	for b := 4; b >= 0; b-- {
		pos := bit + b
		v <<= 1
		if pos < 256 {
			v |= int(k[31-pos/8]>>(pos%8)) & 1
		}
	}
	return v
}

// p256Scratch is the working memory of one check. Checks take it from a
// pool, so that thousands of them leave little garbage.
type p256Scratch struct {
	r, s, e, w, u1, u2, q big.Int
	p1, p2, neg           *nistec.P256Point
	b1, b2                [32]byte
}

var p256Scratches = sync.Pool{New: func() any {
	return &p256Scratch{p1: nistec.NewP256Point(), p2: nistec.NewP256Point(), neg: nistec.NewP256Point()}
}}

// verify is ECDSA verification (FIPS 186-4 section 6.4.2) of an ASN.1
// signature over digest, as crypto/ecdsa.VerifyASN1 does it for P-256.
func (t *p256Table) verify(digest, sig []byte) bool {
	x := p256Scratches.Get().(*p256Scratch)
	defer p256Scratches.Put(x)
	r, s := &x.r, &x.s
	if !parseECDSASignature(sig, r, s) || r.Sign() <= 0 || s.Sign() <= 0 || r.Cmp(p256Order) >= 0 || s.Cmp(p256Order) >= 0 {
		return false
	}
	// The digest's leftmost 256 bits, reduced mod n: below 2^256 < 2n, so
	// at most one subtraction.
	if len(digest) > 32 {
		digest = digest[:32]
	}
	e := x.e.SetBytes(digest)
	if e.Cmp(p256Order) >= 0 {
		e.Sub(e, p256Order)
	}
	w := x.w.ModInverse(s, p256Order)
	if w == nil {
		return false
	}
	u1 := x.u1.Mul(e, w)
	x.q.QuoRem(u1, p256Order, u1)
	u2 := x.u2.Mul(r, w)
	x.q.QuoRem(u2, p256Order, u2)
	p1, err := x.p1.ScalarBaseMult(u1.FillBytes(x.b1[:]))
	if err != nil {
		return false
	}
	p1.Add(p1, t.mul(x.p2, x.neg, u2.FillBytes(x.b2[:])))
	xb, err := p1.BytesX() // an error for the point at infinity
	if err != nil {
		return false
	}
	v := x.e.SetBytes(xb)
	if v.Cmp(p256Order) >= 0 {
		v.Sub(v, p256Order) // x < p < 2n
	}
	return v.Cmp(r) == 0
}

// parseECDSASignature reads SEQUENCE { r INTEGER, s INTEGER } in DER into
// r and s, refusing anything after it, as crypto/ecdsa does.
func parseECDSASignature(sig []byte, r, s *big.Int) bool {
	var inner cryptobyte.String
	input := cryptobyte.String(sig)
	var rb, sb []byte
	if !input.ReadASN1(&inner, asn1.SEQUENCE) || !input.Empty() ||
		!inner.ReadASN1Integer(&rb) || !inner.ReadASN1Integer(&sb) || !inner.Empty() {
		return false
	}
	r.SetBytes(rb)
	s.SetBytes(sb)
	return true
}
