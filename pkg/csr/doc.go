// Package csr reads certificate signing requests however they arrive (PEM,
// DER, bare base64, a whole IOS terminal capture, a Notepad or PowerShell
// copy) and lints them for what a CA, CUCM or an IOS gateway will reject.
//
// # Findings
//
// Lint returns its findings errors first, each about the request
// (Finding.Request). Their Code is one of these stable strings, reported at
// the severity given:
//
//   - no-request: error; the request is nil.
//   - unknown-service: error; Policy.Service is not one of Services(), so
//     the CUCM checks asked for cannot run.
//   - bad-signature: error; the signature does not verify against the
//     request's own key.
//   - unchecked-signature: warning; the signature could not be checked at
//     all.
//   - weak-signature: error; signed with SHA-1, MD5 or DSA (IOS without
//     "hash sha256").
//   - key-too-small: error; RSA under 2048 bits, ECDSA under 256.
//   - unsupported-key: error; a DSA key, no key, or a key type certkit
//     cannot read.
//   - empty-subject: error; the request has no subject at all.
//   - no-name: error; neither a CN nor any subjectAltName: the request
//     names nothing.
//   - name-mismatch: error; Policy.Hostname or FQDN is neither the CN nor
//     a SAN.
//   - name-case-mismatch: error; the same, except for letter case.
//   - wildcard: error with a CUCM Service, info without one; a wildcard
//     name.
//   - bad-extension: error; a key usage extension that does not decode.
//   - key-type: error with a Service for an Ed25519 key, which CUCM does
//     not take; warning for an RSA key for an -ECDSA service or an ECDSA
//     key for another, and without a Service for an Ed25519 key.
//   - key-too-large: warning; RSA over 4096 bits.
//   - key-over-2048: warning; RSA over 2048 bits for CallManager.
//   - ms-suffix: warning; a CN with CUCM's multi-server "-ms" suffix.
//   - no-san: warning; a CN but no subjectAltName.
//   - missing-eku: warning; CallManager without serverAuth or clientAuth.
//   - unstructured-name: info; the unstructuredName IOS adds to the
//     subject.
//   - requested-usage: info; the key usages and EKUs the request asks
//     for.
//
// The codes several packages report (weak-signature, key-too-small, the
// name and CUCM checks) are package finding's constants.
package csr
