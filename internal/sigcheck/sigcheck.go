// Package sigcheck is certkit's one signature check, for certificates and
// certificate requests alike. Unlike crypto/x509 it verifies MD5, SHA-1
// and DSA signatures with the primitives, and Weak flags them, so that
// callers can report an old link or request instead of calling it broken.
package sigcheck

import (
	"crypto"
	"crypto/dsa" //lint:ignore SA1019 DSA links still exist in old private PKIs; they are verified and flagged weak
	"crypto/ecdsa"
	"crypto/ed25519"
	_ "crypto/md5" // registers MD5 for old MD5-with-RSA signatures
	"crypto/rsa"
	_ "crypto/sha1" // registers SHA-1 for old SHA-1 signatures
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
)

// algo describes how a signature algorithm hashes and which key it needs.
type algo struct {
	hash crypto.Hash
	key  x509.PublicKeyAlgorithm
	pss  bool
}

var algos = map[x509.SignatureAlgorithm]algo{
	x509.MD5WithRSA:       {crypto.MD5, x509.RSA, false},
	x509.SHA1WithRSA:      {crypto.SHA1, x509.RSA, false},
	x509.SHA256WithRSA:    {crypto.SHA256, x509.RSA, false},
	x509.SHA384WithRSA:    {crypto.SHA384, x509.RSA, false},
	x509.SHA512WithRSA:    {crypto.SHA512, x509.RSA, false},
	x509.SHA256WithRSAPSS: {crypto.SHA256, x509.RSA, true},
	x509.SHA384WithRSAPSS: {crypto.SHA384, x509.RSA, true},
	x509.SHA512WithRSAPSS: {crypto.SHA512, x509.RSA, true},
	x509.DSAWithSHA1:      {crypto.SHA1, x509.DSA, false},
	x509.DSAWithSHA256:    {crypto.SHA256, x509.DSA, false},
	x509.ECDSAWithSHA1:    {crypto.SHA1, x509.ECDSA, false},
	x509.ECDSAWithSHA256:  {crypto.SHA256, x509.ECDSA, false},
	x509.ECDSAWithSHA384:  {crypto.SHA384, x509.ECDSA, false},
	x509.ECDSAWithSHA512:  {crypto.SHA512, x509.ECDSA, false},
	x509.PureEd25519:      {0, x509.Ed25519, false},
}

// Weak reports whether a signature algorithm is one crypto/x509 refuses
// for certificates: anything over MD5 (or MD2) or SHA-1, and DSA. Such a
// signature still verifies here; callers flag it.
func Weak(a x509.SignatureAlgorithm) bool {
	if a == x509.MD2WithRSA {
		return true
	}
	d, ok := algos[a]
	return ok && (d.hash == crypto.MD5 || d.hash == crypto.SHA1 || d.key == x509.DSA)
}

// Broken reports whether a signature algorithm hashes with MD5 or MD2,
// over which anyone can forge a signature, rather than only being weak.
func Broken(a x509.SignatureAlgorithm) bool {
	return a == x509.MD5WithRSA || a == x509.MD2WithRSA
}

// Strength ranks signature algorithms for tie-breaks: 0 unknown, 1 weak,
// 2 SHA-256, 3 stronger.
func Strength(a x509.SignatureAlgorithm) int {
	d, ok := algos[a]
	switch {
	case !ok:
		return 0
	case Weak(a):
		return 1
	case d.hash == crypto.SHA256:
		return 2
	}
	return 3
}

// Certificate reports whether parent's public key verifies child's
// signature. It ignores parent's CA flag and key usage. Nil certificates
// verify nothing.
func Certificate(child, parent *x509.Certificate) bool {
	return (*Keys)(nil).Certificate(child, parent)
}

// Request checks a certificate request's signature with the request's own
// public key, as Verify does.
func Request(req *x509.CertificateRequest) error {
	return Verify(req.SignatureAlgorithm, req.RawTBSCertificateRequest, req.Signature, req.PublicKey)
}

// Verify checks sig, made with algorithm a over signed, against pub. It
// returns nil when the signature verifies; an error wrapping
// errors.ErrUnsupported when it cannot be checked (an unknown algorithm,
// MD2, an unreadable key, or an RSA key under 1024 bits, which crypto/rsa
// refuses); and any other error when it does not verify.
func Verify(a x509.SignatureAlgorithm, signed, sig []byte, pub any) error {
	return verify(a, signed, sig, pub, nil)
}

