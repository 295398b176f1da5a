package chain

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"time"

	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
)

// The codes of the warnings of Order's own (Chain.Warnings), listed in
// the package doc.
const (
	codeNotCA       finding.Code = "not-ca"       // issues a certificate without the CA flag
	codeNoCertSign  finding.Code = "no-cert-sign" // issues a certificate; key usage lacks certSign
	codePathLength  finding.Code = "path-length"  // more CAs below it than its pathLen allows
	codeNotAnchored finding.Code = "not-anchored" // with Options.Roots, ends at a self-signed root that is none of them
)

const day = "2006-01-02"

// warnings finds what is wrong with a chain: the checks of every job
// (internal/verdict: validity at checks' time, weak links, small keys),
// issuers that are not CAs, pathLen violations, and CAs that expire
// before the leaf.
// selfSigned says, for each certificate of the chain, whether its own key
// verifies it.
func (g *graph) warnings(ch *Chain, selfSigned []bool, checks verdict.Options) []finding.Finding {
	var ws []finding.Finding
	add := func(code finding.Code, c *x509.Certificate, format string, args ...any) {
		ws = append(ws, finding.Finding{Code: code, Severity: finding.Warning, Certificate: c, Message: fmt.Sprintf(format, args...)})
	}
	certs := ch.Certificates
	last := len(certs) - 1
	for k, c := range certs {
		name := x509text.Describe(c)
		ws = append(ws, verdict.Validity(c, checks)...)
		// A signature someone relies on (or will, once the issuer is
		// found), never a self-signed certificate's own.
		ws = append(ws, verdict.Signature(c, selfSigned[k])...)
		ws = append(ws, verdict.Key(c)...)
		if k == last {
			continue
		}
		if !caFlag(c) {
			add(codeNotCA, c, "%s issued %s but is not marked as a CA", name, x509text.Describe(certs[k+1]))
		}
		if !certSign(c) {
			add(codeNoCertSign, c, "%s issued %s but its key usage lacks certSign", name, x509text.Describe(certs[k+1]))
		}
		if c.BasicConstraintsValid && (c.MaxPathLen > 0 || c.MaxPathLenZero) {
			below := 0
			for _, d := range certs[k+1 : last] {
				if !bytes.Equal(d.RawSubject, d.RawIssuer) {
					below++
				}
			}
			if below > c.MaxPathLen {
				add(codePathLength, c, "%s allows %d CAs below it (pathLen) but the chain has %d", name, c.MaxPathLen, below)
			}
		}
		if ch.Roles[last] == RoleLeaf && c.NotAfter.Before(certs[last].NotAfter) {
			add(finding.CodeExpiresBeforeLeaf, c, "%s expires on %s, before the leaf %s (%s)", name,
				c.NotAfter.UTC().Format(day), x509text.Describe(certs[last]), certs[last].NotAfter.UTC().Format(day))
		}
	}
	return ws
}

// verify runs crypto/x509 Verify on a complete chain at time at, with the
// trust anchors (or the chain's own root) as roots and only the chain's
// certificates as intermediates, accepting any extended key usage unless
// opts names some.
func verify(ch *Chain, opts Options, at time.Time) (bool, error) {
	if !ch.Complete {
		return false, ch.Missing
	}
	roots := x509.NewCertPool()
	if len(opts.Roots) > 0 {
		for _, c := range opts.Roots {
			roots.AddCert(c)
		}
	} else {
		roots.AddCert(ch.Certificates[0])
	}
	inter := x509.NewCertPool()
	last := len(ch.Certificates) - 1
	for _, c := range ch.Certificates[:last] {
		inter.AddCert(c)
	}
	kus := opts.KeyUsages
	if len(kus) == 0 {
		kus = []x509.ExtKeyUsage{x509.ExtKeyUsageAny}
	}
	_, err := ch.Certificates[last].Verify(x509.VerifyOptions{
		Roots: roots, Intermediates: inter, CurrentTime: at, KeyUsages: kus,
	})
	if err != nil {
		return false, verifyError(err, at)
	}
	leaf := ch.Certificates[last]
	if weakKey(leaf) {
		return false, fmt.Errorf("chain: %s has a %d-bit RSA key, too small to trust", x509text.Describe(leaf), leaf.PublicKey.(*rsa.PublicKey).N.BitLen())
	}
	if len(opts.KeyUsages) == 0 {
		for _, c := range ch.Certificates[:last] {
			if !ekuUsable([]*x509.Certificate{c}, leaf) {
				return false, fmt.Errorf("chain: %s limits its extended key usages to %v, which exclude some of those of %s", x509text.Describe(c), ekuNames(c), x509text.Describe(leaf))
			}
		}
	}
	return true, nil
}

// ekuNames lists a certificate's extended key usages for messages.
func ekuNames(c *x509.Certificate) []string {
	var out []string
	for _, u := range c.ExtKeyUsage {
		out = append(out, ekuName(u))
	}
	for _, u := range c.UnknownExtKeyUsage {
		out = append(out, u.String())
	}
	return out
}

func ekuName(u x509.ExtKeyUsage) string {
	switch u {
	case x509.ExtKeyUsageAny:
		return "any"
	case x509.ExtKeyUsageServerAuth:
		return "serverAuth"
	case x509.ExtKeyUsageClientAuth:
		return "clientAuth"
	case x509.ExtKeyUsageCodeSigning:
		return "codeSigning"
	case x509.ExtKeyUsageEmailProtection:
		return "emailProtection"
	case x509.ExtKeyUsageTimeStamping:
		return "timeStamping"
	case x509.ExtKeyUsageOCSPSigning:
		return "OCSPSigning"
	}
	return fmt.Sprintf("usage %d", int(u))
}
