package ios

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/input"
	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
)

// The audit's finding codes, besides those other packages define for the
// same conditions: finding.CodeWeakSignature (MD5 or SHA-1),
// finding.CodeExpiresBeforeLeaf (the CA expires before the router
// certificate), finding.CodeNameMismatch and finding.CodeNameCaseMismatch
// (the router certificate's CN, or the rsakeypair label, against the
// hostname), finding.CodeKeyTooSmall (an RSA key under 2048 bits or an ECDSA
// key under 256), finding.CodeExpired (a certificate past its end date) and
// finding.CodeNotIssuedBy (the router certificate does not verify with the
// trustpoint's CA certificate).
const (
	// codeSelfSignedInUse: the trustpoint SIP TLS uses (crypto signaling)
	// presents a self-signed router certificate, where a CA-signed one is
	// expected: each such gateway adds a certificate to CUCM's trust store.
	codeSelfSignedInUse finding.Code = "self-signed-in-use"
	// codeNoCA: a router certificate that is not self-signed, in a
	// trustpoint without a CA certificate to check it with.
	codeNoCA finding.Code = "no-ca"
	// codeReferenceOnly: a certificate the capture shows by reference
	// only, which could not be checked.
	codeReferenceOnly finding.Code = "reference-only"
	// codeSerialMismatch: a header line's serial number is not the
	// certificate's.
	codeSerialMismatch finding.Code = "serial-mismatch"
	// codeHashMissing: a trustpoint without hash that signs requests
	// (enrollment terminal, url) or a self-signed certificate SIP TLS
	// presents; many IOS releases then sign with SHA-1.
	codeHashMissing finding.Code = "hash-missing"
	// codeShowOnly: show output describes a certificate the configuration
	// given does not hold (or no configuration was given).
	codeShowOnly finding.Code = "show-only"
	// codeCAHeld: a CA given with Options.CAs is held by these trustpoints.
	codeCAHeld finding.Code = "ca-held"
	// codeCANotHeld: a CA given with Options.CAs is held by no trustpoint.
	codeCANotHeld finding.Code = "ca-not-held"
	// codeNoHostname: no hostname line and no prompt, so names could not
	// be checked.
	codeNoHostname finding.Code = "no-hostname"
)

// Options controls AuditCaptures. The zero value audits at the current time,
// warns of certificates that expire within 30 days and checks no CA
// files.
type Options struct {
	// At is the moment validity is judged at; zero means now.
	At time.Time
	// WarnWithin flags certificates that expire within this long of At
	// (finding.CodeExpiring); zero means 30 days, a negative value never
	// warns.
	WarnWithin time.Duration
	// Expiring is WarnWithin's older name, read when WarnWithin is zero.
	//
	// Deprecated: use WarnWithin.
	Expiring time.Duration
	// CAs are CA certificates the engineer holds: the report says which
	// trustpoints hold each, or that none does.
	CAs []*x509.Certificate
	// RequireTLS reports every SIP dial-peer without TLS, even on a
	// gateway that sets up no SIP TLS (voice.go).
	RequireTLS bool
}

// Report is the audit of a fleet. Its JSON form is certkit ios audit
// --json's contract.
type Report struct {
	Gateways []GatewayReport `json:"gateways"`
	// Findings are about the fleet as a whole: the CAs of Options.CAs.
	Findings []finding.Finding `json:"findings,omitempty"`
	// Notes (AuditCaptures) name the captures of a folder skipped for
	// holding nothing of IOS's, one line each.
	Notes []string `json:"-"`
	// Unread (AuditCaptures) are the captures that could not be read.
	Unread []*CaptureError `json:"-"`
}

// GatewayReport is one gateway.
type GatewayReport struct {
	Hostname    string             `json:"hostname"`
	File        string             `json:"file"`
	Trustpoints []TrustpointReport `json:"trustpoints"`
	// Findings are about the gateway, not one trustpoint.
	Findings []finding.Finding `json:"findings,omitempty"`
	// SecureVoice is the secure-voice summary (voice.go); nil when the
	// captures hold no configuration.
	SecureVoice *secureVoice `json:"secure_voice"`
}