// digestOf hashes signed with h into buf, without the garbage of h.New
// for the hashes of nearly every certificate.
func digestOf(h crypto.Hash, signed []byte, buf *[sha512.Size]byte) []byte {
	switch h {
	case crypto.SHA256:
		*(*[sha256.Size]byte)(buf[:]) = sha256.Sum256(signed)
		return buf[:sha256.Size]
	case crypto.SHA384:
		*(*[sha512.Size384]byte)(buf[:]) = sha512.Sum384(signed)
		return buf[:sha512.Size384]
	case crypto.SHA512:
		*buf = sha512.Sum512(signed)
		return buf[:]
	}
	hh := h.New()
	hh.Write(signed)
	return hh.Sum(buf[:0])
}

// verify is Verify, with ks's tables for keys that make many checks (nil:
// none).
func verify(a x509.SignatureAlgorithm, signed, sig []byte, pub any, ks *Keys) error {
	d, ok := algos[a]
	if !ok {
		return fmt.Errorf("cannot check a %v signature: %w", a, errors.ErrUnsupported)
	}
	digest := signed
	var buf [sha512.Size]byte
	if d.hash != 0 {
		digest = digestOf(d.hash, signed, &buf)
	}
	mismatch := func() error {
		return fmt.Errorf("a %v key cannot make a %v signature", keyName(pub), a)
	}
	switch pub := pub.(type) {
	case *rsa.PublicKey:
		if pub == nil || pub.N == nil {
			break
		}
		if d.key != x509.RSA {
			return mismatch()
		}
		if n := pub.N.BitLen(); n < 1024 {
			return fmt.Errorf("cannot check a signature made with a %d-bit RSA key: %w", n, errors.ErrUnsupported)
		}
		if d.pss {
			return rsa.VerifyPSS(pub, d.hash, digest, sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
		}
		return verifyPKCS1v15(pub, d.hash, digest, sig)
	case *ecdsa.PublicKey:
		if pub == nil || pub.Curve == nil {
			break
		}
		if d.key != x509.ECDSA {
			return mismatch()
		}
		valid, checked := ks.p256Verify(pub, digest, sig)
		if !checked {
			valid = ecdsa.VerifyASN1(pub, digest, sig)
		}
		if !valid {
			return errors.New("ECDSA verification failure")
		}
		return nil
	case ed25519.PublicKey:
		if len(pub) != ed25519.PublicKeySize {
			break
		}
		if d.key != x509.Ed25519 {
			return mismatch()
		}
		if !ed25519.Verify(pub, signed, sig) {
			return errors.New("Ed25519 verification failure")
		}
		return nil
	case *dsa.PublicKey:
		if pub == nil || pub.Q == nil || pub.P == nil || pub.G == nil || pub.Y == nil || pub.Q.Sign() <= 0 {
			break
		}
		if d.key != x509.DSA {
			return mismatch()
		}
		var rs struct{ R, S *big.Int }
		rest, err := asn1.Unmarshal(sig, &rs)
		if err != nil || len(rest) != 0 || rs.R == nil || rs.S == nil || rs.R.Sign() <= 0 || rs.S.Sign() <= 0 {
			return errors.New("DSA signature is malformed")
		}
		// DSA signs the leftmost bits of the digest, as many as Q has.
		if n := (pub.Q.BitLen() + 7) / 8; len(digest) > n {
			digest = digest[:n]
		}
		if !dsa.Verify(pub, digest, rs.R, rs.S) {
			return errors.New("DSA verification failure")
		}
		return nil
	}
	return fmt.Errorf("cannot check a %v signature with no public key certkit can read: %w", a, errors.ErrUnsupported)
}

func keyName(pub any) string {
	switch pub.(type) {
	case *rsa.PublicKey:
		return "RSA"
	case *ecdsa.PublicKey:
		return "ECDSA"
	case ed25519.PublicKey:
		return "Ed25519"
	case *dsa.PublicKey:
		return "DSA"
	}
	return "unknown"
}

// SignedBy reports whether parent's public key verifies child's
// signature, the one proof certkit accepts for a link. Unlike
// x509.Certificate.CheckSignatureFrom it accepts MD5, SHA-1 and DSA, for
// which weak is set, and it ignores parent's CA flag and key usage (chain
// ordering reports those as warnings). Nil certificates verify nothing.
func SignedBy(child, parent *x509.Certificate) (ok, weak bool) {
	if child == nil || parent == nil || !Certificate(child, parent) {
		return false, false
	}
	return true, Weak(child.SignatureAlgorithm)
}

// SelfSigned reports whether c's own key verifies its signature, MD5 and
// SHA-1 included. Equal subject and issuer names are not enough: a
// key-rollover link certificate is self-issued but not self-signed.
func SelfSigned(c *x509.Certificate) bool {
	ok, _ := SignedBy(c, c)
	return ok
}
