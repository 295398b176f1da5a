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

	"github.com/voicepki/certkit/internal/cucmrule"
	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
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

// The codes of the findings Lint reports (the package doc lists them,
// with what each means), besides those several packages share, which
// package finding defines: finding.CodeWeakSignature,
// finding.CodeNameMismatch, finding.CodeNameCaseMismatch, and CUCM's
// limits finding.CodeKeyTooLarge, finding.CodeKeyOver2048,
// finding.CodeKeyType, finding.CodeWildcard and finding.CodeMissingEKU.
const (
	// codeNoRequest: there is no request to check (nil).
	codeNoRequest finding.Code = "no-request"
	// codeUnknownService: Policy.Service is not a CUCM certificate purpose.
	codeUnknownService finding.Code = "unknown-service"
	// codeBadSignature: the request's signature does not verify against
	// its own key.
	codeBadSignature finding.Code = "bad-signature"
	// codeUncheckedSignature: the request's signature could not be checked
	// at all.
	codeUncheckedSignature finding.Code = "unchecked-signature"
	// codeUnsupportedKey: a DSA key, no key, or a key type certkit cannot
	// read.
	codeUnsupportedKey finding.Code = "unsupported-key"
	// codeEmptySubject: the request has no subject at all.
	codeEmptySubject finding.Code = "empty-subject"
	// codeNoName: neither a CN nor any subjectAltName.
	codeNoName finding.Code = "no-name"
	// codeNoSAN: a CN but no subjectAltName.
	codeNoSAN finding.Code = "no-san"
	// codeMSSuffix: a CN with CUCM's multi-server "-ms" suffix.
	codeMSSuffix finding.Code = "ms-suffix"
	// codeBadExtension: a key usage extension that does not decode.
	codeBadExtension finding.Code = "bad-extension"
	// codeUnstructuredName: the unstructuredName IOS adds to the subject.
	codeUnstructuredName finding.Code = "unstructured-name"
	// codeRequestedUsage: the key usages and EKUs the request asks for.
	codeRequestedUsage finding.Code = "requested-usage"
)

// Services returns the CUCM certificate purposes Policy.Service accepts,
// in CUCM's spelling: CallManager, CallManager-ECDSA, tomcat,
// tomcat-ECDSA, CAPF, ipsec, TVS and ITLRecovery. A command can check a
// user's --service against it before linting (letter case aside).
func Services() []string {
	var names []string
	for _, s := range cucmrule.Services() {
		names = append(names, s.Name)
	}
	return names
}

var oidUnstructuredName = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 2}