// TrustpointReport is one trustpoint of a gateway.
type TrustpointReport struct {
	Name         string             `json:"name"`
	Config       *trustpointSummary `json:"config,omitempty"`
	Certificates []certificateRow   `json:"certificates"`
	Findings     []finding.Finding  `json:"findings"`
}

// trustpointSummary is the trustpoint's configuration as the audit
// reports it; empty strings are sub-commands the trustpoint lacks.
type trustpointSummary struct {
	Enrollment      string `json:"enrollment"`
	Hash            string `json:"hash"`
	RevocationCheck string `json:"revocation_check"`
	FQDN            string `json:"fqdn"`
	SubjectName     string `json:"subject_name"`
	ChainValidation string `json:"chain_validation"`
	RSAKeypair      string `json:"rsakeypair"`
	AutoEnroll      int    `json:"auto_enroll"`
}

// certificateRow is one certificate of a trustpoint.
type certificateRow struct {
	// Role is "ca", "device", "self-signed" or "rollover".
	Role string `json:"role"`
	// SHA256 is the DER's fingerprint; nil when only show output or a
	// reference describes the certificate.
	SHA256   *string    `json:"sha256"`
	Subject  string     `json:"subject"`
	NotAfter *time.Time `json:"not_after"`
	// Renews is the auto-enroll renewal moment of the router
	// certificate: from the trustpoint's auto-enroll percentage, else the
	// renew date show output prints; nil without either.
	Renews          *time.Time `json:"renews"`
	Issuer          string     `json:"issuer,omitempty"`
	Serial          string     `json:"serial,omitempty"`
	FingerprintMD5  string     `json:"fingerprint_md5,omitempty"`
	FingerprintSHA1 string     `json:"fingerprint_sha1,omitempty"`
	SelfSigned      bool       `json:"self_signed"`
	SANs            []string   `json:"sans,omitempty"`
	// Verified says, for the router certificate, whether its signature
	// verifies with the trustpoint's CA certificate; nil where that does
	// not apply.
	Verified *bool `json:"verified,omitempty"`
	// Certificate is the certificate, nil for show output and references.
	Certificate *x509.Certificate `json:"-"`
}

// NeedsAction reports whether any finding of the report is a warning or
// an error: what certkit ios audit exits 1 for.
func (r *Report) NeedsAction() bool {
	for _, f := range r.all() {
		if f.Severity >= finding.Warning {
			return true
		}
	}
	return false
}

func (r *Report) all() []finding.Finding {
	out := append([]finding.Finding(nil), r.Findings...)
	for _, g := range r.Gateways {
		out = append(out, g.Findings...)
		for _, t := range g.Trustpoints {
			out = append(out, t.Findings...)
		}
	}
	return out
}

// auditGateways checks each gateway's trustpoints: the CA certificate, the router
// certificate (chained to the CA by signature, CN and key label against
// the hostname letter for letter, the auto-enroll renewal), the
// trustpoint's configuration, and what is wrong in the field's terms.
// Gateways are reported in the order given; trustpoints in the order of
// the configuration, then of the certificates and show output.
func auditGateways(gws []*Gateway, opts Options) *Report {
	check := verdict.Options{At: opts.At, WarnWithin: opts.WarnWithin}
	if check.WarnWithin == 0 && opts.Expiring > 0 {
		check.WarnWithin = opts.Expiring
	}
	check = check.Fixed()
	at, expiring := check.At, check.Window()
	rep := &Report{Gateways: []GatewayReport{}}
	// A fleet's gateways share their CA certificates: check each
	// certificate's self-signature once.
	selfSigned := map[string]bool{}
	for _, g := range gws {
		if g == nil {
			continue
		}
		gr := auditGateway(g, at, expiring, selfSigned)
		var voice []finding.Finding
		gr.SecureVoice, voice = auditVoice(g, gr.Trustpoints, opts.RequireTLS)
		gr.Findings = append(gr.Findings, voice...)
		rep.Gateways = append(rep.Gateways, gr)
	}
	for _, ca := range opts.CAs {
		rep.Findings = append(rep.Findings, whereHeld(ca, gws))
	}
	return rep
}

