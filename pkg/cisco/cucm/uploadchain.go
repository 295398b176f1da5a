package cucm

import (
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/voicepki/certkit/internal/errkind"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
)

// UploadChain orders certs (by signature, with chain.Order) and returns
// what to upload to CUCM, root first, ready for Plan:
//
//   - with a device certificate (ChooseLeaf picks it, by names when there
//     are several), its chain, ending at it, and in left the certificates
//     outside that chain, which the plan leaves out;
//   - with CA certificates only (a CA's bundle for a trust store), every
//     certificate once, each chain root first (chain.Split's order), so that a
//     root shared by two chains is uploaded once.
//
// When names pick none of several device certificates it returns
// ChooseLeaf's *chain.SeveralLeavesError; with no certificates at all an error
// matching ErrInvalidOption.
func uploadChainOf(certs []*x509.Certificate, names ...string) (upload, left []*x509.Certificate, err error) {
	chains, err := chain.Order(certs, chain.Options{})
	if err != nil {
		return nil, nil, fmt.Errorf("cucm: %w", err)
	}
	upload, left, _, err = uploadChain(certs, chains, names)
	return upload, left, err
}

// uploadChain is UploadChain over the chains chain.Order built from certs
// (none when there are no certificates, which it refuses); device says a
// device certificate was picked and ends upload.
func uploadChain(certs []*x509.Certificate, chains []chain.Chain, names []string) (upload, left []*x509.Certificate, device bool, err error) {
	if len(certs) == 0 {
		return nil, nil, false, errkind.New(errInvalidOption, "cucm: no certificates to upload")
	}
	leaf, err := chain.PickLeaf(chains, names...)
	switch {
	case errors.Is(err, chain.ErrNoLeaf):
		split, err := chain.Split(certs, chains, chain.Options{})
		if err != nil {
			return nil, nil, false, err
		}
		for _, f := range split.Files {
			upload = append(upload, f.Certificate)
		}
		return upload, nil, false, nil
	case err != nil:
		return nil, nil, false, err
	}
	for _, ch := range chains {
		if n := len(ch.Certificates); ch.Certificates[n-1] == leaf {
			return ch.Certificates, chain.Outside(certs, []chain.Chain{ch}), true, nil
		}
	}
	return nil, nil, false, fmt.Errorf("cucm: the device certificate %s ends no chain", x509text.Describe(leaf)) // not reached: leaves end chains
}
