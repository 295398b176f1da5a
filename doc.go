// Package certkit is the root of a small set of libraries that read, order
// and check X.509 certificates and CSRs for Cisco voice networks (CUCM and
// IOS gateways), and of the certkit command that sits on top of them.
//
// The work lives in the packages below this one:
//
//   - convert reads every certificate source (PEM, DER, BER/DER PKCS#7,
//     bare base64, PKCS#12, IOS configuration hex and crypto pki export
//     captures) and writes PEM, DER and PKCS#7.
//   - chain orders any set of certificates into chains and finds issuers.
//   - csr reads CSRs however they arrive and lints them.
//   - cisco produces what IOS and CUCM need.
//   - cisco/ios reads what IOS gateways hold (trustpoint configuration,
//     show crypto pki output) and audits a gateway or a fleet.
//   - cisco/cucm reads CUCM's trust stores and show cert list trust, and
//     audits the stores: the deletion plan after a CA rollout.
//   - x509text is how certkit prints certificate fields as text: names,
//     SANs, keys.
//
// Data flows one way: bytes into convert, certificates into chain, chains
// into cisco, and output from cmd/certkit. No package imports one above
// it; the internal packages hold rules that several of them share.
//
// # How the code is laid out
//
// Each rule lives in one file, and every package and command that needs
// it calls that file:
//
//   - Distinguished names, printed with openssl's short names (DC,
//     emailAddress, unstructuredName...) and compared by meaning:
//     internal/x509text/name.go.
//   - The one text scanner (PEM among chatter, bare base64, UTF-16, IOS
//     terminal captures), which reads certificates and CSRs alike, for
//     convert.Decode and csr.Parse: pkg/convert/sniff.go (its PEM blocks
//     in pkg/convert/pem.go, the pager and backspace marks of a terminal
//     in internal/input/terminal.go).
//   - Matching an issuer name to a subject name whose bytes differ (RFC
//     5280, section 7.1), for chains and roles: internal/dnkey/dnkey.go.
//   - Finding a certificate's likeliest issuers by name, ranked by key
//     identifier and nearness in the file, at most 16, in time bounded by
//     that cap (the chain graph, roles, convert's NoLeaf, the CUCM plan's
//     link check and the CUCM audit): internal/certrole/candidates.go.
//   - The signature check, for certificates and CSRs, with the
//     weak-algorithm flag: internal/sigcheck/sigcheck.go (and, for a
//     P-256 CA key that checks many signatures, its precomputed table:
//     internal/sigcheck/p256.go; RSA moduli over 2048 bits:
//     internal/sigcheck/rsa.go).
//   - What a root, an intermediate and a leaf are (the role):
//     internal/certrole/certrole.go.
//   - CUCM's services, trust stores and limits: internal/cucmrule/cucmrule.go.
//   - The checks every job applies to every certificate it hands the
//     user (validity at --at with --warn-within, weak signatures, key
//     sizes, the device certificate's name against the hostname, and
//     whether a self-signed certificate is a device's whatever its CA
//     flag says): internal/verdict/verdict.go.
//   - The shape of a finding (code, severity, message, the certificate or
//     request it concerns): pkg/finding/finding.go.
//   - SANs, in the extension's order with openssl's prefixes:
//     internal/x509text/san.go.
//   - How anything taken from a certificate or a folder is printed (SANs,
//     URLs, file names: control characters and right-to-left overrides
//     as \XX, as in names; JSON exact): internal/x509text/escape.go.
//   - The key description (type, size, curve): internal/x509text/key.go.
//   - The command's input loop (files, standard input, the PKCS#12
//     password, the certificates they hold): cmd/certkit/input.go.
//   - Spreading independent work over the cores (parsing a bundle,
//     checking its signatures, writing its chains): internal/par/par.go.
//   - How the commands write files (a temporary file and a rename; a
//     replaced file synced before its rename, each directory once):
//     internal/atomicfile/atomicfile.go.
//   - How a password file or $CERTKIT_PASSWORD is read (UTF-8 or UTF-16
//     with a BOM, one line break dropped): internal/input/password.go.
//   - The choice of the gateway certificate among several leaves:
//     pkg/chain/leaf.go.
//   - The CUCM upload plan for a set of inputs (the whole of certkit cucm,
//     which the web page calls too): pkg/cisco/cucm/inputs.go.
//   - The words of the CUCM trust-store audit report (text, CSV, delete
//     path and CLI line, shared by cucm audit and the web page):
//     pkg/cisco/cucm/report.go.
//   - The whole CUCM trust-store audit (the stores read from fs.FS
//     folders or files, the plan, its notes; certkit cucm audit and the
//     web page each call it once): pkg/cisco/cucm/site.go.
//   - The whole IOS fleet audit (captures read, grouped, audited; the
//     table's words) for certkit ios audit and the page:
//     pkg/cisco/ios/fleet.go; the whole trustpool job (the CAs of the
//     inputs, the paste session, the checks): ios.TrustpoolOf in
//     pkg/cisco/ios/trustpool.go.
//   - The command's flags for the checks, --at and --warn-within:
//     cmd/certkit/checks.go.
//   - The hostname and domain checks of an IOS trustpoint:
//     pkg/cisco/ios/trustpoint.go.
//
// The larger pieces each have a place of their own, named so that a
// newcomer can guess it from the folder names (some are still being
// written):
//
//   - The IOS configuration reader (certificates kept as hex under crypto
//     pki certificate chain, crypto pki export captures) turns bytes into
//     certificates, so it is part of convert's scanner: pkg/convert/ios.go.
//   - The lenient parse of certificates crypto/x509 refuses:
//     pkg/convert/lenient.go.
//   - Looking up a few certificates among thousands without parsing the
//     rest: convert.Options.Defer, in pkg/convert/deferred.go, and
//     certrole.Candidates, which names those worth parsing, in
//     internal/certrole/ancestors.go.
//   - Fetching a missing issuer from its AIA URL: the bounds, each URL
//     once, the signature check of what came back, in pkg/chain/fetch.go;
//     internal/aiafetch is the net/http side of chain.Options.Fetch
//     (pkg/chain itself never imports net/http).
//   - SCEP for IOS auto-enrollment (certkit scep, ios trustpoint --check):
//     pkg/scep, with its own bounded HTTP client in pkg/scep/client.go;
//     the PKI messages come from github.com/smallstep/scep.
//   - What certkit reads from IOS gateways (show output, the gateway and
//     fleet audit, the trustpool): pkg/cisco/ios; the secure-voice
//     configuration around the certificate (the conference bridge, SCCP,
//     SIP TLS, SRTP) and its checks: pkg/cisco/ios/voice.go.
//   - What certkit reads from CUCM (trust-store listings, show cert list,
//     the trust-store audit and deletion plan): pkg/cisco/cucm.
//   - Probing TLS servers (certkit probe): the targets in
//     pkg/probe/target.go, the handshake, its bounds and the client
//     certificate in pkg/probe/probe.go, the probe's checks and what each
//     side must trust in pkg/probe/judge.go; the only package besides
//     aiafetch that opens connections, and only through Options.Dialer.
//   - The local web page (server, API, embedded static files):
//     cmd/certkit/internal/web, which cmd/certkit/web.go only starts; its bounds (two
//     analyses at once, a deadline, a cap on certificates) in
//     cmd/certkit/internal/web/limit.go.
//   - Each command is one file of cmd/certkit; the test data of each area
//     is one gen_AREA.go file of internal/cmd/gen, listed in
//     internal/cmd/gen/main.go.
//
// The test certificates under testdata/ are made by a generator:
//
//go:generate go run ./internal/cmd/gen -out testdata
package certkit
