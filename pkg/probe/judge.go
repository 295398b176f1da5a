package probe

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"strings"

	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/cisco/cucm"
	"github.com/voicepki/certkit/pkg/finding"
)

// The codes of the probe's own findings, listed in the package doc; the
// checks of every certificate (expired, weak-signature, key-too-small,
// name-mismatch...) keep their codes from pkg/finding and pkg/chain.
const (
	// codeServedOrder: the server serves its chain out of TLS order (the
	// leaf first, then each certificate's issuer).
	codeServedOrder finding.Code = "served-order"
	// codeServedDuplicate: the server serves the same certificate twice.
	codeServedDuplicate finding.Code = "served-duplicate"
	// codeServedUnrelated: the server serves a certificate that is not in
	// its leaf's chain.
	codeServedUnrelated finding.Code = "served-unrelated"
	// codeMissingIntermediate: the served chain reaches neither a
	// self-signed root nor a --trust root.
	codeMissingIntermediate finding.Code = "missing-intermediate"
	// codeRootServed: the server serves its root too, which is normal.
	codeRootServed finding.Code = "root-served"
	// codeTooManyCertificates: the server serves more certificates than
	// the probe keeps.
	codeTooManyCertificates finding.Code = "too-many-certificates"
	// codeTLSOldVersion: the server negotiates TLS 1.0 or 1.1.
	codeTLSOldVersion finding.Code = "tls-old-version"
	// codeTLSRSAKex: the server negotiates a cipher suite with RSA key
	// exchange (no forward secrecy) or another insecure suite.
	codeTLSRSAKex finding.Code = "tls-rsa-kex"
	// codeClientCertRejected: the server refused the device certificate.
	codeClientCertRejected finding.Code = "client-cert-rejected"
	// codeDeviceCANotListed: the server's acceptable CA names do not
	// include the issuer of the device certificate.
	codeDeviceCANotListed finding.Code = "device-ca-not-listed"
	// codeHandshakeFailed: the server sent its chain, then ended the
	// handshake.
	codeHandshakeFailed finding.Code = "handshake-failed"
)

func add(r *Result, code finding.Code, sev finding.Severity, c *x509.Certificate, format string, args ...any) {
	r.Findings = append(r.Findings, finding.Finding{Code: code, Severity: sev, Certificate: c, Message: fmt.Sprintf(format, args...)})
}

