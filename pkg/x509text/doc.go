// Package x509text is how certkit writes certificate fields as text, one
// place for each: distinguished names as openssl prints them with
// "-nameopt RFC2253" (short names such as DC, emailAddress and
// unstructuredName included), and the comparison of a name a person typed
// with the name in a certificate.
//
// Every certkit command, JSON field and message prints names through this
// package, so a name reads the same wherever it appears. It depends on the
// standard library only.
package x509text
