// Package cucm reads what CUCM holds: its trust stores as downloaded from
// OS Administration > Security > Certificate Management (one folder per
// store, named as CUCM names it), the text of the CLI command
// `show cert list trust`, and audits those stores: which certificates a
// CA rollout has made redundant, which are duplicates, expired or collide,
// and what CUCM would refuse on upload. It also plans uploads (Plan) and
// checks a SIP trunk's subject names (CheckTrunkSubject).
//
// It never opens files, deletes or changes anything: the caller supplies
// the bytes (or an fs.FS), and the plan it returns is advice.
//
// # Findings
//
// Besides the codes package finding defines for every certkit job
// (finding.CodeExpired, finding.CodeKeyTooLarge, finding.CodeWildcard,
// finding.CodeNameMismatch, ...), the findings and actions of this
// package carry these codes, stable strings a script may match.
//
// The actions AuditSite recommends, certificates to delete from a store
// (an action may also carry finding.CodeExpired or "subject-collision"):
//
//   - "replaced-by-ca": a self-signed device certificate whose device has
//     a CA-signed certificate (Options.Gateways) issued by a CA in the
//     same store; it can go once the device uses that certificate.
//   - "self-signed-device": a self-signed device certificate with no
//     CA-signed successor given, the sprawl a CA rollout removes.
//   - "duplicate": the same certificate (same DER) as another file of the
//     same trust store.
//   - "not-a-ca": an end-entity certificate, not self-signed, whose
//     issuer is not in the trust store, so it anchors no chain there.
//
// The findings:
//
//   - "subject-collision" (warning): two CA certificates share a subject
//     and so collide in CUCM's one-certificate-per-subject trust store,
//     including a step and a certificate of the inputs the plan leaves
//     out (the old copy of a re-keyed CA), or a step and a certificate
//     already in the store (PlanOptions.Stores).
//   - "no-root" (warning): the first certificate of the plan is not
//     self-signed, so the root is missing.
//   - "unused-ca" (info): a CA certificate of a store that issued none of
//     the certificates given (Options.Gateways, Options.Own), directly or
//     through a CA that did. CUCM may still need it, for phones or LDAP.
//   - "listed-not-given" (warning): `show cert list trust` lists
//     certificates of a store that were not given as files, so the audit
//     of that store is incomplete.
//   - "not-listed" (info): a file given for a store that the `show cert
//     list trust` text does not list (deleted since, or the list comes
//     from another node).
//   - "already-present" (info, PlanOptions.Stores): an upload step's
//     certificate is already in the store, byte for byte, so the step can
//     be skipped.
//   - "maybe-device" (info): a store keeps self-signed certificates with
//     CA:TRUE and no keyCertSign usage that issued nothing given, as IOS
//     makes its self-signed certificates; named as devices
//     (Options.Devices, Options.Gateways) they would be device
//     certificates. One finding per store.
package cucm
