package ios

import (
	"fmt"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/input"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/pkg/finding"
)

// The secure-voice findings: the configuration around the certificate,
// where a missing line leaves a bridge or a trunk unencrypted. Each is
// about the gateway (GatewayReport.Findings), not one trustpoint.
const (
	// codeRegisterName: the name a secure DSP farm profile registers
	// under (associate profile N register NAME) is not the hostname,
	// letter case included. CUCM's conference bridge name must equal it.
	codeRegisterName finding.Code = "register-name"
	// codeDSPFarmNoTrustpoint: a secure dspfarm profile (conference,
	// transcode or mtp security) without trustpoint, or naming one that
	// does not exist or holds no device certificate.
	codeDSPFarmNoTrustpoint finding.Code = "dspfarm-no-trustpoint"
	// codeDSPFarmShutdown: a secure dspfarm profile that is shut down.
	codeDSPFarmShutdown finding.Code = "dspfarm-shutdown"
	// codeSCCPNoTrustpoint: with a secure dspfarm profile, an sccp ccm
	// line without trustpoint, or naming another trustpoint than the
	// profile's.
	codeSCCPNoTrustpoint finding.Code = "sccp-no-trustpoint"
	// codeSIPNoTLSTrustpoint: SIP uses TLS but sip-ua has no crypto
	// signaling line, or the trustpoint it names does not exist or holds
	// no device certificate.
	codeSIPNoTLSTrustpoint finding.Code = "sip-no-tls-trustpoint"
	// codeDialPeerNotTLS: a SIP dial-peer without session transport tcp
	// tls (its own, its tenant's or voice service voip's), where the
	// gateway otherwise sets up SIP TLS or Options.RequireTLS is given.
	codeDialPeerNotTLS finding.Code = "dial-peer-not-tls"
	// codeDialPeerNoSRTP: a SIP dial-peer with TLS but no srtp (its own,
	// its tenant's or voice service voip's): the signaling is encrypted,
	// the voice is not.
	codeDialPeerNoSRTP finding.Code = "dial-peer-no-srtp"
	// codeTrustpointNames: a voice trustpoint's subject-name CN, fqdn or
	// rsakeypair label does not match the hostname (letter case
	// included) and ip domain name.
	codeTrustpointNames finding.Code = "trustpoint-names"
)

// Voice is what a configuration says about secure voice: the DSP farm
// (conference bridge, transcoder, MTP) and its SCCP registration, SIP
// TLS and SRTP. A command the configuration lacks is empty.
type Voice struct {
	// Config says whether the text held configuration lines at all
	// (show output alone does not).
	Config bool `json:"-"`
	// Domain is ip domain name (or ip domain-name).
	Domain   string           `json:"domain,omitempty"`
	DSPFarms []dspFarmProfile `json:"dspfarm_profiles,omitempty"`
	// CCMs are the sccp ccm ADDRESS identifier N ... lines.
	CCMs []sccpCCM `json:"sccp_ccm,omitempty"`
	// Registrations are the associate profile N register NAME lines of
	// the sccp ccm group blocks.
	Registrations []registration `json:"registrations,omitempty"`
	// Signaling are sip-ua's crypto signaling lines.
	Signaling   []cryptoSignaling  `json:"crypto_signaling,omitempty"`
	TLSProfiles []tlsProfileConfig `json:"tls_profiles,omitempty"`
	// Global is what voice service voip (and its sip block) sets for
	// every SIP dial-peer; Tenants what each voice class tenant sets for
	// the dial-peers that name it.
	Global    sipDefaults   `json:"global"`
	Tenants   []sipDefaults `json:"tenants,omitempty"`
	DialPeers []dialPeer    `json:"dial_peers,omitempty"`
}

// dspFarmProfile is a dspfarm profile block.
type dspFarmProfile struct {
	ID string `json:"id"`
	// Service is conference, transcode, mtp (or the word IOS gives).
	Service string `json:"service"`
	// Security says whether the profile is the secure kind (dspfarm
	// profile N conference security).
	Security   bool   `json:"security"`
	Trustpoint string `json:"trustpoint,omitempty"`
	// Shutdown says whether the profile is shut down: its last shutdown
	// or no shutdown line is shutdown. show running-config prints
	// shutdown for a profile that is down and nothing for one that is up.
	Shutdown bool `json:"shutdown"`
	Line     int  `json:"line"`
}

