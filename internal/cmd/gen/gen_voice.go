package main

import (
	"crypto"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"
)

// genVoice writes testdata/ios/voice: whole running configurations of the
// verybiggw gateway with its secure-voice configuration (the conference
// bridge, SCCP, SIP TLS and SRTP) in show running-config's layout:
//   - fieldguide.cfg, built as recommended, which gives no
//     finding;
//   - one file per pitfall, which gives exactly its finding;
//   - the global forms (voice service voip with session transport tcp tls
//     and srtp; a voice class tls-profile; a voice class tenant) that
//     satisfy the checks without per-dial-peer lines;
//   - the recommended configuration as a PuTTY capture (prompt, pager,
//     CRLF), and a template with FreeMarker lines;
//   - plain-sip.cfg, SIP without TLS, which gives findings only with
//     --require-tls;
//   - two-pitfalls.cfg, the README's example.
//
// manifest.json gives each file's gateway finding codes, in order.
func genVoice() {
	root := newCA("Example Voice Root CA", rsaKey("ios-rsa/root", 2048), nil)
	issuing := newCA("Example Voice Issuing CA", rsaKey("ios-rsa/issuing", 2048), root)
	gw := iosLeaf("verybiggw", "verybiggw.example.com", big.NewInt(0x1A2B3C4D5E6F), rsaKey("ios-rsa/verybiggw", 2048), issuing)
	licensing := newCA("Cisco Licensing Root CA", rsaKey("ios-rsa/licensing", 2048), nil)
	self := iosSelfSigned("IOS-Self-Signed-Certificate-3735928559", "", rsaKey("ios-rsa/self-signed", 2048), crypto.SHA256, notBefore, notAfter)
	chains := []iosChain{
		{"TP-self-signed-3735928559", []iosEntry{{"self-signed", self}}},
		{"SLA-TrustPoint", []iosEntry{{"ca", licensing.Cert}}},
		{"verybiggw", []iosEntry{{"", gw}, {"ca", issuing.Cert}}},
	}
	m := map[string][]string{}
	add := func(name string, v voiceGW, codes ...string) {
		v.chains = chains
		write("ios/voice/"+name, []byte(v.config()))
		if codes == nil {
			codes = []string{}
		}
		m[name] = codes
	}

	fg := fieldGuide()
	add("fieldguide.cfg", fg)

	// One pitfall each.
	p := fieldGuide()
	p.register = "VeryBigGW"
	add("register-name-case.cfg", p, "register-name")
	p = fieldGuide()
	p.register = "cfb-verybiggw"
	add("register-name.cfg", p, "register-name")
	p = fieldGuide()
	p.dspTrustpoint = ""
	add("dspfarm-no-trustpoint.cfg", p, "dspfarm-no-trustpoint")
	p = fieldGuide()
	p.dspTrustpoint, p.sccpTrustpoint = "cfb", "cfb"
	add("dspfarm-trustpoint-missing.cfg", p, "dspfarm-no-trustpoint")
	p = fieldGuide()
	p.dspShutdown = true
	add("dspfarm-shutdown.cfg", p, "dspfarm-shutdown")
	p = fieldGuide()
	p.sccpTrustpoint = ""
	add("sccp-no-trustpoint.cfg", p, "sccp-no-trustpoint")
	p = fieldGuide()
	p.sccpTrustpoint = "TP-self-signed-3735928559"
	add("sccp-other-trustpoint.cfg", p, "sccp-no-trustpoint")
	p = fieldGuide()
	p.signaling = ""
	add("sip-no-tls-trustpoint.cfg", p, "sip-no-tls-trustpoint")
	p = fieldGuide()
	p.signaling = "crypto signaling default trustpoint verybigGW"
	add("sip-tls-trustpoint-missing.cfg", p, "sip-no-tls-trustpoint")
	p = fieldGuide()
	p.peers[1].transport = ""
	add("dial-peer-not-tls.cfg", p, "dial-peer-not-tls")
	p = fieldGuide()
	p.peers[0].srtp = ""
	add("dial-peer-no-srtp.cfg", p, "dial-peer-no-srtp")
	p = fieldGuide()
	p.fqdn = "verybiggw.example.net"
	add("trustpoint-names.cfg", p, "trustpoint-names")
	p = fieldGuide()
	p.subject = "cn=VERYBIGGW"
	add("trustpoint-names-case.cfg", p, "trustpoint-names")

	// The global forms.
	g := fieldGuide()
	g.globalTLS, g.globalSRTP = true, true
	for i := range g.peers {
		g.peers[i].transport, g.peers[i].srtp, g.peers[i].negotiate = "", "", false
	}
	add("global-tls-srtp.cfg", g)
	t := fieldGuide()
	t.tlsProfile = true
	t.signaling = "crypto signaling default tls-profile 1"
	add("tls-profile.cfg", t)
	tn := fieldGuide()
	tn.tenant = true
	for i := range tn.peers {
		tn.peers[i].transport, tn.peers[i].srtp, tn.peers[i].tenant = "", "", "100"
	}
	add("tenant.cfg", tn)

	// What engineers capture.
	capture := "verybiggw#show running-config\nBuilding configuration...\n\n" + withChains(fg, chains).config() + "verybiggw#\n"
	putty := "=~=~=~=~=~=~=~=~=~=~=~= PuTTY log 2026.12.01 09:14:07 =~=~=~=~=~=~=~=~=~=~=~=\r\n" + strings.ReplaceAll(pager(capture, true), "\n", "\r\n")
	write("ios/voice/fieldguide-putty.log", []byte(putty))
	m["fieldguide-putty.log"] = []string{}
	tmpl := strings.Replace(withChains(fg, chains).config(), " srtp fallback\n", "<#if srtp>\n srtp fallback\n</#if>\n", -1)
	write("ios/voice/fieldguide-template.cfg", []byte(tmpl))
	m["fieldguide-template.cfg"] = []string{}

	// SIP without TLS: fine unless TLS is required.
	plain := fieldGuide()
	plain.signaling, plain.dsp, plain.tlsProfile = "", false, false
	for i := range plain.peers {
		plain.peers[i].transport, plain.peers[i].srtp, plain.peers[i].negotiate = "", "", false
	}
	add("plain-sip.cfg", plain)

	// The README's example: the bridge registered under the hostname in
	// other letter case, and a dial-peer to CUCM with srtp negotiate
	// alone.
	two := fieldGuide()
	two.register = "VERYBIGGW"
	two.peers[1].srtp = ""
	add("two-pitfalls.cfg", two, "register-name", "dial-peer-no-srtp")

	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("{\n")
	for i, n := range names {
		j, err := json.Marshal(m[n])
		check(err)
		fmt.Fprintf(&b, "  %q: %s", n, j)
		if i < len(names)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	write("ios/voice/manifest.json", []byte(b.String()))
}

func withChains(v voiceGW, chains []iosChain) voiceGW {
	v.chains = chains
	return v
}

// voiceGW is a gateway's running configuration around its voice
// certificate.
type voiceGW struct {
	chains []iosChain
	// The voice trustpoint's subject-name and fqdn.
	subject, fqdn string
	// The conference bridge: dsp says whether there is one.
	dsp                           bool
	dspTrustpoint, sccpTrustpoint string
	dspShutdown                   bool
	register                      string
	// sip-ua: the crypto signaling line, "" for none.
	signaling string
	// voice service voip: session transport tcp tls and srtp fallback
	// for every dial-peer; a tls-profile and a tenant.
	globalTLS, globalSRTP, tlsProfile, tenant bool
	peers                                     []voicePeer
}

type voicePeer struct {
	tag, description, pattern, target, transport, srtp, tenant string
	negotiate                                                  bool
}

// fieldGuide is the gateway as recommended: a secure
// conference bridge registered under the hostname with the voice
// trustpoint on the profile and the sccp ccm line, crypto signaling with
// the same trustpoint, and the dial-peers to and from CUCM with session
// transport tcp tls, srtp fallback and voice-class sip srtp negotiate
// cisco (which Cisco's CUBE guide pairs with srtp fallback).
func fieldGuide() voiceGW {
	return voiceGW{subject: "cn=verybiggw", fqdn: "verybiggw.example.com",
		dsp: true, dspTrustpoint: "verybiggw", sccpTrustpoint: "verybiggw", register: "verybiggw",
		signaling: "crypto signaling default trustpoint verybiggw",
		peers: []voicePeer{
			{tag: "100", description: "from CUCM", target: "", transport: "tcp tls", srtp: "srtp fallback", negotiate: true},
			{tag: "200", description: "to CUCM", pattern: "1...", target: "ipv4:192.0.2.20:5061", transport: "tcp tls", srtp: "srtp fallback", negotiate: true},
		}}
}

// config writes the whole show running-config, in IOS's order and
// layout: one space of indentation a level, ! between blocks, and the
// trailing blanks IOS leaves on some lines (sip-ua, the dspfarm profile
// and sccp ccm headers, voice-class codec), as public captures show them.
func (v voiceGW) config() string {
	var b strings.Builder
	b.WriteString("Current configuration : 11263 bytes\n!\n! Last configuration change at 09:12:44 UTC Tue Dec 1 2026 by admin\n!\nversion 17.9\n")
	b.WriteString("service timestamps debug datetime msec\nservice timestamps log datetime msec\n!\n")
	b.WriteString("hostname verybiggw\n!\nboot-start-marker\nboot-end-marker\n!\n!\nno aaa new-model\n!\nip domain name example.com\n!\n")
	for _, tp := range voiceTrustpoints("verybiggw", true) {
		if tp.name == "verybiggw" {
			var cmds []string
			for _, c := range tp.cmds {
				switch {
				case strings.HasPrefix(c, "subject-name "):
					c = "subject-name " + v.subject
				case strings.HasPrefix(c, "fqdn "):
					c = "fqdn " + v.fqdn
				}
				cmds = append(cmds, c)
			}
			tp.cmds = cmds
		}
		fmt.Fprintf(&b, "crypto pki trustpoint %s\n", tp.name)
		for _, c := range tp.cmds {
			fmt.Fprintf(&b, " %s\n", c)
		}
		b.WriteString("!\n")
	}
	b.WriteString(iosChains(v.chains...))
	b.WriteString("!\nlicense udi pid ISR4331/K9 sn FDO21520TGH\n!\n")
	if v.dsp {
		b.WriteString("voice-card 0/4\n dsp services dspfarm\n no watchdog\n!\n")
	}
	b.WriteString("voice service voip\n ip address trusted list\n  ipv4 192.0.2.20\n mode border-element\n allow-connections sip to sip\n")
	if v.globalSRTP {
		b.WriteString(" srtp fallback\n")
	}
	b.WriteString(" sip\n  bind control source-interface GigabitEthernet0/0/0\n  bind media source-interface GigabitEthernet0/0/0\n")
	if v.globalTLS {
		b.WriteString("  session transport tcp tls\n")
	}
	if v.globalSRTP {
		b.WriteString("  srtp negotiate cisco\n")
	}
	b.WriteString("  early-offer forced\n!\n")
	b.WriteString("voice class codec 1\n codec preference 1 g711ulaw\n codec preference 2 g711alaw\n!\n")
	if v.tenant {
		b.WriteString("voice class tenant 100\n  session transport tcp tls\n  srtp fallback\n  bind control source-interface GigabitEthernet0/0/0\n  bind media source-interface GigabitEthernet0/0/0\n!\n")
	}
	if v.tlsProfile {
		b.WriteString("voice class tls-profile 1\n trustpoint verybiggw\n cn-san validate server\n!\n")
	}
	b.WriteString("!\ninterface GigabitEthernet0/0/0\n ip address 192.0.2.10 255.255.255.0\n negotiation auto\n!\n")
	b.WriteString("control-plane\n!\n")
	if v.dsp {
		b.WriteString("sccp local GigabitEthernet0/0/0\n")
		if v.sccpTrustpoint != "" {
			fmt.Fprintf(&b, "sccp ccm 192.0.2.20 identifier 1 version 7.0 trustpoint %s\n", v.sccpTrustpoint)
		} else {
			b.WriteString("sccp ccm 192.0.2.20 identifier 1 version 7.0 \n")
		}
		b.WriteString("sccp\n!\nsccp ccm group 1\n bind interface GigabitEthernet0/0/0\n associate ccm 1 priority 1\n")
		fmt.Fprintf(&b, " associate profile 1 register %s\n!\n", v.register)
		b.WriteString("dspfarm profile 1 conference security \n")
		if v.dspTrustpoint != "" {
			fmt.Fprintf(&b, " trustpoint %s\n", v.dspTrustpoint)
		}
		b.WriteString(" codec g711ulaw\n codec g711alaw\n codec g729r8\n maximum sessions 4\n associate application SCCP\n")
		if v.dspShutdown {
			b.WriteString(" shutdown\n")
		}
		b.WriteString("!\n")
	}
	for _, p := range v.peers {
		fmt.Fprintf(&b, "dial-peer voice %s voip\n description %s\n", p.tag, p.description)
		if p.pattern != "" {
			fmt.Fprintf(&b, " destination-pattern %s\n", p.pattern)
		}
		b.WriteString(" session protocol sipv2\n")
		if p.target != "" {
			fmt.Fprintf(&b, " session target %s\n", p.target)
		}
		if p.transport != "" {
			fmt.Fprintf(&b, " session transport %s\n", p.transport)
		}
		if p.pattern == "" {
			b.WriteString(" incoming called-number .\n")
		}
		b.WriteString(" voice-class codec 1  \n")
		if p.negotiate {
			b.WriteString(" voice-class sip srtp negotiate cisco\n")
		}
		if p.tenant != "" {
			fmt.Fprintf(&b, " voice-class sip tenant %s\n", p.tenant)
		}
		b.WriteString(" dtmf-relay rtp-nte\n")
		if p.srtp != "" {
			fmt.Fprintf(&b, " %s\n", p.srtp)
		}
		b.WriteString(" no vad\n!\n")
	}
	b.WriteString("!\nsip-ua \n")
	if v.signaling != "" {
		fmt.Fprintf(&b, " %s \n", v.signaling)
	}
	b.WriteString("!\nline con 0\n transport input none\n stopbits 1\nline vty 0 4\n login local\n transport input ssh\n!\nend\n")
	return b.String()
}
