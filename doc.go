// Package certkit is the root of a small set of libraries that read, order
// and check X.509 certificates and CSRs for Cisco voice networks (CUCM and
// IOS gateways), and of the certkit command that sits on top of them.
//
// The work lives in the packages below this one:
//
//   - convert reads every certificate source (PEM, DER, BER/DER PKCS#7,
//     bare base64, PKCS#12) and writes PEM, DER and PKCS#7.
//   - chain orders any set of certificates into chains and finds issuers.
//   - csr reads CSRs however they arrive and lints them.
//   - cisco produces what IOS and CUCM need.
//
// The test certificates under testdata/ are made by a generator:
//
//go:generate go run ./testdata/gen -out testdata
package certkit