// judge runs the checks on what the handshake captured.
func judge(r *Result, hs *handshake, o Options) {
	max := o.MaxCertificates
	if max <= 0 {
		max = defaultMaxCertificates
	}
	peer := hs.peer
	if len(peer) == 0 { // VerifyConnection not reached: parse what was recorded
		for _, b := range hs.raw {
			if c, err := x509.ParseCertificate(b); err == nil {
				peer = append(peer, c)
			}
		}
	}
	if len(peer) > max {
		add(r, codeTooManyCertificates, finding.Warning, nil, "the server served %d certificates; certkit kept the first %d", len(peer), max)
		peer = peer[:max]
	}
	if len(peer) == 0 {
		return
	}
	for _, c := range peer {
		r.Served = append(r.Served, Served{Certificate: c, Role: chain.Role(certrole.Of(c, false))})
	}
	leaf := peer[0]
	checks := verdict.Options{At: o.At, WarnWithin: o.WarnWithin}.Fixed()

	// The served order: each certificate issued the one before it.
	seen := map[string]int{}
	for i, c := range peer {
		if j, ok := seen[string(c.Raw)]; ok {
			add(r, codeServedDuplicate, finding.Warning, c, "%s is served twice (positions %d and %d)", x509text.Describe(c), j+1, i+1)
			continue
		}
		seen[string(c.Raw)] = i
	}

	// The device rule: a self-signed certificate naming the host is the
	// device's (CUCM's and IOS's self-signed certificates say CA:TRUE).
	var devices []string
	if r.ServerName != "" {
		devices = []string{r.ServerName}
	}
	chains, err := chain.Order(dedupe(peer), chain.Options{Roots: o.Trust, At: checks.At, WarnWithin: checks.WarnWithin, Fetch: o.Fetch, Revocation: o.Revocation, Devices: devices})
	if err != nil {
		add(r, codeMissingIntermediate, finding.Error, leaf, "%v", err)
		return
	}
	r.Chains = chains
	var lc *chain.Chain
	for i := range chains {
		ch := &chains[i]
		if len(ch.Certificates) > 0 && bytes.Equal(ch.Certificates[len(ch.Certificates)-1].Raw, leaf.Raw) {
			lc = ch
		}
	}
	inChain := map[string]int{} // position from the leaf
	if lc != nil {
		role := map[string]chain.Role{}
		for k := len(lc.Certificates) - 1; k >= 0; k-- {
			inChain[string(lc.Certificates[k].Raw)] = len(lc.Certificates) - 1 - k
			role[string(lc.Certificates[k].Raw)] = lc.Roles[k]
		}
		for i := range r.Served {
			if ro, ok := role[string(r.Served[i].Certificate.Raw)]; ok {
				r.Served[i].Role = ro
			}
		}
	}
	// Order: the served certificates of the leaf's chain come leaf first,
	// then each issuer; any other is unrelated.
	ordered, next := true, 0
	for i, c := range peer {
		pos, ok := inChain[string(c.Raw)]
		switch {
		case !ok:
			add(r, codeServedUnrelated, finding.Warning, c, "%s (served at position %d) is not in the chain of the leaf %s; remove it from what the server serves", x509text.Describe(c), i+1, x509text.Describe(leaf))
		case seen[string(c.Raw)] != i: // a duplicate, reported above
		default:
			if pos != next {
				ordered = false
			}
			next++
		}
	}
	if !ordered {
		names := make([]string, len(peer))
		for i, c := range peer {
			names[i] = x509text.Describe(c)
		}
		add(r, codeServedOrder, finding.Warning, leaf, "the server serves its chain out of order (%s); TLS wants the leaf first, then each issuer", strings.Join(names, ", "))
	}

	// Completeness and the chain's own checks.
	if lc != nil {
		if !lc.Complete {
			top := lc.Certificates[0]
			issuer := x509text.Issuer(top)
			add(r, codeMissingIntermediate, finding.Warning, top, "the served chain stops at %s, whose issuer %s was not served: if that is a root the peers hold, give it with --trust; else the server must serve the missing intermediate (or try --fetch)", x509text.Describe(top), issuer)
		} else if !lc.Anchored && sigcheck.SelfSigned(lc.Certificates[0]) {
			if _, served := seen[string(lc.Certificates[0].Raw)]; served && len(lc.Certificates) > 1 {
				add(r, codeRootServed, finding.Info, lc.Certificates[0], "the server serves its root %s too; that is normal, and the peer must still hold it in its trust store", x509text.Describe(lc.Certificates[0]))
			}
		}
		r.Findings = append(r.Findings, lc.Warnings...)
	}
	for _, c := range peer {
		if _, ok := inChain[string(c.Raw)]; !ok {
			r.Findings = append(r.Findings, verdict.Certificate(c, checks)...)
		}
	}

	// The name.
	host := r.ServerName
	if o.ServerName == "" && r.Target.IsIP() {
		host = ""
	}
	r.Findings = append(r.Findings, verdict.Name(leaf, "the certificate of "+r.Target.Address(), host)...)
	if leaf.Subject.CommonName != "" {
		if tc, err := cucm.CheckTrunkSubject(leaf.Subject.CommonName, leaf); err == nil && len(tc.Names) == 1 && tc.Names[0].Match != "" {
			r.TrunkSubject = leaf.Subject.CommonName
		}
	}

	// The TLS.
	if r.Version != 0 && r.Version < tls.VersionTLS12 {
		add(r, codeTLSOldVersion, finding.Warning, nil, "the server negotiates %s; ask for TLS 1.2 or later", tls.VersionName(r.Version))
	}
	if r.CipherSuite != 0 && insecureSuite(r.CipherSuite) {
		add(r, codeTLSRSAKex, finding.Warning, nil, "the server negotiates %s, with %s; prefer an ECDHE suite with AES-GCM", tls.CipherSuiteName(r.CipherSuite), suiteWeakness(r.CipherSuite))
	}

	// Client authentication and what each side must trust.
	clientAuth(r, o, lc)
	r.Trust = trustAdvice(r, lc)
}

func dedupe(certs []*x509.Certificate) []*x509.Certificate {
	var out []*x509.Certificate
	seen := map[string]bool{}
	for _, c := range certs {
		if !seen[string(c.Raw)] {
			seen[string(c.Raw)] = true
			out = append(out, c)
		}
	}
	return out
}

func insecureSuite(id uint16) bool {
	if strings.HasPrefix(tls.CipherSuiteName(id), "TLS_RSA_") {
		return true
	}
	for _, s := range tls.InsecureCipherSuites() {
		if s.ID == id {
			return true
		}
	}
	return false
}

