package chain

import (
	"crypto/x509"

	"github.com/voicepki/certkit/pkg/convert"
)

// SplitFile is one of the files certkit split writes: a certificate, its
// role, the file's name and its content.
type SplitFile struct {
	// Name is NN-role-Label.pem (convert.FileName), numbered in
	// Sequence order: along each chain root first, then the certificates
	// in no chain.
	Name        string
	Role        Role
	Certificate *x509.Certificate
	// PEM is the certificate alone, as convert.Encode writes it.
	PEM []byte
}

// Split returns one file per certificate of certs, given the chains Order
// found for them: in Sequence order, with the names and bytes that certkit
// split writes (it orders with the zero Options). Duplicates (the same
// DER) appear once.
func Split(certs []*x509.Certificate, chains []Chain) ([]SplitFile, error) {
	ordered, roles := Sequence(certs, chains)
	files := make([]SplitFile, len(ordered))
	for i, c := range ordered {
		pem, err := convert.Encode([]*x509.Certificate{c}, convert.EncodeOptions{})
		if err != nil {
			return nil, err
		}
		files[i] = SplitFile{Name: convert.FileName(i+1, len(ordered), string(roles[i]), c), Role: roles[i], Certificate: c, PEM: pem}
	}
	return files, nil
}
