package csr

import (
	"crypto/x509"
	"encoding/asn1"
	"fmt"

	"github.com/voicepki/certkit/internal/x509text"
)

// Usage is what a request asks its CA for beyond subject, names and key.
// x509.ParseCertificateRequest leaves key usages in req.Extensions; Usage
// reads them.
type Usage struct {
	KeyUsage           x509.KeyUsage
	ExtKeyUsage        []x509.ExtKeyUsage
	UnknownExtKeyUsage []asn1.ObjectIdentifier
	// Extensions names every requested extension in request order
	// ("subjectAltName", "keyUsage", or the dotted OID), with " (critical)"
	// after the critical ones.
	Extensions []string
}

var (
	oidKeyUsage    = asn1.ObjectIdentifier{2, 5, 29, 15}
	oidExtKeyUsage = asn1.ObjectIdentifier{2, 5, 29, 37}
)

var extKeyUsages = []struct {
	oid  asn1.ObjectIdentifier
	eku  x509.ExtKeyUsage
	name string
}{
	{asn1.ObjectIdentifier{2, 5, 29, 37, 0}, x509.ExtKeyUsageAny, "anyExtendedKeyUsage"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 1}, x509.ExtKeyUsageServerAuth, "serverAuth"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 2}, x509.ExtKeyUsageClientAuth, "clientAuth"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 3}, x509.ExtKeyUsageCodeSigning, "codeSigning"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 4}, x509.ExtKeyUsageEmailProtection, "emailProtection"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 5}, x509.ExtKeyUsageIPSECEndSystem, "ipsecEndSystem"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 6}, x509.ExtKeyUsageIPSECTunnel, "ipsecTunnel"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 7}, x509.ExtKeyUsageIPSECUser, "ipsecUser"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 8}, x509.ExtKeyUsageTimeStamping, "timeStamping"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 9}, x509.ExtKeyUsageOCSPSigning, "OCSPSigning"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 10, 3, 3}, x509.ExtKeyUsageMicrosoftServerGatedCrypto, "msSGC"},
	{asn1.ObjectIdentifier{2, 16, 840, 1, 113730, 4, 1}, x509.ExtKeyUsageNetscapeServerGatedCrypto, "nsSGC"},
}

var keyUsageNames = []string{
	"digitalSignature", "contentCommitment", "keyEncipherment", "dataEncipherment",
	"keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly",
}

// RequestedUsage reads the key usage and extended key usage extensions a
// request asks for, and names every extension it requests. A request that
// asks for none, or a nil req, returns the zero Usage.
func RequestedUsage(req *x509.CertificateRequest) (Usage, error) {
	var u Usage
	if req == nil {
		return u, nil
	}
	for _, ext := range req.Extensions {
		name, ok := x509text.ExtensionName(ext.Id)
		if !ok {
			name = ext.Id.String()
		}
		if ext.Critical {
			name += " (critical)"
		}
		u.Extensions = append(u.Extensions, name)
		switch {
		case ext.Id.Equal(oidKeyUsage):
			var bits asn1.BitString
			if rest, err := asn1.Unmarshal(ext.Value, &bits); err != nil || len(rest) > 0 {
				return u, fmt.Errorf("csr: malformed keyUsage extension")
			}
			for i := 0; i < 9; i++ {
				if bits.At(i) != 0 {
					u.KeyUsage |= 1 << uint(i)
				}
			}
		case ext.Id.Equal(oidExtKeyUsage):
			var oids []asn1.ObjectIdentifier
			if rest, err := asn1.Unmarshal(ext.Value, &oids); err != nil || len(rest) > 0 {
				return u, fmt.Errorf("csr: malformed extKeyUsage extension")
			}
		next:
			for _, oid := range oids {
				for _, e := range extKeyUsages {
					if oid.Equal(e.oid) {
						u.ExtKeyUsage = append(u.ExtKeyUsage, e.eku)
						continue next
					}
				}
				u.UnknownExtKeyUsage = append(u.UnknownExtKeyUsage, oid)
			}
		}
	}
	return u, nil
}

// KeyUsageNames names the requested key usages as RFC 5280 does
// ("digitalSignature", "keyEncipherment").
func (u Usage) KeyUsageNames() []string {
	var out []string
	for i, n := range keyUsageNames {
		if u.KeyUsage&(1<<uint(i)) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// ExtKeyUsageNames names the requested extended key usages ("serverAuth",
// "clientAuth"), unknown ones as dotted OIDs.
func (u Usage) ExtKeyUsageNames() []string {
	var out []string
	for _, k := range u.ExtKeyUsage {
		for _, e := range extKeyUsages {
			if e.eku == k {
				out = append(out, e.name)
				break
			}
		}
	}
	for _, oid := range u.UnknownExtKeyUsage {
		out = append(out, oid.String())
	}
	return out
}

// hasExtKeyUsage reports whether u asks for k.
func (u Usage) hasExtKeyUsage(k x509.ExtKeyUsage) bool {
	for _, e := range u.ExtKeyUsage {
		if e == k {
			return true
		}
	}
	return false
}
