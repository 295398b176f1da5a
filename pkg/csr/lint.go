package csr

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Policy says what a request is for. The zero Policy is safe: it runs the
// generic checks only.
type Policy struct {
	// Hostname and FQDN, when set, must each equal the CN or a SAN exactly
	// (letter case included). A name that differs only in letter case is
	// reported as name-case-mismatch, any other as name-mismatch.
	Hostname string
	FQDN     string
	// Service is the CUCM certificate purpose the request is for, one of
	// Services() in any letter case. It enables the CUCM checks: no
	// wildcard, an RSA key (ECDSA for the -ECDSA purposes) of at most 4096
	// bits, and for CallManager at most 2048 bits and the serverAuth and
	// clientAuth EKUs. A name that is not a purpose is an error finding
	// (unknown-service), since the checks asked for cannot run.
	Service string
}

// Severity says how bad a Finding is. Error means a CA or a device will
// reject the certificate; Warning means it may; Info is for the record.
type Severity int

const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// MarshalText writes the severity as "error", "warning" or "info".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Finding is one result of Lint. Code is stable and meant for programs
// (see Lint for the list); Message is for people and says what to do.
type Finding struct {
	Severity Severity
	Code     string
	Message  string
}

// cucmServices are the CUCM identity certificate purposes, as FIELD.md
// lists them (OS Administration > Security > Certificate Management).
var cucmServices = []string{"CallManager", "CallManager-ECDSA", "tomcat", "tomcat-ECDSA", "CAPF", "ipsec", "TVS", "ITLRecovery"}

// Services returns the CUCM certificate purposes Policy.Service accepts,
// in CUCM's spelling: CallManager, CallManager-ECDSA, tomcat,
// tomcat-ECDSA, CAPF, ipsec, TVS and ITLRecovery. A command can check a
// user's --service against it before linting.
func Services() []string { return slices.Clone(cucmServices) }

var oidUnstructuredName = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 2}

