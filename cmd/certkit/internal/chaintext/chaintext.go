// Package chaintext is what certkit order and the web page say about the
// chains pkg/chain builds, in the same words: the notes under a chain
// (cross-certified CAs, issuers not taken), the advice for a missing
// issuer, and the line for a set with no chain. The library returns the
// facts (chain.Chain, *chain.IssuerNotFoundError); the words are the
// front ends', and they share them here.
package chaintext

import (
	"fmt"
	"strings"

	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
)

// NoChains is what certkit says when chain.Order finds no chain in a set
// of certificates: each of them issued another.
const NoChains = "no chain found: every certificate issued another (a loop of cross-certificates)"

// alternativesShown is how many Alternatives AlternativeNotes describes.
const alternativesShown = 3

// Notes is what certkit order and the web page say under a chain: that
// its highest CA and c.CrossCertified certify each other (and so the chain
// stopped there), then its AlternativeNotes.
func Notes(c chain.Chain) []string {
	var out []string
	if c.CrossCertified != nil && len(c.Certificates) > 0 {
		// The chain's highest CA, just above, is the other of the two.
		out = append(out, fmt.Sprintf("cross-certified with %s; neither is self-signed here", x509text.Describe(c.CrossCertified)))
	}
	return append(out, AlternativeNotes(c)...)
}

// AlternativeNotes describes the chain's Alternatives for people: the
// first three, each with its expiry and the certificate it also signed,
// then how many more.
func AlternativeNotes(c chain.Chain) []string {
	var out []string
	for k, l := range c.Alternatives {
		if k == alternativesShown {
			out = append(out, fmt.Sprintf("%d more issuers not taken", len(c.Alternatives)-k))
			break
		}
		out = append(out, fmt.Sprintf("%s (until %s) also verifies the signature of %s; not taken", x509text.Describe(l.Parent),
			l.Parent.NotAfter.UTC().Format("2006-01-02"), x509text.Describe(l.Child)))
	}
	return out
}

// Advice says, for people, which issuer is missing and where to get it:
// issuer of "gw1" is missing: CN=Corp CA (key id 0A1B...); get it from
// http://pki.corp/ca.crt. The URLs are written as x509text.PrintableURL
// writes them (e.AIA keeps them exact).
func Advice(e *chain.IssuerNotFoundError) string {
	if e == nil {
		return chain.ErrIssuerNotFound.Error()
	}
	s := fmt.Sprintf("issuer of %s is missing: %s", x509text.Describe(e.Cert), e.Issuer)
	if len(e.AuthorityKeyID) > 0 {
		s += fmt.Sprintf(" (key id %X)", e.AuthorityKeyID)
	}
	if len(e.AIA) > 0 {
		s += "; get it from " + strings.Join(x509text.PrintableURLs(e.AIA), " or ")
	}
	return s
}