// Lint checks req against what CAs, CUCM and IOS accept, and returns its
// findings, errors first, each about req (Finding.Request). It checks the
// signature itself (CheckSignature), so a request need not come from
// Parse. The package doc lists the codes it reports.
func Lint(req *x509.CertificateRequest, p Policy) []finding.Finding {
	var fs []finding.Finding
	add := func(s finding.Severity, code finding.Code, format string, args ...any) {
		fs = append(fs, finding.Finding{Severity: s, Code: code, Message: fmt.Sprintf(format, args...), Request: req})
	}
	if req == nil {
		add(finding.Error, codeNoRequest, "there is no request to check (nil)")
		return fs
	}
	rule, serviceKnown := cucmrule.Lookup(p.Service)
	service := rule.Name
	if p.Service != "" && !serviceKnown {
		add(finding.Error, codeUnknownService, "%q is not a CUCM certificate purpose, so the CUCM checks could not run: give one of %s", p.Service, strings.Join(Services(), ", "))
	}

	// The signature.
	if err := CheckSignature(req); errors.Is(err, ErrBadSignature) {
		add(finding.Error, codeBadSignature, "the request's signature does not verify against its own key, so it was altered or damaged on the way: copy it off the device again, or make a new request")
	} else if err != nil {
		add(finding.Warning, codeUncheckedSignature, "the request's signature could not be checked (%v)", err)
	}
	if sigcheck.Weak(req.SignatureAlgorithm) {
		add(finding.Error, finding.CodeWeakSignature, "the request is signed with %v, which CAs reject: put \"hash sha256\" under the trustpoint (crypto pki trustpoint NAME, then hash sha256) and enroll again", req.SignatureAlgorithm)
	}

	// The key. One KeyBits cannot size (nil, or without its modulus or
	// curve) is treated as missing.
	key := req.PublicKey
	if x509text.KeyBits(key) == 0 {
		key = nil
	}
	wrongType := func() {
		if rule.Sibling != "" {
			add(finding.Warning, finding.CodeKeyType, "%s needs %s, and this request has %s: generate the CSR under %s", service, rule.WantKey(), keyArticle(key), rule.Sibling)
		} else {
			add(finding.Warning, finding.CodeKeyType, "%s needs %s, and this request has %s: make a new request with %s", service, rule.WantKey(), keyArticle(key), rule.WantKey())
		}
	}
	switch pub := key.(type) {
	case *rsa.PublicKey:
		bits := x509text.KeyBits(pub)
		switch {
		case bits < cucmrule.MinRSABits:
			add(finding.Error, finding.CodeKeyTooSmall, "the RSA key is %d bits; CAs and CUCM require at least %d: make a 2048-bit key (IOS: crypto key generate rsa general-keys label NAME modulus 2048) and a new request", bits, cucmrule.MinRSABits)
		case bits > cucmrule.MaxRSABits:
			add(finding.Warning, finding.CodeKeyTooLarge, "the RSA key is %d bits; CUCM accepts at most %d, and phones misbehave above 2048 on CallManager: make a 2048-bit key", bits, cucmrule.MaxRSABits)
		case serviceKnown && bits > rule.MaxRSABits:
			add(finding.Warning, finding.CodeKeyOver2048, "the RSA key is %d bits; phones misbehave with a CallManager key larger than %d bits: make a 2048-bit key", bits, rule.MaxRSABits)
		}
		if serviceKnown && !rule.KeyFits(pub) {
			wrongType()
		}
	case *ecdsa.PublicKey:
		if bits := x509text.KeyBits(pub); bits < cucmrule.MinECDSABits {
			add(finding.Error, finding.CodeKeyTooSmall, "the ECDSA key is on a %d-bit curve; CAs require at least P-256: make a P-256 key and a new request", bits)
		}
		if serviceKnown && !rule.KeyFits(pub) {
			wrongType()
		}
	case ed25519.PublicKey:
		if serviceKnown {
			add(finding.Error, finding.CodeKeyType, "%s needs %s, and this request has an Ed25519 key, which CUCM does not take: generate the CSR on CUCM (OS Administration > Security > Certificate Management), or make one with an RSA 2048 or ECDSA P-256 key", service, rule.WantKey())
			break
		}
		add(finding.Warning, finding.CodeKeyType, "the request has an Ed25519 key, which public CAs, Windows AD CS, CUCM and IOS do not accept: unless the CA is known to take Ed25519, make a new request with an RSA 2048 or ECDSA P-256 key")
	default:
		switch {
		case req.PublicKeyAlgorithm == x509.DSA:
			add(finding.Error, codeUnsupportedKey, "the request has a DSA key, which CAs and CUCM no longer accept: make a new request with an RSA 2048 or ECDSA P-256 key")
		case req.PublicKey == nil && req.PublicKeyAlgorithm == x509.UnknownPublicKeyAlgorithm && len(req.RawSubjectPublicKeyInfo) == 0:
			add(finding.Error, codeUnsupportedKey, "the request has no public key: make a new request with an RSA 2048 or ECDSA P-256 key")
		case req.PublicKeyAlgorithm == x509.UnknownPublicKeyAlgorithm:
			add(finding.Error, codeUnsupportedKey, "the request has a public key of an unknown type, which certkit cannot read, and most CAs will not either: make a new request with an RSA 2048 or ECDSA P-256 key")
		default:
			add(finding.Error, codeUnsupportedKey, "the request's %v public key is missing or unreadable: make a new request with an RSA 2048 or ECDSA P-256 key", req.PublicKeyAlgorithm)
		}
	}

	// The names.
	cn := req.Subject.CommonName
	if len(req.Subject.Names) == 0 && len(req.RawSubject) <= 2 {
		add(finding.Error, codeEmptySubject, "the subject is empty, and CAs refuse a request without one: set subject-name under the trustpoint (IOS) and make a new request")
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
			add(finding.Error, finding.CodeNameCaseMismatch, "the expected name %q differs only in letter case from %s %q; certificates compare names exactly: fix the name's case (IOS: subject-name and subject-alt-name under the trustpoint) and make a new request", want, where, names[i])
			continue
		}
		add(finding.Error, finding.CodeNameMismatch, "neither the CN nor any SAN is %q (the request names %s): fix subject-name and subject-alt-name under the trustpoint and make a new request", want, describe(names))
	}
	if plain, ok := msPlain(cn); ok {
		add(finding.Warning, codeMSSuffix, "the CN %q carries CUCM's multi-server \"-ms\" suffix, and most CAs want the plain FQDN as the CN: ask the CA whether it accepts it, or to issue with CN %q", cn, plain)
	}
	hasSAN := len(req.DNSNames) > 0 || len(req.IPAddresses) > 0 || len(req.EmailAddresses) > 0 || len(req.URIs) > 0
	switch {
	case !hasSAN && cn == "":
		add(finding.Error, codeNoName, "the request names nothing: it has no CN in the subject and no subjectAltName, so a certificate issued from it could not identify any host: set subject-name cn=FQDN and subject-alt-name FQDN under the trustpoint (IOS) and make a new request")
	case !hasSAN:
		add(finding.Warning, codeNoSAN, "the request has no subjectAltName, and CAs and TLS clients go by the SAN rather than the CN: add the names (IOS: subject-alt-name under the trustpoint)")
	}
	if n, ok := cucmrule.Wildcard(names); ok {
		if serviceKnown {
			add(finding.Error, finding.CodeWildcard, "the request names %q, and CUCM refuses wildcard certificates: request one certificate per node, or a multi-server (SAN) certificate", n)
		} else {
			add(finding.Info, finding.CodeWildcard, "the request names %q; CUCM refuses wildcard certificates", n)
		}
	}
	for _, atv := range req.Subject.Names {
		if atv.Type.Equal(oidUnstructuredName) {
			add(finding.Info, codeUnstructuredName, "IOS added unstructuredName=%v to the subject; CAs may drop it, and \"fqdn none\" under the trustpoint leaves it out", atv.Value)
			break
		}
	}

	// The usages.
	u, err := RequestedUsage(req)
	if err != nil {
		add(finding.Error, codeBadExtension, "%v: make a new request", err)
	}
	ku, eku := u.KeyUsageNames(), u.ExtKeyUsageNames()
	switch {
	case len(ku) == 0 && len(eku) == 0:
		add(finding.Info, codeRequestedUsage, "the request asks for no key usage or extended key usage, so the CA's template decides")
	default:
		add(finding.Info, codeRequestedUsage, "the request asks for key usage %s and extended key usage %s", listOrNone(ku), listOrNone(eku))
	}
	if rule.SIPTLS {
		if missing := cucmrule.MissingEKU(u.hasExtKeyUsage); len(missing) > 0 {
			add(finding.Warning, finding.CodeMissingEKU, "the request does not ask for %s; a CallManager certificate needs serverAuth and clientAuth because SIP TLS uses both: make sure the CA's template adds them", strings.Join(missing, " or "))
		}
	}

	slices.SortStableFunc(fs, func(a, b finding.Finding) int { return int(b.Severity) - int(a.Severity) })
	return fs
}

// keyArticle names a request's key type with its article: "an RSA key".
func keyArticle(pub any) string {
	switch pub.(type) {
	case *rsa.PublicKey:
		return "an RSA key"
	case *ecdsa.PublicKey:
		return "an ECDSA key"
	}
	return "a key of another type"
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