// sccpCCM is an sccp ccm line.
type sccpCCM struct {
	Address    string `json:"address"`
	Identifier string `json:"identifier"`
	Version    string `json:"version,omitempty"`
	Trustpoint string `json:"trustpoint,omitempty"`
	Line       int    `json:"line"`
}

// registration is associate profile N register NAME in sccp ccm group G.
type registration struct {
	Group   string `json:"group"`
	Profile string `json:"profile"`
	Name    string `json:"name"`
	Line    int    `json:"line"`
}

// cryptoSignaling is a crypto signaling line of sip-ua: default, or
// remote-addr ADDRESS MASK, with trustpoint X or tls-profile N.
type cryptoSignaling struct {
	RemoteAddr string `json:"remote_addr,omitempty"` // "" for default
	Trustpoint string `json:"trustpoint,omitempty"`
	TLSProfile string `json:"tls_profile,omitempty"`
	Line       int    `json:"line"`
}

// tlsProfileConfig is a voice class tls-profile block.
type tlsProfileConfig struct {
	Tag        string `json:"tag"`
	Trustpoint string `json:"trustpoint,omitempty"`
	Line       int    `json:"line"`
}

// sipDefaults is what voice service voip, or a voice class tenant, sets
// for the SIP dial-peers it applies to.
type sipDefaults struct {
	Tenant string `json:"tenant,omitempty"` // the tenant's tag, "" for voice service voip
	// Transport is the session transport ("tcp tls", "tcp", "udp"); ""
	// without the line (UDP, IOS's default).
	Transport string `json:"transport,omitempty"`
	// SRTP is the srtp line ("srtp", "srtp fallback", "srtp pass-thru");
	// "" without one.
	SRTP string `json:"srtp,omitempty"`
}

// dialPeer is a dial-peer voice N voip block.
type dialPeer struct {
	Tag         string `json:"tag"`
	Description string `json:"description,omitempty"`
	// SIP says whether it has session protocol sipv2 (without it, a VoIP
	// dial-peer speaks H.323).
	SIP bool `json:"sip"`
	// Transport is its session transport ("tcp tls", "udp", "system");
	// "" without the line, which defers to the tenant or voice service
	// voip.
	Transport string `json:"transport,omitempty"`
	// SRTP is its srtp line ("srtp", "srtp fallback", "srtp pass-thru",
	// "no srtp"); "" without one, which defers likewise.
	SRTP string `json:"srtp,omitempty"`
	// Negotiate says whether it has voice-class sip srtp negotiate cisco,
	// which lets it answer an SRTP offer with RTP and does not enable
	// SRTP by itself.
	Negotiate bool   `json:"srtp_negotiate,omitempty"`
	Tenant    string `json:"tenant,omitempty"` // voice-class sip tenant N
	Line      int    `json:"line"`
}

// ParseVoice reads the secure-voice configuration of a configuration or a
// capture of one, read as Read reads a configuration: any indentation, CRLF,
// pager prompts, template lines. Lines it does not know are skipped; only
// binary input is an error.
func ParseVoice(data []byte) (*Voice, error) {
	lines, err := input.Lines(data)
	if err != nil {
		return nil, fmt.Errorf("ios: %w", err)
	}
	return parseVoice(lines), nil
}

// configWords are the first words of top-level configuration lines, which
// show output never starts a line with.
var configWords = map[string]bool{"hostname": true, "version": true, "interface": true, "crypto": true, "voice": true,
	"dial-peer": true, "sip-ua": true, "sccp": true, "dspfarm": true, "ip": true, "line": true, "service": true,
	"voice-card": true, "boot-start-marker": true, "control-plane": true, "end": true}

