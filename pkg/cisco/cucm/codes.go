package cucm

import (
	"crypto/x509"

	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/cisco"
)

// Code names the kind of an action or finding, so that a caller can
// branch on it and a script can match it in JSON. Codes are stable;
// messages are not. Where a condition is one another certkit package
// already reports, the code is that package's.
type Code string

// Actions: certificates the audit recommends deleting from a store.
const (
	// CodeReplacedByCA: a self-signed device certificate whose device has
	// a CA-signed certificate (Options.Gateways) issued by a CA in the
	// same store; it can go once the device uses that certificate.
	CodeReplacedByCA Code = "replaced-by-ca"
	// CodeSelfSignedDevice: a self-signed device certificate with no
	// CA-signed successor given: the sprawl a CA rollout removes.
	CodeSelfSignedDevice Code = "self-signed-device"
	// CodeDuplicate: the same certificate (same DER) as another file of
	// the same store.
	CodeDuplicate Code = "duplicate"
	// CodeSubjectCollision: a certificate sharing its subject with another
	// of the same store; CUCM keeps one certificate per subject. The same
	// code as cisco.CodeSubjectCollision.
	CodeSubjectCollision = Code(cisco.CodeSubjectCollision)
	// CodeExpired: a certificate past its NotAfter at Options.At. The same
	// code as chain.WarnExpired.
	CodeExpired = Code(chain.WarnExpired)
	// CodeNotACA: an end-entity certificate, not self-signed, whose issuer
	// is not in the store, so it anchors no chain there.
	CodeNotACA Code = "not-a-ca"
)

// Findings: what the audit noticed about the certificates it keeps, and
// about its inputs.
const (
	// CodeUnusedCA (informational): a CA certificate that issued none of
	// the certificates given (Options.Gateways, Options.Own), directly or
	// through a CA that did. CUCM may still need it (phones, LDAP).
	CodeUnusedCA Code = "unused-ca"
	// CodeKeyTooLarge: a key over 4096 bits, which CUCM refuses on upload.
	// The same code as cisco.CodeKeyTooLarge.
	CodeKeyTooLarge = Code(cisco.CodeKeyTooLarge)
	// CodeWildcard: a wildcard CN or SAN, which CUCM does not support. The
	// same code as cisco.CodeWildcard.
	CodeWildcard = Code(cisco.CodeWildcard)
	// CodeMD5: signed with MD5 (or MD2). The same code as cisco.CodeMD5.
	CodeMD5 = Code(cisco.CodeMD5)
	// CodeSHA1: signed with SHA-1. The same code as cisco.CodeSHA1.
	CodeSHA1 = Code(cisco.CodeSHA1)
	// CodeNoRoot: an intermediate CA whose chain in the store does not
	// reach a self-signed root. The same code as cisco.CodeNoRoot.
	CodeNoRoot = Code(cisco.CodeNoRoot)
	// CodeListedNotGiven: `show cert list trust` lists certificates of a
	// store that were not given as files, so the audit of that store is
	// incomplete.
	CodeListedNotGiven Code = "listed-not-given"
	// CodeNotListed (informational): a file given for a store that the
	// `show cert list trust` text does not list (deleted since, or the
	// list comes from another node).
	CodeNotListed Code = "not-listed"
	// CodeAlreadyPresent (informational, upload plan): a step's
	// certificate is already in the store (same DER): the step can be
	// skipped.
	CodeAlreadyPresent Code = "already-present"
)

// Severity says whether a finding asks for something to be done.
type Severity string

const (
	// SeverityWarning: something to fix or check.
	SeverityWarning Severity = "warning"
	// SeverityInfo: worth knowing; nothing needs doing.
	SeverityInfo Severity = "info"
)

// Finding is one thing the audit noticed that is not a deletion.
type Finding struct {
	Code     Code
	Severity Severity
	Message  string
	// Store and File say where, when the finding is about one store or
	// one file; Certificate is the certificate, when there is one.
	Store, File string
	Certificate *x509.Certificate
}

// String returns the code and the message.
func (f Finding) String() string { return string(f.Code) + ": " + f.Message }