func suiteWeakness(id uint16) string {
	if strings.HasPrefix(tls.CipherSuiteName(id), "TLS_RSA_") {
		return "RSA key exchange (no forward secrecy)"
	}
	return "an insecure cipher"
}

// clientAuth reports the device certificate's fate.
func clientAuth(r *Result, o Options, lc *chain.Chain) {
	server := serverWord(r)
	if o.Certificate == nil || r.ClientAuth == NotRequested {
		if r.HandshakeError != nil && r.ClientAuth == Requested {
			add(r, codeHandshakeFailed, finding.Info, nil, "the handshake ended after the server asked for a client certificate (%s); give --cert to try the device's", handshakeWords(r))
		} else if r.HandshakeError != nil {
			add(r, codeHandshakeFailed, finding.Warning, nil, "the handshake ended after the server sent its chain: %s", handshakeWords(r))
		}
		return
	}
	dev, err := x509.ParseCertificate(o.Certificate.Certificate[0])
	if err != nil {
		return
	}
	name := dev.Subject.CommonName
	if name == "" {
		name = x509text.Describe(dev)
	}
	if len(r.AcceptableCAs) > 0 {
		issuer, _ := x509text.Name(dev.RawIssuer)
		listed := false
		for _, ca := range r.AcceptableCAs {
			if ca == issuer {
				listed = true
			}
		}
		if !listed {
			add(r, codeDeviceCANotListed, finding.Warning, dev, "the server's acceptable CA names do not include %s, the issuer of %s: %s does not trust the CA of %s", issuer, name, server, name)
		}
	}
	if r.ClientAuth == Rejected {
		store := "its trust store"
		if r.Target.Port == portSIPS {
			store = "CallManager-trust"
		}
		fix := fmt.Sprintf("%s does not trust the CA of %s: upload its root and intermediates to %s", server, name, store)
		switch r.Alert {
		case "expired":
			fix = fmt.Sprintf("%s says the certificate of %s expired: renew it", server, name)
		case "certificate required":
			fix = fmt.Sprintf("%s wants a certificate and got none it could use from %s", server, name)
		}
		add(r, codeClientCertRejected, finding.Error, dev, "%s rejected the certificate of %s (%s): %s", server, name, r.Alert, fix)
	}
}

func handshakeWords(r *Result) string {
	if r.Alert != "" {
		return "alert: " + r.Alert
	}
	return strings.TrimPrefix(r.HandshakeError.Error(), "tls: ")
}

// serverWord names the server for the advice: CUCM on 5061.
func serverWord(r *Result) string {
	if r.Target.Port == portSIPS {
		return "CUCM"
	}
	return "the server"
}

// trustAdvice says what each side must trust, in certkit's commands.
func trustAdvice(r *Result, lc *chain.Chain) []string {
	if lc == nil || len(lc.Certificates) == 0 {
		return nil
	}
	issuing := "its issuing CA"
	if len(lc.Certificates) == 1 && lc.Complete {
		issuing = "its self-signed certificate " + x509text.Describe(lc.Certificates[0])
	} else if len(lc.Certificates) > 1 {
		issuing = x509text.Describe(lc.Certificates[len(lc.Certificates)-2])
	} else if m := lc.Missing; m != nil {
		issuing = "its issuer " + m.Error()
	}
	var out []string
	switch r.Target.Port {
	case portLDAPS, "3269":
		out = append(out, "CUCM trusts this directory with its CAs in tomcat-trust: certkit probe --save DIR TARGET, then certkit cucm --service tomcat DIR/*.pem")
	case portHTTPS:
		out = append(out, fmt.Sprintf("a client trusts this server with %s and its root in its trust store", issuing))
	default:
		out = append(out, fmt.Sprintf("the gateway trusts this server by pasting %s at crypto pki authenticate: certkit issuer-for --ios TRUSTPOINT LEAF.pem CA.pem", issuing))
		out = append(out, "CUCM trusts the gateway with the gateway's CAs in CallManager-trust: certkit cucm --trunk-subject NAMES GATEWAY.pem")
		if r.TrunkSubject != "" {
			out = append(out, fmt.Sprintf("CUCM's SIP trunk to this device names %s in the X.509 Subject Name of its SIP Trunk Security Profile", r.TrunkSubject))
		}
	}
	return out
}

// dnString writes a DER distinguished name as certkit writes subjects.
func dnString(der []byte) string {
	s, err := x509text.Name(der)
	if err != nil {
		return fmt.Sprintf("(unreadable name, %d bytes)", len(der))
	}
	return s
}