func parseVoice(lines []string) *Voice {
	v := &Voice{}
	// The block a line belongs to: the last top-level line's kind, and
	// in voice service voip, the sub-block of the last line indented once.
	var block, sub string
	var dsp *dspFarmProfile
	var dp *dialPeer
	var tls *tlsProfileConfig
	var tenant *sipDefaults
	var group string
	for i, raw := range lines {
		depth := 0
		for depth < len(raw) && (raw[depth] == ' ' || raw[depth] == '\t') {
			depth++
		}
		l := strings.TrimSpace(raw[depth:])
		// Most lines of a configuration (certificate hex, interfaces,
		// routing) are inside blocks this reader skips: pass them by
		// without splitting them into words.
		if l == "" || depth > 0 && block == "" && firstWord(l) != "crypto" || depth == 0 && !voiceStart(l) || isTemplate(l) {
			if depth == 0 && l != "" && !isTemplate(l) {
				block, sub = "", ""
				dsp, dp, tls, tenant = nil, nil, nil, nil
				v.Config = v.Config || configWords[firstWord(l)]
			}
			continue
		}
		f := strings.Fields(l)
		if len(f) >= 4 && f[0] == "crypto" && f[1] == "signaling" {
			// Under sip-ua; read wherever a capture's indentation put it.
			s := cryptoSignaling{Trustpoint: after(f, "trustpoint"), TLSProfile: after(f, "tls-profile"), Line: i + 1}
			if f[2] == "remote-addr" && len(f) > 3 {
				s.RemoteAddr = f[3]
				if len(f) > 4 && f[4] != "trustpoint" && f[4] != "tls-profile" {
					s.RemoteAddr += " " + f[4]
				}
			}
			v.Signaling = append(v.Signaling, s)
			v.Config = true
			continue
		}
		if depth == 0 {
			block, sub = "", ""
			dsp, dp, tls, tenant = nil, nil, nil, nil
			if configWords[f[0]] {
				v.Config = true
			}
			switch {
			case len(f) >= 3 && f[0] == "dspfarm" && f[1] == "profile":
				p := dspFarmProfile{ID: f[2], Line: i + 1}
				if len(f) >= 4 {
					p.Service = f[3]
				}
				p.Security = contains(f[3:], "security")
				v.DSPFarms = append(v.DSPFarms, p)
				dsp, block = &v.DSPFarms[len(v.DSPFarms)-1], "dspfarm"
			case len(f) >= 4 && f[0] == "sccp" && f[1] == "ccm" && f[2] == "group":
				block, group = "group", f[3]
			case len(f) >= 3 && f[0] == "sccp" && f[1] == "ccm":
				c := sccpCCM{Address: f[2], Line: i + 1}
				c.Identifier, c.Version, c.Trustpoint = after(f, "identifier"), after(f, "version"), after(f, "trustpoint")
				v.CCMs = append(v.CCMs, c)
			case f[0] == "sip-ua":
				block = "sip-ua"
			case len(f) >= 4 && f[0] == "voice" && f[1] == "class" && f[2] == "tls-profile":
				v.TLSProfiles = append(v.TLSProfiles, tlsProfileConfig{Tag: f[3], Line: i + 1})
				tls, block = &v.TLSProfiles[len(v.TLSProfiles)-1], "tls-profile"
			case len(f) >= 4 && f[0] == "voice" && f[1] == "class" && f[2] == "tenant":
				v.Tenants = append(v.Tenants, sipDefaults{Tenant: f[3]})
				tenant, block = &v.Tenants[len(v.Tenants)-1], "tenant"
			case len(f) >= 3 && f[0] == "voice" && f[1] == "service" && f[2] == "voip":
				block = "voip"
			case len(f) >= 4 && f[0] == "dial-peer" && f[1] == "voice" && f[3] == "voip":
				v.DialPeers = append(v.DialPeers, dialPeer{Tag: f[2], Line: i + 1})
				dp, block = &v.DialPeers[len(v.DialPeers)-1], "dial-peer"
			case len(f) >= 4 && f[0] == "ip" && (f[1] == "domain" && f[2] == "name" || f[1] == "domain-name"):
				v.Domain = f[len(f)-1]
			}
			continue
		}
		switch block {
		case "dspfarm":
			switch {
			case len(f) == 2 && f[0] == "trustpoint":
				dsp.Trustpoint = f[1]
			case l == "shutdown":
				dsp.Shutdown = true
			case l == "no shutdown":
				dsp.Shutdown = false
			}
		case "group":
			if len(f) >= 5 && f[0] == "associate" && f[1] == "profile" && f[3] == "register" {
				v.Registrations = append(v.Registrations, registration{Group: group, Profile: f[2], Name: f[4], Line: i + 1})
			}
		case "tls-profile":
			if len(f) == 2 && f[0] == "trustpoint" {
				tls.Trustpoint = f[1]
			}
		case "tenant":
			tenant.set(f)
		case "voip":
			if depth == 1 {
				sub = f[0]
			}
			// srtp is a voice service voip command; its sip block takes
			// srtp fallback and session transport.
			if sub == "sip" || depth == 1 && f[0] == "srtp" {
				v.Global.set(f)
			}
		case "dial-peer":
			dp.set(f, l)
		}
	}
	return v
}

