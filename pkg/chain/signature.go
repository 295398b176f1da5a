package chain

import (
	"crypto"
	"crypto/dsa" //lint:ignore SA1019 DSA links still exist in old private PKIs; they are verified and flagged weak
	"crypto/ecdsa"
	"crypto/ed25519"
	_ "crypto/md5" // registers MD5 for old MD5-with-RSA links
	"crypto/rsa"
	_ "crypto/sha1" // registers SHA-1 for old SHA-1 links
	_ "crypto/sha256"
	_ "crypto/sha512"
	"crypto/x509"
	"encoding/asn1"
	"math/big"
)

// sigAlgo describes how a signature algorithm hashes and which key it needs.
type sigAlgo struct {
	hash crypto.Hash
	key  x509.PublicKeyAlgorithm
	pss  bool
}

var sigAlgos = map[x509.SignatureAlgorithm]sigAlgo{
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

// isWeak reports whether a signature algorithm is one that crypto/x509
// refuses for certificates: anything over MD5 or SHA-1, and DSA.
func isWeak(algo x509.SignatureAlgorithm) bool {
	a, ok := sigAlgos[algo]
	if !ok {
		return false
	}
	return a.hash == crypto.MD5 || a.hash == crypto.SHA1 || a.key == x509.DSA
}

// strength ranks signature algorithms for tie-breaks: higher is stronger.
func strength(algo x509.SignatureAlgorithm) int {
	a, ok := sigAlgos[algo]
	switch {
	case !ok:
		return 0
	case isWeak(algo):
		return 1
	case a.hash == crypto.SHA256:
		return 2
	default:
		return 3
	}
}

// signedBy reports whether parent's public key verifies child's signature.
// Unlike x509.Certificate.CheckSignatureFrom it accepts MD5, SHA-1 and DSA
// (the caller flags those links as weak) and it ignores the parent's CA
// flag and key usage, which ordering reports as warnings instead.
func signedBy(child, parent *x509.Certificate) bool {
	a, ok := sigAlgos[child.SignatureAlgorithm]
	if !ok {
		return false
	}
	digest := child.RawTBSCertificate
	if a.hash != 0 {
		if !a.hash.Available() {
			return false
		}
		h := a.hash.New()
		h.Write(child.RawTBSCertificate)
		digest = h.Sum(nil)
	}
	switch pub := parent.PublicKey.(type) {
	case *rsa.PublicKey:
		if a.key != x509.RSA {
			return false
		}
		if a.pss {
			return rsa.VerifyPSS(pub, a.hash, digest, child.Signature, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}) == nil
		}
		return rsa.VerifyPKCS1v15(pub, a.hash, digest, child.Signature) == nil
	case *ecdsa.PublicKey:
		return a.key == x509.ECDSA && ecdsa.VerifyASN1(pub, digest, child.Signature)
	case ed25519.PublicKey:
		return a.key == x509.Ed25519 && ed25519.Verify(pub, child.RawTBSCertificate, child.Signature)
	case *dsa.PublicKey:
		if a.key != x509.DSA {
			return false
		}
		var sig struct{ R, S *big.Int }
		rest, err := asn1.Unmarshal(child.Signature, &sig)
		if err != nil || len(rest) != 0 || sig.R == nil || sig.S == nil || sig.R.Sign() <= 0 || sig.S.Sign() <= 0 {
			return false
		}
		// DSA signs the leftmost bits of the digest, as many as Q has.
		if n := (pub.Q.BitLen() + 7) / 8; len(digest) > n {
			digest = digest[:n]
		}
		return dsa.Verify(pub, digest, sig.R, sig.S)
	}
	return false
}