// whereHeld says which trustpoints hold ca.
func whereHeld(ca *x509.Certificate, gws []*Gateway) finding.Finding {
	var at []string
	for _, g := range gws {
		if g == nil {
			continue
		}
		seen := map[string]bool{}
		for _, c := range g.Certificates {
			if bytes.Equal(c.Certificate.Raw, ca.Raw) && !seen[c.Trustpoint] {
				seen[c.Trustpoint] = true
				at = append(at, fmt.Sprintf("trustpoint %s on %s", c.Trustpoint, hostOf(g)))
			}
		}
		for _, r := range g.Records {
			if matchRecord(r, []*x509.Certificate{ca}) != nil {
				for _, tp := range r.Trustpoints {
					if !seen[tp] {
						seen[tp] = true
						at = append(at, fmt.Sprintf("trustpoint %s on %s (show output)", tp, hostOf(g)))
					}
				}
			}
		}
	}
	if len(at) == 0 {
		return finding.Finding{Code: codeCANotHeld, Severity: finding.Warning, Certificate: ca,
			Message: fmt.Sprintf("%s is held by no trustpoint of the %s audited", x509text.Describe(ca), plural(len(gws), "gateway"))}
	}
	return finding.Finding{Code: codeCAHeld, Severity: finding.Info, Certificate: ca,
		Message: fmt.Sprintf("%s is held by %s", x509text.Describe(ca), strings.Join(at, ", "))}
}