// voiceStart reports whether a top-level line may start a block or a line
// parseVoice reads.
func voiceStart(l string) bool {
	switch firstWord(l) {
	case "dspfarm", "sccp", "sip-ua", "voice", "dial-peer", "ip", "crypto":
		return true
	}
	return false
}

func firstWord(l string) string {
	if i := strings.IndexAny(l, " \t"); i >= 0 {
		return l[:i]
	}
	return l
}

// isTemplate reports whether l is a line of a configuration template
// (FreeMarker, Jinja, Velocity) rather than IOS's.
func isTemplate(l string) bool {
	return strings.HasPrefix(l, "<#") || strings.HasPrefix(l, "</#") || strings.HasPrefix(l, "{%") ||
		strings.HasPrefix(l, "{{") || strings.HasPrefix(l, "#if") || strings.HasPrefix(l, "#end")
}

// after returns the word after key in f, "" when key is not there.
func after(f []string, key string) string {
	for i := 0; i+1 < len(f); i++ {
		if f[i] == key {
			return f[i+1]
		}
	}
	return ""
}

// srtpLine returns the srtp setting of a line: "srtp", "srtp fallback",
// "srtp pass-thru", "no srtp"; "" for anything else (srtp negotiate,
// srtp-crypto, srtp-auth are not SRTP).
func srtpLine(f []string) string {
	switch {
	case len(f) == 1 && f[0] == "srtp":
		return "srtp"
	case len(f) == 2 && f[0] == "srtp" && (f[1] == "fallback" || f[1] == "pass-thru"):
		return "srtp " + f[1]
	case len(f) == 2 && f[0] == "no" && f[1] == "srtp":
		return "no srtp"
	}
	return ""
}

func (d *sipDefaults) set(f []string) {
	if s := srtpLine(f); s != "" {
		d.SRTP = s
	}
	if len(f) >= 3 && f[0] == "session" && f[1] == "transport" {
		d.Transport = strings.Join(f[2:], " ")
	}
}

func (d *dialPeer) set(f []string, l string) {
	switch {
	case f[0] == "description":
		d.Description = strings.TrimSpace(strings.TrimPrefix(l, "description"))
	case len(f) == 3 && f[0] == "session" && f[1] == "protocol":
		d.SIP = f[2] == "sipv2"
	case len(f) >= 3 && f[0] == "session" && f[1] == "transport":
		d.Transport = strings.Join(f[2:], " ")
	case srtpLine(f) != "":
		d.SRTP = srtpLine(f)
	case len(f) == 5 && f[0] == "voice-class" && f[1] == "sip" && f[2] == "srtp" && f[3] == "negotiate":
		d.Negotiate = f[4] == "cisco"
	case len(f) == 4 && f[0] == "voice-class" && f[1] == "sip" && f[2] == "tenant":
		d.Tenant = f[3]
	}
}

// empty reports whether the text held no secure-voice configuration.
func (v *Voice) empty() bool {
	return len(v.DSPFarms) == 0 && len(v.CCMs) == 0 && len(v.Registrations) == 0 && len(v.Signaling) == 0 &&
		len(v.TLSProfiles) == 0 && len(v.Tenants) == 0 && len(v.DialPeers) == 0 && v.Global == (sipDefaults{}) && v.Domain == ""
}

// tenant returns the voice class tenant tagged tag, nil when none is.
func (v *Voice) tenant(tag string) *sipDefaults {
	for i := range v.Tenants {
		if v.Tenants[i].Tenant == tag && tag != "" {
			return &v.Tenants[i]
		}
	}
	return nil
}

