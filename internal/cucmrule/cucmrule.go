// Package cucmrule is certkit's one table of CUCM certificate purposes
// (services), their trust stores, and the key and name limits CUCM puts
// on their certificates. pkg/csr lints requests against it and pkg/cisco
// plans uploads with it; users see it as csr.Services and cisco.Services.
package cucmrule

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"slices"
	"strings"
)

// Service is one CUCM certificate purpose, as listed on OS Administration
// > Security > Certificate Management.
type Service struct {
	// Name is the purpose as CUCM spells it.
	Name string
	// TrustStore is where its CA certificates go. CUCM has no -ECDSA trust
	// stores: an ECDSA purpose shares its RSA purpose's store.
	TrustStore string
	// ECDSA is set for the purposes that take an ECDSA key; the others
	// take an RSA key.
	ECDSA bool
	// Sibling is the purpose of the other key type, if CUCM has one
	// (tomcat for tomcat-ECDSA and the reverse).
	Sibling string
	// Planned is set when certkit plans uploads for the purpose. It is not
	// for ITLRecovery: its trust store, and whether CUCM accepts a
	// CA-signed ITLRecovery certificate, are not confirmed.
	Planned bool
	// SIPTLS is set when the purpose's certificate serves SIP TLS, which
	// needs both serverAuth and clientAuth (CallManager).
	SIPTLS bool
	// MaxRSABits is the largest RSA key the purpose's own certificate
	// should have: 2048 for CallManager, whose larger keys phones handle
	// badly, else MaxRSABits.
	MaxRSABits int
}

// Key limits CUCM and the CAs it works with put on every certificate.
const (
	MaxRSABits   = 4096 // CUCM takes no larger RSA key
	MinRSABits   = 2048 // CAs and CUCM require at least this
	MinECDSABits = 256  // P-256 and up
)

// CallManagerMaxRSABits is the RSA limit for the CallManager purposes.
const CallManagerMaxRSABits = 2048

var services = []Service{
	{Name: "CallManager", TrustStore: "CallManager-trust", Sibling: "CallManager-ECDSA", Planned: true, SIPTLS: true, MaxRSABits: CallManagerMaxRSABits},
	{Name: "CallManager-ECDSA", TrustStore: "CallManager-trust", ECDSA: true, Sibling: "CallManager", Planned: true, SIPTLS: true, MaxRSABits: CallManagerMaxRSABits},
	{Name: "tomcat", TrustStore: "tomcat-trust", Sibling: "tomcat-ECDSA", Planned: true, MaxRSABits: MaxRSABits},
	{Name: "tomcat-ECDSA", TrustStore: "tomcat-trust", ECDSA: true, Sibling: "tomcat", Planned: true, MaxRSABits: MaxRSABits},
	{Name: "CAPF", TrustStore: "CAPF-trust", Planned: true, MaxRSABits: MaxRSABits},
	{Name: "ipsec", TrustStore: "IPSec-trust", Planned: true, MaxRSABits: MaxRSABits},
	{Name: "TVS", TrustStore: "TVS-trust", Planned: true, MaxRSABits: MaxRSABits},
	{Name: "ITLRecovery", MaxRSABits: MaxRSABits},
}

// Services returns every CUCM purpose, CallManager first.
func Services() []Service { return slices.Clone(services) }

// Lookup returns the purpose named name, in any letter case.
func Lookup(name string) (Service, bool) {
	for _, s := range services {
		if strings.EqualFold(s.Name, name) {
			return s, true
		}
	}
	return Service{}, false
}

// KeyFits reports whether pub is of the type the purpose takes: ECDSA for
// the -ECDSA purposes, RSA for the others.
func (s Service) KeyFits(pub any) bool {
	switch pub.(type) {
	case *ecdsa.PublicKey:
		return s.ECDSA
	case *rsa.PublicKey:
		return !s.ECDSA
	}
	return false
}

// WantKey names the key type the purpose takes: "an RSA key" or "an ECDSA key".
func (s Service) WantKey() string {
	if s.ECDSA {
		return "an ECDSA key"
	}
	return "an RSA key"
}

// Wildcard returns the first of names with a "*" in it.
func Wildcard(names []string) (string, bool) {
	for _, n := range names {
		if strings.Contains(n, "*") {
			return n, true
		}
	}
	return "", false
}

// MissingEKU returns which of serverAuth and clientAuth, which SIP TLS
// needs, has lacks; anyExtendedKeyUsage counts as both.
func MissingEKU(has func(x509.ExtKeyUsage) bool) []string {
	if has(x509.ExtKeyUsageAny) {
		return nil
	}
	var missing []string
	if !has(x509.ExtKeyUsageServerAuth) {
		missing = append(missing, "serverAuth")
	}
	if !has(x509.ExtKeyUsageClientAuth) {
		missing = append(missing, "clientAuth")
	}
	return missing
}

// trustStores are CUCM's trust stores as its Certificate Management page
// spells them: the purposes' stores first, then those no purpose uploads
// its CA certificates to.
var trustStores = []string{
	"CallManager-trust", "tomcat-trust", "CAPF-trust", "IPSec-trust", "TVS-trust",
	"Phone-SAST-trust", "Phone-VPN-trust", "Phone-trust", "Phone-CTL-trust",
}

// TrustStores returns the trust stores certkit knows.
func TrustStores() []string { return slices.Clone(trustStores) }

// SplitTrunkNames splits the X.509 Subject Name field of a SIP Trunk
// Security Profile into names (cucm.CheckTrunkSubject, cucm.PlanOptions,
// scep.EnrollOptions). CUCM separates them with spaces, commas,
// semicolons or colons.
func SplitTrunkNames(field string) []string {
	return strings.FieldsFunc(field, func(r rune) bool {
		return r == ',' || r == ';' || r == ':' || r == ' ' || r == '\t' || r == '\r' || r == '\n'
	})
}
