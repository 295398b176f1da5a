// Package certkit is the root of a small set of libraries that read, order
// and check X.509 certificates and CSRs for Cisco voice networks (CUCM and
// IOS gateways), and of the certkit command that sits on top of them.
//
// The packages, in the order data flows through them (bytes, then
// certificates, then chains, then what a device takes, then output):
//
//   - pkg/convert reads every certificate source and writes PEM, DER and
//     PKCS#7.
//   - pkg/chain orders certificates into chains, finds issuers, splits
//     bundles and picks the device certificate.
//   - pkg/csr reads CSRs however they arrive and lints them.
//   - pkg/cisco/ios: everything an IOS gateway prints, reads, plans and
//     audits; pkg/cisco/cucm: the same for CUCM.
//   - pkg/probe and pkg/scep: what a device serves over TLS, and SCEP
//     auto-enrollment, checked before the device tries.
//   - pkg/scan: a whole folder at once (certkit scan): every certificate,
//     key and CSR in it, what belongs together, and what the checks say.
//   - pkg/finding: the one shape of what every job reports.
//   - cmd/certkit: the command, and the page it serves
//     (cmd/certkit/internal/web).
//
// No package imports one above it. internal/ holds the primitives several
// of them share; internal/testkit the test support; internal/cmd the test
// data generator and the benchmark driver.
//
// # How the code is laid out
//
// Each rule lives in one file. The folder names say most of where; these
// are the places they do not say:
//
//   - The checks every job applies to every certificate it hands the user
//     (validity at --at with --warn-within, weak signatures, key sizes,
//     the device certificate's name, and whether a self-signed
//     certificate is a device's whatever its CA flag says):
//     internal/verdict/verdict.go.
//   - The one text scanner (PEM among chatter, bare base64, UTF-16, IOS
//     terminal captures), for certificates and CSRs alike:
//     pkg/convert/sniff.go, over the input primitives of
//     internal/input/text.go; IOS's hex under crypto pki certificate chain,
//     since it turns bytes into certificates too: pkg/convert/ios.go.
//   - Matching an issuer name to a subject name whose bytes differ (RFC
//     5280, section 7.1): internal/dnkey/dnkey.go.
//   - A certificate's likeliest issuers, at most 16, in time bounded by
//     that cap: internal/certrole/candidates.go; what a root, an
//     intermediate and a leaf are: internal/certrole/certrole.go.
//   - The choice of the device certificate among several leaves:
//     pkg/chain/leaf.go.
//   - The signature check, with the weak-algorithm flag:
//     internal/sigcheck/sigcheck.go (a P-256 key's precomputed table in
//     p256.go, RSA moduli over 2048 bits in rsa.go).
//   - How anything taken from a certificate or a folder is printed
//     (control characters as \XX; JSON exact): internal/x509text/escape.go;
//     how a certificate is named in a message: internal/x509text/name.go.
//   - CUCM's services, trust stores and limits, shared by the plan, the
//     audit and CSR lint: internal/cucmrule/cucmrule.go.
//   - How the commands write files (a temporary file and a rename):
//     internal/atomicfile/atomicfile.go.
//   - Spreading independent work over the cores: internal/par/par.go.
//   - A password file or $CERTKIT_PASSWORD: internal/input/password.go.
//   - The command's input loop: cmd/certkit/input.go; its --at and
//     --warn-within: cmd/certkit/checks.go.
//
// The larger pieces each have a place of their own:
//
//   - Fetching a missing issuer from its AIA URL: the bounds and the
//     signature check in pkg/chain/fetch.go, the net/http side in
//     internal/aiafetch (pkg/chain never imports net/http).
//   - Whether a certificate is revoked (--revocation): the OCSP and CRL
//     checks in internal/revoke, which pkg/chain/revocation.go calls for
//     each certificate of each chain; the net/http side, with the bounds
//     of --fetch, in internal/aiafetch too.
//   - The page's bounds (two analyses at once, a deadline, a cap on
//     certificates): cmd/certkit/internal/web/limit.go.
//   - The test data of each area: one gen_AREA.go file of
//     internal/cmd/gen.
//
// The test certificates under testdata/ are made by a generator:
//
//go:generate go run ./internal/cmd/gen -out testdata
package certkit