// usesTLS reports whether d sends SIP over usesTLS: its session transport, else
// its tenant's, else voice service voip's (a dial-peer without the line,
// or with session transport system, defers to them; IOS's default is UDP).
func (v *Voice) usesTLS(d dialPeer) bool {
	t := d.Transport
	if t == "" || t == "system" {
		t = ""
		if tn := v.tenant(d.Tenant); tn != nil {
			t = tn.Transport
		}
		if t == "" {
			t = v.Global.Transport
		}
	}
	return t == "tcp tls"
}

// usesSRTP reports whether d uses usesSRTP: its srtp line (no srtp turns it
// off), else its tenant's, else voice service voip's.
func (v *Voice) usesSRTP(d dialPeer) bool {
	s := d.SRTP
	if s == "" {
		if tn := v.tenant(d.Tenant); tn != nil {
			s = tn.SRTP
		}
		if s == "" {
			s = v.Global.SRTP
		}
	}
	return s != "" && s != "no srtp"
}

// secureVoice is the short secure-voice summary of a gateway: whether the
// conference bridge registers securely, SIP uses TLS and the voice SRTP,
// and the certificate those present.
type secureVoice struct {
	// Bridge: a secure dspfarm profile, up, with a trustpoint holding a
	// device certificate, registered under the hostname, its sccp ccm
	// lines naming that trustpoint.
	Bridge bool `json:"bridge_secure"`
	// SIPTLS: SIP dial-peers use TLS (each one, or voice service voip
	// without dial-peers) and crypto signaling names a trustpoint holding
	// a device certificate.
	SIPTLS bool `json:"sip_tls"`
	// SRTP: every SIP dial-peer uses SRTP (or voice service voip sets it,
	// without dial-peers).
	SRTP bool `json:"srtp"`
	// Trustpoint is the trustpoint whose certificate SIP TLS presents,
	// else the bridge's; "" when neither names one that holds a
	// certificate.
	Trustpoint string `json:"trustpoint"`
	// CASigned: that certificate is not self-signed.
	CASigned bool `json:"ca_signed"`
	// Renews is its auto-enroll renewal (or IOS's own renew date), nil
	// without; Expires its end date.
	Renews  *time.Time `json:"renews"`
	Expires *time.Time `json:"expires"`
	// Summary is String's line, for front ends that print the report's
	// JSON.
	Summary string `json:"summary"`
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// String is the summary line: "bridge secure yes, SIP TLS yes, SRTP yes,
// certificate CA-signed yes, renews on 2105-01-01".
func (s *secureVoice) String() string {
	out := fmt.Sprintf("bridge secure %s, SIP TLS %s, SRTP %s, certificate CA-signed %s", yesNo(s.Bridge), yesNo(s.SIPTLS), yesNo(s.SRTP), yesNo(s.CASigned))
	switch {
	case s.Trustpoint == "":
		return out + ", no voice certificate"
	case s.Renews != nil:
		return out + ", renews on " + day(*s.Renews)
	case s.Expires != nil:
		return out + ", no renewal (expires on " + day(*s.Expires) + ")"
	}
	return out + ", no renewal"
}

// voiceAudit is what auditVoice needs of a gateway and its trustpoints'
// reports.
type voiceAudit struct {
	g        *Gateway
	v        *Voice
	tps      []TrustpointReport
	findings []finding.Finding
}

func (a *voiceAudit) add(code finding.Code, format string, args ...any) {
	a.findings = append(a.findings, finding.Finding{Code: code, Severity: finding.Warning, Message: fmt.Sprintf(format, args...)})
}

// exists reports whether the gateway has a trustpoint named tp: a crypto
// pki trustpoint or certificate chain, or certificates or show output
// naming it.
func (a *voiceAudit) exists(tp string) bool {
	for _, t := range a.g.Config.Trustpoints {
		if t.Name == tp {
			return true
		}
	}
	for _, t := range a.tps {
		if t.Name == tp {
			return true
		}
	}
	return contains(a.g.Config.Chains, tp)
}

// device returns the row of tp's device certificate (its own, self-signed
// or not), nil when it holds none.
func (a *voiceAudit) device(tp string) *certificateRow {
	for i := range a.tps {
		if a.tps[i].Name != tp {
			continue
		}
		for j := range a.tps[i].Certificates {
			if r := &a.tps[i].Certificates[j]; r.Role == string(input.IOSDevice) || r.Role == string(input.IOSSelfSigned) {
				return r
			}
		}
	}
	return nil
}

// holds checks that tp exists and holds a device certificate, and says
// what is wrong otherwise ("" when nothing is).
func (a *voiceAudit) holds(tp string) string {
	switch {
	case !a.exists(tp):
		return fmt.Sprintf("trustpoint %s does not exist", tp)
	case a.device(tp) == nil:
		return fmt.Sprintf("trustpoint %s holds no device certificate", tp)
	}
	return ""
}

// auditVoice checks the secure-voice configuration of g, given the
// reports of its trustpoints: the gateway's findings and its summary
// (nil when the captures hold no configuration).
func auditVoice(g *Gateway, tps []TrustpointReport, requireTLS bool) (*secureVoice, []finding.Finding) {
	v := &g.Config.Voice
	if !v.Config && v.empty() {
		return nil, nil
	}
	a := &voiceAudit{g: g, v: v, tps: tps}
	host := g.Hostname
	sv := &secureVoice{}

	// The conference bridge.
	secure := map[string]bool{} // secure profile IDs
	var bridgeTPs []string
	bridgeOK := map[string]bool{}
	for _, p := range v.DSPFarms {
		if !p.Security {
			continue
		}
		secure[p.ID] = true
		ok := true
		what := fmt.Sprintf("dspfarm profile %s %s security", p.ID, p.Service)
		switch {
		case p.Trustpoint == "":
			a.add(codeDSPFarmNoTrustpoint, "%s (line %d) has no trustpoint: it cannot register securely; add trustpoint %s under it", what, p.Line, orHost(host))
			ok = false
		case a.holds(p.Trustpoint) != "":
			a.add(codeDSPFarmNoTrustpoint, "%s (line %d) names trustpoint %s, but %s", what, p.Line, p.Trustpoint, a.holds(p.Trustpoint))
			ok = false
		}
		if p.Trustpoint != "" && !contains(bridgeTPs, p.Trustpoint) {
			bridgeTPs = append(bridgeTPs, p.Trustpoint)
		}
		if p.Shutdown {
			a.add(codeDSPFarmShutdown, "%s (line %d) is shut down: give it no shutdown", what, p.Line)
			ok = false
		}
		bridgeOK[p.ID] = ok
	}
	for _, r := range v.Registrations {
		if !secure[r.Profile] || host == "" {
			continue
		}
		switch verdict.NameMatch(r.Name, host) {
		case verdict.CaseOnly:
			a.add(codeRegisterName, "associate profile %s register %s (line %d) differs from the hostname %q in letter case only, and letter case counts: CUCM's conference bridge name must be the same", r.Profile, r.Name, r.Line, host)
			bridgeOK[r.Profile] = false
		case verdict.NoMatch:
			a.add(codeRegisterName, "associate profile %s register %s (line %d) is not the hostname %q: register the bridge under the hostname, and give CUCM's conference bridge that name", r.Profile, r.Name, r.Line, host)
			bridgeOK[r.Profile] = false
		}
	}
	sccpOK := true
	if len(secure) > 0 {
		for _, c := range v.CCMs {
			switch {
			case c.Trustpoint == "":
				a.add(codeSCCPNoTrustpoint, "sccp ccm %s identifier %s (line %d) has no trustpoint while a dspfarm profile is secure: add trustpoint %s", c.Address, c.Identifier, c.Line, strings.Join(orList(bridgeTPs, host), " or "))
				sccpOK = false
			case len(bridgeTPs) > 0 && !contains(bridgeTPs, c.Trustpoint):
				a.add(codeSCCPNoTrustpoint, "sccp ccm %s identifier %s (line %d) names trustpoint %s, not the secure dspfarm profile's %s", c.Address, c.Identifier, c.Line, c.Trustpoint, strings.Join(bridgeTPs, ", "))
				sccpOK = false
			}
		}
	}
	for id, ok := range bridgeOK {
		sv.Bridge = sv.Bridge || ok && sccpOK && registered(v, id)
	}

	// SIP TLS and SRTP.
	var sip []dialPeer
	anyTLS := v.Global.Transport == "tcp tls"
	for _, d := range v.DialPeers {
		if d.SIP {
			sip = append(sip, d)
			anyTLS = anyTLS || v.usesTLS(d)
		}
	}
	signalingOK := false
	var sipTPs []string
	if anyTLS {
		if len(v.Signaling) == 0 {
			a.add(codeSIPNoTLSTrustpoint, "SIP uses TLS but sip-ua has no crypto signaling line, so no certificate is named for it: add crypto signaling default trustpoint %s under sip-ua", orHost(host))
		} else {
			signalingOK = true
			for _, s := range v.Signaling {
				tp := s.Trustpoint
				where := fmt.Sprintf("crypto signaling %s (line %d)", orWord(s.RemoteAddr, "default"), s.Line)
				if s.TLSProfile != "" {
					p := v.tlsProfile(s.TLSProfile)
					if p == nil || p.Trustpoint == "" {
						a.add(codeSIPNoTLSTrustpoint, "%s names voice class tls-profile %s, which does not exist or names no trustpoint", where, s.TLSProfile)
						signalingOK = false
						continue
					}
					tp = p.Trustpoint
				}
				if tp == "" {
					continue
				}
				if msg := a.holds(tp); msg != "" {
					a.add(codeSIPNoTLSTrustpoint, "%s names trustpoint %s, but %s", where, tp, msg)
					signalingOK = false
					continue
				}
				if !contains(sipTPs, tp) {
					sipTPs = append(sipTPs, tp)
				}
			}
		}
	}
	tlsSetUp := len(v.Signaling) > 0 || anyTLS || requireTLS
	allTLS, allSRTP := len(sip) > 0, len(sip) > 0
	for _, d := range sip {
		tls, srtp := v.usesTLS(d), v.usesSRTP(d)
		allTLS, allSRTP = allTLS && tls, allSRTP && srtp
		switch {
		case !tls && tlsSetUp:
			why := "the gateway sets up SIP TLS"
			if requireTLS && len(v.Signaling) == 0 && !anyTLS {
				why = "--require-tls is given"
			}
			a.add(codeDialPeerNotTLS, "dial-peer voice %s%s (line %d) sends SIP without TLS, while %s: add session transport tcp tls", d.Tag, described(d), d.Line, why)
		case tls && !srtp:
			extra := ""
			if d.Negotiate {
				extra = " (voice-class sip srtp negotiate cisco alone lets it answer SRTP with RTP, it does not turn SRTP on)"
			}
			a.add(codeDialPeerNoSRTP, "dial-peer voice %s%s (line %d) uses TLS but no srtp, so the signaling is encrypted and the voice is not%s: add srtp (or srtp fallback)", d.Tag, described(d), d.Line, extra)
		}
	}
	if len(sip) == 0 {
		allTLS, allSRTP = v.Global.Transport == "tcp tls", v.Global.SRTP != "" && v.Global.SRTP != "no srtp"
	}
	sv.SIPTLS = allTLS && signalingOK
	sv.SRTP = allSRTP

	// The names of the voice trustpoints.
	voiceTPs := append(append([]string(nil), sipTPs...), bridgeTPs...)
	seen := map[string]bool{}
	for _, name := range voiceTPs {
		if seen[name] {
			continue
		}
		seen[name] = true
		a.checkNames(name, contains(sipTPs, name) || len(v.Signaling) == 0)
	}

	// The certificate peers see: SIP TLS's, else the bridge's, else (as
	// the trustpoint audit assumes without crypto signaling) the first
	// CA-signed router certificate.
	for _, t := range tps {
		if r := a.device(t.Name); r != nil && !r.SelfSigned && len(v.Signaling) == 0 {
			voiceTPs = append(voiceTPs, t.Name)
		}
	}
	for _, name := range voiceTPs {
		if r := a.device(name); r != nil {
			sv.Trustpoint, sv.CASigned, sv.Renews, sv.Expires = name, !r.SelfSigned, r.Renews, r.NotAfter
			break
		}
	}
	sv.Summary = sv.String()
	return sv, a.findings
}

// registered reports whether profile id is associated to a register name.
func registered(v *Voice, id string) bool {
	for _, r := range v.Registrations {
		if r.Profile == id {
			return true
		}
	}
	return false
}

func (v *Voice) tlsProfile(tag string) *tlsProfileConfig {
	for i := range v.TLSProfiles {
		if v.TLSProfiles[i].Tag == tag {
			return &v.TLSProfiles[i]
		}
	}
	return nil
}

// checkNames compares a voice trustpoint's subject-name CN and fqdn (and
// its rsakeypair label, where the trustpoint's own audit does not) with
// the hostname and ip domain name.
func (a *voiceAudit) checkNames(tp string, labelChecked bool) {
	host, domain := a.g.Hostname, a.v.Domain
	if host == "" {
		return
	}
	var tc *trustpointConfig
	for i := range a.g.Config.Trustpoints {
		if a.g.Config.Trustpoints[i].Name == tp {
			tc = &a.g.Config.Trustpoints[i]
		}
	}
	if tc == nil {
		return
	}
	name := func(what, value string, withDomain bool) {
		if value == "" || value == "none" {
			return
		}
		switch verdict.NameMatch(value, host) {
		case verdict.CaseOnly:
			a.add(codeTrustpointNames, "trustpoint %s: %s %s differs from the hostname %q in letter case only, and letter case counts", tp, what, value, host)
			return
		case verdict.NoMatch:
			a.add(codeTrustpointNames, "trustpoint %s: %s %s is not the hostname %q", tp, what, value, host)
			return
		}
		d := strings.TrimPrefix(strings.TrimPrefix(value, host), ".")
		switch {
		case domain == "" || !withDomain && d == "":
		case d == "":
			a.add(codeTrustpointNames, "trustpoint %s: %s %s lacks the domain: give %s.%s (ip domain name is %s)", tp, what, value, host, domain, domain)
		case !strings.EqualFold(d, domain):
			a.add(codeTrustpointNames, "trustpoint %s: %s %s is not in the ip domain name %s", tp, what, value, domain)
		}
	}
	name("subject-name CN", subjectCN(tc.SubjectName), false)
	name("fqdn", tc.FQDN, true)
	if !labelChecked && tc.RSAKeypair != "" && tc.RSAKeypair != host {
		a.add(codeTrustpointNames, "trustpoint %s: the rsakeypair label %s is not the hostname %q, letter case included", tp, tc.RSAKeypair, host)
	}
}

// subjectCN returns the CN of a subject-name value ("cn=gw1,ou=Voice"),
// "" when it has none.
func subjectCN(s string) string {
	for _, part := range strings.Split(s, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "cn") {
			return strings.TrimSpace(val)
		}
	}
	return ""
}