// Lint checks req against what CAs, CUCM and IOS accept, and returns its
// findings, errors first. It checks the signature itself (CheckSignature),
// so a request need not come from Parse. The codes are:
//
//	error   no-request          req is nil
//	error   unknown-service     Policy.Service is not one of Services()
//	error   bad-signature       the signature does not verify against the request's key
//	error   weak-signature      signed with SHA-1 or MD5 (IOS without "hash sha256")
//	error   key-too-small       RSA under 2048 bits, ECDSA under 256
//	error   unsupported-key     a DSA key, or a key type certkit cannot read
//	error   empty-subject       no subject at all
//	error   no-name             neither a CN nor any subjectAltName: the request names nothing
//	error   name-mismatch       Policy.Hostname/FQDN is neither the CN nor a SAN
//	error   name-case-mismatch  ... except for letter case
//	error   wildcard            a wildcard name, with a CUCM Service
//	error   bad-extension       a key usage extension that does not decode
//	error   key-type            with a Service: an Ed25519 key, which CUCM does not take
//	warning key-too-large       RSA over 4096 bits, or over 2048 for CallManager
//	warning key-type            an RSA key for an -ECDSA service or the reverse;
//	                            without a Service, an Ed25519 key
//	warning ms-suffix           a CN with CUCM's multi-server "-ms" suffix
//	warning no-san              no subjectAltName, but a CN
//	warning missing-eku         CallManager without serverAuth or clientAuth
//	warning unchecked-signature the signature could not be checked at all
//	info    wildcard            a wildcard name, without a Service
//	info    unstructured-name   the unstructuredName IOS adds to the subject
//	info    requested-usage     the key usages and EKUs the request asks for
func Lint(req *x509.CertificateRequest, p Policy) []Finding {
	var fs []Finding
	add := func(s Severity, code, format string, args ...any) {
		fs = append(fs, Finding{Severity: s, Code: code, Message: fmt.Sprintf(format, args...)})
	}
	if req == nil {
		add(Error, "no-request", "there is no request to check (nil)")
		return fs
	}
	service, serviceKnown := canonicalService(p.Service)
	if p.Service != "" && !serviceKnown {
		add(Error, "unknown-service", "%q is not a CUCM certificate purpose, so the CUCM checks could not run: give one of %s", p.Service, strings.Join(cucmServices, ", "))
	}
	callManager := strings.HasPrefix(service, "CallManager")

	// The signature.
	if err := CheckSignature(req); errors.Is(err, ErrBadSignature) {
		add(Error, "bad-signature", "the request's signature does not verify against its own key, so it was altered or damaged on the way: copy it off the device again, or make a new request")
	} else if err != nil {
		add(Warning, "unchecked-signature", "the request's signature could not be checked (%v)", err)
	}
	switch req.SignatureAlgorithm {
	case x509.SHA1WithRSA, x509.ECDSAWithSHA1, x509.DSAWithSHA1, x509.MD5WithRSA, x509.MD2WithRSA:
		add(Error, "weak-signature", "the request is signed with %v, which CAs reject: put \"hash sha256\" under the trustpoint (crypto pki trustpoint NAME, then hash sha256) and enroll again", req.SignatureAlgorithm)
	}

	// The key. One KeyBits cannot size (nil, or without its modulus or
	// curve) is treated as missing.
	key := req.PublicKey
	if KeyBits(key) == 0 {
		key = nil
	}
	switch pub := key.(type) {
	case *rsa.PublicKey:
		bits := pub.N.BitLen()
		switch {
		case bits < 2048:
			add(Error, "key-too-small", "the RSA key is %d bits; CAs and CUCM require at least 2048: make a 2048-bit key (IOS: crypto key generate rsa general-keys label NAME modulus 2048) and a new request", bits)
		case bits > 4096:
			add(Warning, "key-too-large", "the RSA key is %d bits; CUCM accepts at most 4096, and phones misbehave above 2048 on CallManager: make a 2048-bit key", bits)
		case bits > 2048 && callManager:
			add(Warning, "key-too-large", "the RSA key is %d bits; phones misbehave with a CallManager key larger than 2048 bits: make a 2048-bit key", bits)
		}
		if strings.HasSuffix(service, "-ECDSA") {
			add(Warning, "key-type", "%s needs an ECDSA key, and this request has an RSA key: generate the CSR under %s", service, strings.TrimSuffix(service, "-ECDSA"))
		}
	case *ecdsa.PublicKey:
		if bits := pub.Curve.Params().BitSize; bits < 256 {
			add(Error, "key-too-small", "the ECDSA key is on a %d-bit curve; CAs require at least P-256: make a P-256 key and a new request", bits)
		}
		if serviceKnown && !strings.HasSuffix(service, "-ECDSA") && (service == "CallManager" || service == "tomcat") {
			add(Warning, "key-type", "%s needs an RSA key, and this request has an ECDSA key: generate the CSR under %s-ECDSA", service, service)
		}
	case ed25519.PublicKey:
		if serviceKnown {
			want := "an RSA key"
			if strings.HasSuffix(service, "-ECDSA") {
				want = "an ECDSA key"
			}
			add(Error, "key-type", "%s needs %s, and this request has an Ed25519 key, which CUCM does not take: generate the CSR on CUCM (OS Administration > Security > Certificate Management), or make one with an RSA 2048 or ECDSA P-256 key", service, want)
			break
		}
		add(Warning, "key-type", "the request has an Ed25519 key, which public CAs, Windows AD CS, CUCM and IOS do not accept: unless the CA is known to take Ed25519, make a new request with an RSA 2048 or ECDSA P-256 key")
	default:
		switch {
		case req.PublicKeyAlgorithm == x509.DSA:
			add(Error, "unsupported-key", "the request has a DSA key, which CAs and CUCM no longer accept: make a new request with an RSA 2048 or ECDSA P-256 key")
		case req.PublicKey == nil && req.PublicKeyAlgorithm == x509.UnknownPublicKeyAlgorithm && len(req.RawSubjectPublicKeyInfo) == 0:
			add(Error, "unsupported-key", "the request has no public key: make a new request with an RSA 2048 or ECDSA P-256 key")
		case req.PublicKeyAlgorithm == x509.UnknownPublicKeyAlgorithm:
			add(Error, "unsupported-key", "the request has a public key of an unknown type, which certkit cannot read, and most CAs will not either: make a new request with an RSA 2048 or ECDSA P-256 key")
		default:
			add(Error, "unsupported-key", "the request's %v public key is missing or unreadable: make a new request with an RSA 2048 or ECDSA P-256 key", req.PublicKeyAlgorithm)
		}
	}

	// The names.
	cn := req.Subject.CommonName
	if len(req.Subject.Names) == 0 && len(req.RawSubject) <= 2 {
		add(Error, "empty-subject", "the subject is empty, and CAs refuse a request without one: set subject-name under the trustpoint (IOS) and make a new request")
	}
	names := requestNames(req)
	for _, want := range []string{p.Hostname, p.FQDN} {
		if want == "" || slices.Contains(names, want) {
			continue
		}
		if i := slices.IndexFunc(names, func(n string) bool { return strings.EqualFold(n, want) }); i >= 0 {
			where := "a SAN"
			if names[i] == cn {
				where = "the CN"
			}
			add(Error, "name-case-mismatch", "the expected name %q differs only in letter case from %s %q; certificates compare names exactly: fix the name's case (IOS: subject-name and subject-alt-name under the trustpoint) and make a new request", want, where, names[i])
			continue
		}
		add(Error, "name-mismatch", "neither the CN nor any SAN is %q (the request names %s): fix subject-name and subject-alt-name under the trustpoint and make a new request", want, describe(names))
	}
	if plain, ok := msPlain(cn); ok {
		add(Warning, "ms-suffix", "the CN %q carries CUCM's multi-server \"-ms\" suffix, and most CAs want the plain FQDN as the CN: ask the CA whether it accepts it, or to issue with CN %q", cn, plain)
	}
	hasSAN := len(req.DNSNames) > 0 || len(req.IPAddresses) > 0 || len(req.EmailAddresses) > 0 || len(req.URIs) > 0
	switch {
	case !hasSAN && cn == "":
		add(Error, "no-name", "the request names nothing: it has no CN in the subject and no subjectAltName, so a certificate issued from it could not identify any host: set subject-name cn=FQDN and subject-alt-name FQDN under the trustpoint (IOS) and make a new request")
	case !hasSAN:
		add(Warning, "no-san", "the request has no subjectAltName, and CAs and TLS clients go by the SAN rather than the CN: add the names (IOS: subject-alt-name under the trustpoint)")
	}
	for _, n := range names {
		if !strings.Contains(n, "*") {
			continue
		}
		if serviceKnown {
			add(Error, "wildcard", "the request names %q, and CUCM refuses wildcard certificates: request one certificate per node, or a multi-server (SAN) certificate", n)
		} else {
			add(Info, "wildcard", "the request names %q; CUCM refuses wildcard certificates", n)
		}
		break
	}
	for _, atv := range req.Subject.Names {
		if atv.Type.Equal(oidUnstructuredName) {
			add(Info, "unstructured-name", "IOS added unstructuredName=%v to the subject; CAs may drop it, and \"fqdn none\" under the trustpoint leaves it out", atv.Value)
			break
		}
	}

	// The usages.
	u, err := RequestedUsage(req)
	if err != nil {
		add(Error, "bad-extension", "%v: make a new request", err)
	}
	ku, eku := u.KeyUsageNames(), u.ExtKeyUsageNames()
	switch {
	case len(ku) == 0 && len(eku) == 0:
		add(Info, "requested-usage", "the request asks for no key usage or extended key usage, so the CA's template decides")
	default:
		add(Info, "requested-usage", "the request asks for key usage %s and extended key usage %s", listOrNone(ku), listOrNone(eku))
	}
	if callManager {
		var missing []string
		for _, k := range []struct {
			eku  x509.ExtKeyUsage
			name string
		}{{x509.ExtKeyUsageServerAuth, "serverAuth"}, {x509.ExtKeyUsageClientAuth, "clientAuth"}} {
			if !u.hasExtKeyUsage(k.eku) && !u.hasExtKeyUsage(x509.ExtKeyUsageAny) {
				missing = append(missing, k.name)
			}
		}
		if len(missing) > 0 {
			add(Warning, "missing-eku", "the request does not ask for %s; a CallManager certificate needs serverAuth and clientAuth because SIP TLS uses both: make sure the CA's template adds them", strings.Join(missing, " or "))
		}
	}

	slices.SortStableFunc(fs, func(a, b Finding) int { return int(b.Severity) - int(a.Severity) })
	return fs
}

