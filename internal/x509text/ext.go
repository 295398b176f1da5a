package x509text

import "encoding/asn1"

// extensionNames are the names openssl gives the extensions certkit meets
// in certificates and requests, by OID.
var extensionNames = map[string]string{
	"2.5.29.14":               "subjectKeyIdentifier",
	"2.5.29.15":               "keyUsage",
	"2.5.29.17":               "subjectAltName",
	"2.5.29.19":               "basicConstraints",
	"2.5.29.30":               "nameConstraints",
	"2.5.29.31":               "cRLDistributionPoints",
	"2.5.29.32":               "certificatePolicies",
	"2.5.29.35":               "authorityKeyIdentifier",
	"2.5.29.37":               "extKeyUsage",
	"1.3.6.1.5.5.7.1.1":       "authorityInfoAccess",
	"1.3.6.1.4.1.311.20.2":    "msCertificateTemplateName",
	"1.3.6.1.4.1.311.21.7":    "msCertificateTemplate",
	"1.2.840.113549.1.9.15":   "smimeCapabilities",
	"2.16.840.1.113730.1.1":   "nsCertType",
	"2.16.840.1.113730.1.13":  "nsComment",
	"1.3.6.1.4.1.11129.2.4.2": "ctPrecertificateSCTs",
}

// ExtensionName returns the name openssl gives an extension
// ("subjectAltName", "msCertificateTemplate"), and whether it has one.
func ExtensionName(oid asn1.ObjectIdentifier) (string, bool) {
	n, ok := extensionNames[oid.String()]
	return n, ok
}