func described(d dialPeer) string {
	if d.Description == "" {
		return ""
	}
	return fmt.Sprintf(" (%q)", d.Description)
}

func orHost(host string) string { return orWord(host, "HOSTNAME") }

func orWord(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func orList(list []string, host string) []string {
	if len(list) == 0 {
		return []string{orHost(host)}
	}
	return list
}

// voiceCodes puts the codes of a gateway's secure-voice findings on one of
// its rows: that of the voice certificate (SecureVoice.Trustpoint's
// device certificate), else its first.
func voiceCodes(rows []tableRow, g GatewayReport) {
	if len(rows) == 0 {
		return
	}
	at := &rows[0]
	if sv := g.SecureVoice; sv != nil {
		for i := range rows {
			if r := &rows[i]; r.Trustpoint == sv.Trustpoint && (r.Role == string(input.IOSDevice) || r.Role == string(input.IOSSelfSigned)) {
				at = r
				break
			}
		}
	}
	for _, f := range g.Findings {
		if voiceCode[f.Code] && !containsCode(at.Codes, f.Code) {
			at.Codes = append(at.Codes, f.Code)
		}
	}
}

var voiceCode = map[finding.Code]bool{codeRegisterName: true, codeDSPFarmNoTrustpoint: true, codeDSPFarmShutdown: true,
	codeSCCPNoTrustpoint: true, codeSIPNoTLSTrustpoint: true, codeDialPeerNotTLS: true, codeDialPeerNoSRTP: true, codeTrustpointNames: true}
