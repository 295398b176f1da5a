package cucm

import (
	"crypto/x509"
	"encoding/json"

	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
)

// The codes of the actions auditStores recommends: certificates to delete from
// a store. Besides these, an action may carry finding.CodeExpired (past its
// NotAfter at Options.At) or codeSubjectCollision (a certificate
// sharing its subject with another of the store, which CUCM keeps one of),
// the codes those packages report the same conditions with.
const (
	// codeReplacedByCA: a self-signed device certificate whose device has
	// a CA-signed certificate (Options.Gateways) issued by a CA in the same
	// store; it can go once the device uses that certificate.
	codeReplacedByCA finding.Code = "replaced-by-ca"
	// codeSelfSignedDevice: a self-signed device certificate with no
	// CA-signed successor given, the sprawl a CA rollout removes.
	codeSelfSignedDevice finding.Code = "self-signed-device"
	// codeDuplicate: the same certificate (same DER) as another file of
	// the same trust store.
	codeDuplicate finding.Code = "duplicate"
	// codeNotACA: an end-entity certificate, not self-signed, whose issuer
	// is not in the trust store, so it anchors no chain there.
	codeNotACA finding.Code = "not-a-ca"
)

// The codes of the findings auditStores and checkUpload report, besides those
// other packages define: the checks every certkit job makes
// (finding.CodeExpired and CodeNotYetValid as errors, CodeExpiring,
// CodeWeakSignature and CodeKeyTooSmall as warnings), CUCM's upload
// checks (finding.CodeKeyTooLarge, finding.CodeWildcard and
// codeNoRoot, an intermediate without its root, as warnings), and
// codeSubjectCollision from checkUpload.
const (
	// codeUnusedCA (info): a CA certificate of a store that issued none of
	// the certificates given (Options.Gateways, Options.Own), directly or
	// through a CA that did. CUCM may still need it, for phones or LDAP.
	codeUnusedCA finding.Code = "unused-ca"
	// codeListedNotGiven (warning): `show cert list trust` lists
	// certificates of a store that were not given as files, so the audit
	// of that store is incomplete.
	codeListedNotGiven finding.Code = "listed-not-given"
	// codeNotListed (info): a file given for a store that the `show cert
	// list trust` text does not list (deleted since, or the list comes
	// from another node).
	codeNotListed finding.Code = "not-listed"
	// codeAlreadyPresent (info, checkUpload): an upload step's certificate
	// is already in the store, byte for byte, so the step can be skipped.
	codeAlreadyPresent finding.Code = "already-present"
	// codeMaybeDevice (info): a store keeps self-signed certificates with
	// CA:TRUE and no keyCertSign usage that issued nothing given, as IOS
	// makes its self-signed certificates; named as devices
	// (Options.Devices, Options.Gateways) they would be device
	// certificates. One finding per store.
	codeMaybeDevice finding.Code = "maybe-device"
)

// Finding is one thing the audit noticed that is not a deletion: a
// finding.Finding and where it is.
type Finding struct {
	finding.Finding
	// Store and File say where, when the finding is about one store or
	// one file.
	Store, File string
}

// MarshalJSON writes finding.Finding's JSON form, the one every certkit
// command prints ({"severity", "code", "message"}, and "sha256" and
// "subject" for a finding about a certificate), followed by "store" and
// "file" when they are known.
func (f Finding) MarshalJSON() ([]byte, error) {
	b, err := f.Finding.MarshalJSON()
	if err != nil || len(b) < 2 {
		return b, err
	}
	where := struct {
		Store string `json:"store,omitempty"`
		File  string `json:"file,omitempty"`
	}{f.Store, f.File}
	w, err := json.Marshal(where)
	if err != nil || len(w) <= 2 {
		return b, err
	}
	// Both are objects: join {"severity":...} and {"store":...}.
	return append(append(b[:len(b)-1:len(b)-1], ','), w[1:]...), nil
}

func newFinding(code finding.Code, sev finding.Severity, store, file string, c *x509.Certificate, msg string) Finding {
	// The message names files and stores as their folders do: printed as
	// x509text.Printable writes them (Store and File keep them exact).
	return Finding{Finding: finding.Finding{Code: code, Severity: sev, Certificate: c, Message: x509text.Printable(msg)}, Store: store, File: file}
}