func hostOf(g *Gateway) string {
	if g.Hostname != "" {
		return g.Hostname
	}
	return strings.Join(g.Files, ", ")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// tpData is what one trustpoint holds, gathered from every capture.
type tpData struct {
	name    string
	config  *trustpointConfig
	certs   []input.IOSCertificate
	refs    []input.IOSReference
	records []Record
}

func auditGateway(g *Gateway, at time.Time, expiring time.Duration, selfSignedMemo map[string]bool) GatewayReport {
	gr := GatewayReport{Hostname: g.Hostname, File: strings.Join(g.Files, ", "), Trustpoints: []TrustpointReport{}}
	if g.Hostname == "" {
		gr.Findings = append(gr.Findings, finding.Finding{Code: codeNoHostname, Severity: finding.Info,
			Message: "the capture has no hostname line and no prompt, so names were not checked against the hostname"})
	}
	var order []string
	tps := map[string]*tpData{}
	get := func(name string) *tpData {
		t := tps[name]
		if t == nil {
			t = &tpData{name: name}
			tps[name] = t
			order = append(order, name)
		}
		return t
	}
	for i := range g.Config.Trustpoints {
		tc := &g.Config.Trustpoints[i]
		get(tc.Name).config = tc
	}
	for _, c := range g.Certificates {
		t := get(c.Trustpoint)
		dup := false
		for _, o := range t.certs {
			dup = dup || bytes.Equal(o.Certificate.Raw, c.Certificate.Raw)
		}
		if !dup {
			t.certs = append(t.certs, c)
		}
	}
	for _, r := range g.References {
		get(r.Trustpoint).refs = append(get(r.Trustpoint).refs, r)
	}
	for _, r := range g.Records {
		for _, tp := range r.Trustpoints {
			get(tp).records = append(get(tp).records, r)
		}
	}
	for _, name := range order {
		gr.Trustpoints = append(gr.Trustpoints, auditTrustpoint(g, tps[name], at, expiring, selfSignedMemo))
	}
	return gr
}

func auditTrustpoint(g *Gateway, t *tpData, at time.Time, expiring time.Duration, selfSignedMemo map[string]bool) TrustpointReport {
	tr := TrustpointReport{Name: t.name, Certificates: []certificateRow{}, Findings: []finding.Finding{}}
	add := func(code finding.Code, sev finding.Severity, c *x509.Certificate, format string, args ...any) {
		tr.Findings = append(tr.Findings, finding.Finding{Code: code, Severity: sev, Certificate: c, Message: fmt.Sprintf(format, args...)})
	}
	if tc := t.config; tc != nil {
		tr.Config = &trustpointSummary{Enrollment: tc.Enrollment, Hash: tc.Hash, RevocationCheck: tc.RevocationCheck, FQDN: tc.FQDN,
			SubjectName: tc.SubjectName, ChainValidation: tc.ChainValidation, RSAKeypair: tc.RSAKeypair, AutoEnroll: tc.AutoEnroll}
	}
	var ca, device *x509.Certificate
	var all []*x509.Certificate
	for _, c := range t.certs {
		all = append(all, c.Certificate)
		switch c.Role {
		case input.IOSCA:
			if ca == nil {
				ca = c.Certificate
			}
		case input.IOSDevice, input.IOSSelfSigned:
			if device == nil {
				device = c.Certificate
			}
		}
		if c.SerialMismatch() {
			add(codeSerialMismatch, finding.Warning, c.Certificate, "line %d: the header gives serial %s but %s has serial %X; the configuration was edited or pieced together",
				c.Line, c.HeaderSerial, x509text.Describe(c.Certificate), c.Certificate.SerialNumber)
		}
	}
	// Self-signed is a signature check: do it once per certificate.
	selfSigned := map[*x509.Certificate]bool{}
	for _, c := range all {
		ss, ok := selfSignedMemo[string(c.Raw)]
		if !ok {
			ss = sigcheck.SelfSigned(c)
			selfSignedMemo[string(c.Raw)] = ss
		}
		selfSigned[c] = ss
	}
	signaling := contains(g.Config.Signaling, t.name)
	// The trustpoint whose certificate peers see: named by crypto
	// signaling, or, when the capture says nothing of sip-ua, one whose
	// router certificate a CA issued.
	presented := signaling || len(g.Config.Signaling) == 0 && device != nil && !selfSigned[device]

	// The renew date IOS prints for a certificate, from show output.
	renews := map[*x509.Certificate]time.Time{}
	for _, r := range t.records {
		if c := matchRecord(r, all); c != nil && !r.Renew.IsZero() {
			renews[c] = r.Renew.UTC()
		}
	}
	for _, c := range t.certs {
		cert := c.Certificate
		row := rowOf(cert, string(c.Role), selfSigned[cert])
		if cert == device && t.config != nil && t.config.AutoEnroll > 0 {
			if r, err := RenewalTime(cert, t.config.AutoEnroll); err == nil {
				row.Renews = &r
			}
		}
		if r, ok := renews[cert]; ok && row.Renews == nil {
			row.Renews = &r
		}
		if cert == device && !row.SelfSigned {
			if ca == nil {
				add(codeNoCA, finding.Warning, cert, "the router certificate %s is issued by %s, but the trustpoint holds no CA certificate to check it with", x509text.Describe(cert), x509text.Issuer(cert))
			} else {
				ok, _ := sigcheck.SignedBy(cert, ca)
				row.Verified = &ok
				if !ok {
					add(finding.CodeNotIssuedBy, finding.Error, cert, "the router certificate %s does not verify with the trustpoint's CA certificate %s (its signature does not match that CA's key)", x509text.Describe(cert), x509text.Describe(ca))
				}
			}
		}
		tr.Certificates = append(tr.Certificates, row)
		checkCert(add, cert, selfSigned[cert], at, expiring)
	}
	if device != nil && ca != nil && ca.NotAfter.Before(device.NotAfter) && !selfSigned[device] {
		add(finding.CodeExpiresBeforeLeaf, finding.Warning, ca, "the CA certificate %s expires on %s, before the router certificate (%s): the chain breaks then",
			x509text.Describe(ca), day(ca.NotAfter), day(device.NotAfter))
	}
	if device != nil && presented {
		if selfSigned[device] {
			add(codeSelfSignedInUse, finding.Warning, device, "SIP TLS presents the self-signed router certificate %s: CUCM must hold a copy in CallManager-trust for each such gateway; enroll with the CA instead (certkit ios trustpoint)", x509text.Describe(device))
		}
		checkNames(add, g.Hostname, device, t.config)
	}
	for _, r := range t.refs {
		row := certificateRow{Role: string(r.Role), Serial: r.Serial}
		tr.Certificates = append(tr.Certificates, row)
		add(codeReferenceOnly, finding.Warning, nil, "%s", strings.TrimPrefix(r.String(), "trustpoint "+r.Trustpoint+", "))
	}
	for _, r := range t.records {
		if matchRecord(r, all) != nil {
			continue
		}
		row := certificateRow{Role: recordRole(r), Subject: r.Subject, Issuer: r.Issuer, Serial: r.Serial,
			FingerprintMD5: r.MD5, FingerprintSHA1: r.SHA1, SelfSigned: r.Kind == "Router Self-Signed Certificate"}
		if !r.Renew.IsZero() {
			rn := r.Renew.UTC()
			row.Renews = &rn
		}
		if !r.NotAfter.IsZero() {
			na := r.NotAfter.UTC()
			row.NotAfter = &na
			if na.Before(at) {
				add(finding.CodeExpired, finding.Error, nil, "the certificate %s (from show output) expired on %s", r.Subject, day(na))
			} else if expiring > 0 && na.Before(at.Add(expiring)) {
				add(finding.CodeExpiring, finding.Warning, nil, "the certificate %s (from show output) expires on %s", r.Subject, day(na))
			}
		}
		tr.Certificates = append(tr.Certificates, row)
		if len(all) > 0 {
			add(codeShowOnly, finding.Info, nil, "show output line %d describes %s (serial %s), which the configuration does not hold", r.Line, r.Subject, r.Serial)
		}
	}
	if tc := t.config; tc != nil && tc.Hash == "" {
		// Requests are signed for enrollment terminal and url; a
		// self-signed certificate matters only where peers see it.
		switch {
		case tc.Enrollment == "terminal", tc.Enrollment == "url", tc.Enrollment == "selfsigned" && presented:
			add(codeHashMissing, finding.Warning, nil, "the trustpoint has no hash command: many IOS releases then sign with SHA-1, which CAs refuse; add hash sha256 under crypto pki trustpoint %s", t.name)
		}
	}
	return tr
}

// checkCert flags one certificate's own problems by the checks every
// certkit job makes (internal/verdict): its signature (never its own
// self-signature, which nobody checks, whoever sees it), its key, its
// dates at at, expiring within expiring (0: never).
func checkCert(add func(finding.Code, finding.Severity, *x509.Certificate, string, ...any), c *x509.Certificate, selfSigned bool, at time.Time, expiring time.Duration) {
	o := verdict.Options{At: at, WarnWithin: expiring}
	if expiring <= 0 {
		o.WarnWithin = -1
	}
	for _, fs := range [][]finding.Finding{verdict.Signature(c, selfSigned), verdict.Key(c), verdict.Validity(c, o)} {
		for _, f := range fs {
			add(f.Code, f.Severity, c, "%s", f.Message)
		}
	}
}

// checkNames compares the router certificate's CN and the rsakeypair
// label with the hostname, letter case included.
func checkNames(add func(finding.Code, finding.Severity, *x509.Certificate, string, ...any), host string, device *x509.Certificate, tc *trustpointConfig) {
	if host == "" {
		return
	}
	// The router certificate: the one name rule of every job (its CN or a
	// DNS SAN is the hostname, or the hostname and a domain).
	for _, f := range verdict.Name(device, "the router certificate", host) {
		add(f.Code, f.Severity, device, "%s", f.Message)
	}
	// The key label is a name of its own: the hostname exactly.
	if tc != nil && tc.RSAKeypair != "" && tc.RSAKeypair != host {
		if strings.EqualFold(tc.RSAKeypair, host) {
			add(finding.CodeNameCaseMismatch, finding.Warning, device, "the rsakeypair label %q differs from the hostname %q in letter case only, and letter case counts", tc.RSAKeypair, host)
		} else {
			add(finding.CodeNameMismatch, finding.Warning, device, "the rsakeypair label %q is not the hostname %q", tc.RSAKeypair, host)
		}
	}
}

// recordRole gives a show record the audit's role.
func recordRole(r Record) string {
	switch r.Kind {
	case "CA Certificate", "Issuing CA certificate", "Trustpoint CA":
		return string(input.IOSCA)
	case "Router Self-Signed Certificate":
		return string(input.IOSSelfSigned)
	}
	return string(input.IOSDevice)
}

// rowOf describes a certificate.
func rowOf(c *x509.Certificate, role string, selfSigned bool) certificateRow {
	h := x509text.SHA256(c)
	na := c.NotAfter.UTC()
	row := certificateRow{Role: role, SHA256: &h, Subject: x509text.Subject(c), NotAfter: &na, Issuer: x509text.Issuer(c),
		Serial: x509text.IOSSerial(c), FingerprintMD5: FingerprintMD5(c), FingerprintSHA1: FingerprintSHA1(c),
		SelfSigned: selfSigned, Certificate: c}
	if sans := x509text.SANs(c); len(sans) > 0 {
		row.SANs = sans
	}
	return row
}

// describe names a certificate in a message, as pkg/cisco's messages do.

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

// tableRow is one line of the fleet table.
type tableRow struct {
	Gateway, Trustpoint string
	certificateRow
	// Action is the next date that needs action: the renewal moment
	// where auto-enroll renews the certificate, else its end date; zero
	// when unknown (a reference).
	Action time.Time
	// Codes are the codes of the trustpoint's findings that concern this
	// certificate, or the trustpoint as a whole (on its first row); and on
	// the row of the voice certificate, the gateway's secure-voice codes.
	Codes []finding.Code
	// SecureVoice is the gateway's secure-voice summary.
	SecureVoice *secureVoice
}

// rows lists every certificate of the fleet, the table certkit ios audit
// prints: sorted by the next date that needs action, earliest first, and
// rows without a date last; ties keep the report's order.
func (r *Report) rows() []tableRow {
	var rows []tableRow
	for _, g := range r.Gateways {
		start := len(rows)
		for _, t := range g.Trustpoints {
			for i, c := range t.Certificates {
				row := tableRow{Gateway: g.Hostname, Trustpoint: t.Name, certificateRow: c, SecureVoice: g.SecureVoice}
				if row.Gateway == "" {
					row.Gateway = g.File
				}
				switch {
				case c.Renews != nil:
					row.Action = *c.Renews
				case c.NotAfter != nil:
					row.Action = *c.NotAfter
				}
				reference := c.Certificate == nil && c.Subject == ""
				for _, f := range t.Findings {
					var mine bool
					switch {
					case f.Certificate != nil:
						mine = c.Certificate != nil && f.Certificate.Equal(c.Certificate)
					case f.Code == codeReferenceOnly:
						mine = reference
					default:
						mine = i == 0 // about the trustpoint: on its first row
					}
					if mine {
						if !containsCode(row.Codes, f.Code) {
							row.Codes = append(row.Codes, f.Code)
						}
					}
				}
				rows = append(rows, row)
			}
			if len(t.Certificates) == 0 {
				row := tableRow{Gateway: g.Hostname, Trustpoint: t.Name, SecureVoice: g.SecureVoice}
				for _, f := range t.Findings {
					row.Codes = append(row.Codes, f.Code)
				}
				rows = append(rows, row)
			}
		}
		voiceCodes(rows[start:], g)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].Action, rows[j].Action
		switch {
		case a.IsZero() != b.IsZero():
			return !a.IsZero()
		default:
			return a.Before(b)
		}
	})
	return rows
}

func containsCode(list []finding.Code, c finding.Code) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}