// canonicalService returns the CUCM purpose s names, in CUCM's spelling.
func canonicalService(s string) (string, bool) {
	for _, c := range cucmServices {
		if strings.EqualFold(s, c) {
			return c, true
		}
	}
	return s, false
}

// requestNames is the CN followed by every DNS and IP SAN, without repeats.
func requestNames(req *x509.CertificateRequest) []string {
	var names []string
	if req.Subject.CommonName != "" {
		names = append(names, req.Subject.CommonName)
	}
	for _, n := range req.DNSNames {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, ip := range req.IPAddresses {
		names = append(names, ip.String())
	}
	return names
}

// msPlain reports whether cn carries CUCM's multi-server suffix, as
// "host-ms.domain" (14SU1 and later) or "fqdn-ms" (older releases), and
// returns the plain FQDN.
func msPlain(cn string) (string, bool) {
	if strings.HasSuffix(cn, "-ms") && len(cn) > 3 {
		return strings.TrimSuffix(cn, "-ms"), true
	}
	host, domain, ok := strings.Cut(cn, ".")
	if ok && strings.HasSuffix(host, "-ms") && len(host) > 3 {
		return strings.TrimSuffix(host, "-ms") + "." + domain, true
	}
	return "", false
}

func describe(names []string) string {
	if len(names) == 0 {
		return "no name at all"
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "(none)"
	}
	return strings.Join(s, ", ")
}

// KeyBits returns the size of a public key in bits: the modulus for RSA,
// the curve for ECDSA, 256 for Ed25519, and 0 for anything else, including
// a nil key of any type and one without its modulus or curve.
func KeyBits(pub any) int {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if k != nil && k.N != nil {
			return k.N.BitLen()
		}
	case *ecdsa.PublicKey:
		if k != nil && k.Curve != nil && k.Curve.Params() != nil {
			return k.Curve.Params().BitSize
		}
	case ed25519.PublicKey:
		if len(k) == ed25519.PublicKeySize {
			return 256
		}
	}
	return 0
}
