// Package x509text is how certkit prints certificate fields as text:
// names, SANs, keys. There is one place for each field:
//
//   - distinguished names as openssl prints them with "-nameopt RFC2253"
//     (short names such as DC, emailAddress and unstructuredName
//     included), and the comparison of a name a person typed with the
//     name in a certificate;
//   - subject alternative names, in the order of the extension, with
//     openssl's prefixes (DNS:, IP:, email:, URI:, DirName:, othername:,
//     RID:);
//   - key descriptions: the algorithm, the size and the curve;
//   - serial numbers and key IDs, as colon-separated hex bytes;
//   - any other value taken from a certificate or a file (a SAN, a URL, a
//     file name), with the characters a terminal acts on escaped as \XX,
//     as names escape them (Printable), and JSON with them escaped as
//     \u sequences (PrintableJSON).
//
// Every certkit command, JSON field and message prints these fields
// through this package, so a field reads the same wherever it appears. It
// depends on the standard library and golang.org/x/crypto only.
package x509text
