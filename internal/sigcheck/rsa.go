package sigcheck

import (
	"bytes"
	"crypto"
	"crypto/fips140"
	"crypto/rsa"
	"math/big"
)

// An RSA check is one exponentiation by the small public exponent.
// crypto/rsa makes it with the constant-time arithmetic it shares with
// private keys, and prepares the modulus anew at each call: its assembly
// covers moduli up to 2048 bits, and a 4096-bit root's check took 0.4 ms
// there, three times what math/big takes. Trust stores and CA bundles
// hold hundreds of 4096-bit roots and issuing CAs, so verifyPKCS1v15 makes
// the checks of moduli over 2048 bits with math/big. Signatures and keys
// are public, so the check need not run in constant time. It is the check
// of RFC 8017 section 8.2.2 and accepts exactly what rsa.VerifyPKCS1v15
// accepts, which the tests check against it; any key that crypto/rsa would
// refuse, or in FIPS 140 mode, it leaves to crypto/rsa.

// rsaBigAbove is the modulus size, in bits, above which math/big checks.
const rsaBigAbove = 2048

// pkcs1Prefixes are the DER DigestInfo headers of RFC 8017 section 9.2,
// note 1, for the hashes of algos.
var pkcs1Prefixes = map[crypto.Hash][]byte{
	crypto.MD5:    {0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00, 0x04, 0x10},
	crypto.SHA1:   {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14},
	crypto.SHA256: {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20},
	crypto.SHA384: {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30},
	crypto.SHA512: {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40},
}

// verifyPKCS1v15 is rsa.VerifyPKCS1v15, with math/big for large moduli.
func verifyPKCS1v15(pub *rsa.PublicKey, h crypto.Hash, digest, sig []byte) error {
	prefix, ok := pkcs1Prefixes[h]
	if !ok || pub.N.Sign() <= 0 || pub.N.BitLen() <= rsaBigAbove || pub.N.Bit(0) == 0 ||
		pub.E < 2 || pub.E&1 == 0 || pub.E > 1<<31-1 || len(digest) != h.Size() || fips140.Enabled() {
		return rsa.VerifyPKCS1v15(pub, h, digest, sig)
	}
	// EM = 0x00 || 0x01 || PS (0xff bytes, at least 8) || 0x00 || prefix || digest
	k := (pub.N.BitLen() + 7) / 8
	t := len(prefix) + len(digest)
	if len(sig) != k || k < t+11 {
		return rsa.ErrVerification
	}
	s := new(big.Int).SetBytes(sig)
	if s.Cmp(pub.N) >= 0 {
		return rsa.ErrVerification
	}
	em := s.Exp(s, big.NewInt(int64(pub.E)), pub.N).FillBytes(make([]byte, k))
	if em[0] != 0 || em[1] != 1 || em[k-t-1] != 0 ||
		!bytes.Equal(em[k-t:k-len(digest)], prefix) || !bytes.Equal(em[k-len(digest):], digest) {
		return rsa.ErrVerification
	}
	for _, b := range em[2 : k-t-1] {
		if b != 0xff {
			return rsa.ErrVerification
		}
	}
	return nil
}
