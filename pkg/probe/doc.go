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
package probe
