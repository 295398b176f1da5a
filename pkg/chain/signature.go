package chain

import (
	"crypto/x509"

	"github.com/voicepki/certkit/internal/sigcheck"
)

// signedBy reports whether parent's public key verifies child's signature,
// with certkit's one signature check: MD5, SHA-1 and DSA are accepted (the
// caller flags those links as weak), and parent's CA flag and key usage
// are ignored, since ordering reports those as warnings instead.
func signedBy(child, parent *x509.Certificate) bool {
	return sigcheck.Certificate(child, parent)
}
