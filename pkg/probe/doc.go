// Package probe is the probe job: it connects to TLS servers (a CUCM on
// 5061, a gateway, a directory on 636), records the chain each one serves,
// in the served order, even when the handshake then fails, tries the
// device's own certificate against it, and says what is wrong and what
// each side must trust.
//
// Run is the whole job, one Result per target. The network is reached
// only through Options.Dialer, so tests need no real network; the checks
// are internal/verdict's and pkg/chain's, called once per target. Every
// connection is bounded: Options.Timeout covers connect and handshake,
// Options.MaxBytes caps what is read, Options.MaxCertificates what is
// kept. Nothing is sent after the handshake, and the device's key is used
// for the handshake only.
//
// Package chain stays free of net: the probe hands it the served
// certificates, and for a missing issuer Options.Fetch (an aiafetch.Client)
// as chain.Options.Fetch.
//
// # Findings
//
// Result.Findings holds the checks of every job on the served
// certificates, with the codes of pkg/finding (expired, weak-signature,
// name-mismatch...) and of pkg/chain (not-ca, path-length...), and the
// probe's own, whose Code is one of these stable strings:
//
//	served-order           the chain is served out of TLS order (leaf first, then each issuer)
//	served-duplicate       the same certificate is served twice
//	served-unrelated       a certificate served is not in the leaf's chain
//	missing-intermediate   the served chain reaches neither a self-signed root nor a trust root
//	root-served            the root is served too, which is normal
//	too-many-certificates  more certificates are served than Options.MaxCertificates keeps
//	tls-old-version        TLS 1.0 or 1.1 is negotiated
//	tls-rsa-kex            a suite with RSA key exchange (no forward secrecy) or another insecure suite is negotiated
//	client-cert-rejected   the server refused the device certificate
//	device-ca-not-listed   the server's acceptable CA names omit the device certificate's issuer
//	handshake-failed       the server sent its chain (or asked for a client certificate), then ended the handshake
package probe
