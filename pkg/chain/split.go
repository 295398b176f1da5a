package chain

import (
	"crypto/x509"

	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/finding"
)

// SplitFile is one of the files certkit split writes: a certificate, its
// role, the file's name and its content.
type SplitFile struct {
	// Name is NN-role-LABEL.pem, LABEL being the certificate's common name
	// (else its organisation, else its serial number) cut to what is safe
	// in a file name on any system, numbered in
	// Split's order: along each chain root first, then the certificates
	// in no chain.
	Name        string
	Role        Role
	Certificate *x509.Certificate
	// PEM is the certificate alone, as convert.Encode writes it.
	PEM []byte
}

// SplitResult is everything certkit split shows: the files to write, the
// chains they come from, and the checks of every certificate written.
type SplitResult struct {
	Files  []SplitFile
	Chains []Chain
	// Findings are the checks of every job (validity, weak signatures,
	// key sizes) on each certificate written, once each.
	Findings []finding.Finding
}

// Split is the whole split job: one file per certificate of certs, in the
// order an engineer installs them (along each chain root first, then the
// certificates in no chain, in their order in certs), with the names and
// bytes that certkit split writes. Duplicates (the same DER) appear once.
// chains are the chains Order built from certs, when the caller has them
// already; nil means Split orders certs itself, with opts. opts (At,
// WarnWithin) also say when the certificates are checked; the zero
// Options checks them at the current time.
func Split(certs []*x509.Certificate, chains []Chain, opts Options) (*SplitResult, error) {
	if chains == nil && len(certs) > 0 {
		var err error
		if chains, err = Order(certs, opts); err != nil {
			return nil, err
		}
	}
	ordered, roles := sequence(certs, chains)
	r := &SplitResult{Files: make([]SplitFile, len(ordered)), Chains: chains}
	for i, c := range ordered {
		pem, err := convert.Encode([]*x509.Certificate{c}, convert.EncodeOptions{})
		if err != nil {
			return nil, err
		}
		r.Files[i] = SplitFile{Name: x509text.FileName(i+1, len(ordered), string(roles[i]), c), Role: roles[i], Certificate: c, PEM: pem}
	}
	r.Findings = verdict.Certificates(ordered, verdict.Options{At: opts.At, WarnWithin: opts.WarnWithin})
	return r, nil
}
