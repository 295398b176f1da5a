package ios

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// voiceAuditOf reads one capture and audits it at auditAt: the codes of
// the gateway's findings, in order, the codes of its trustpoints'
// findings, and its summary.
func voiceAuditOf(t *testing.T, name string, data []byte, opts Options) (gateway, trustpoints []string, sv *secureVoice) {
	t.Helper()
	g, err := Read(name, data)
	if err != nil {
		t.Fatal(err)
	}
	opts.At = auditAt
	rep := auditGateways([]*Gateway{g}, opts)
	gateway, trustpoints = []string{}, []string{}
	for _, f := range rep.Gateways[0].Findings {
		gateway = append(gateway, string(f.Code))
	}
	for _, tp := range rep.Gateways[0].Trustpoints {
		for _, f := range tp.Findings {
			trustpoints = append(trustpoints, tp.Name+":"+string(f.Code))
		}
	}
	return gateway, trustpoints, rep.Gateways[0].SecureVoice
}

// TestVoiceGenerated: the recommended gateway gives no finding, each
// pitfall exactly its own, the global forms none, as manifest.json says;
// and none gives a trustpoint finding (the certificates are sound).
func TestVoiceGenerated(t *testing.T) {
	var want map[string][]string
	if err := json.Unmarshal(readTestdata(t, "ios/voice/manifest.json"), &want); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "ios", "voice", "*"))
	if len(files) != len(want)+1 {
		t.Errorf("%d files in testdata/ios/voice, the manifest names %d", len(files)-1, len(want))
	}
	names := make([]string, 0, len(want))
	for n := range want {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			got, tps, sv := voiceAuditOf(t, name, readTestdata(t, "ios/voice/"+name), Options{})
			if diff := cmp.Diff(want[name], got); diff != "" {
				t.Errorf("gateway findings (-want +got):\n%s", diff)
			}
			if len(tps) > 0 {
				t.Errorf("trustpoint findings %v", tps)
			}
			if sv == nil || sv.Trustpoint != "verybiggw" || !sv.CASigned || sv.Renews == nil || day(*sv.Renews) != "2105-01-01" {
				t.Errorf("summary %+v", sv)
			}
		})
	}
}

// TestVoiceSummary: the summary line of the recommended gateway, of the
// README's two pitfalls, and of a plain SIP gateway.
func TestVoiceSummary(t *testing.T) {
	for name, want := range map[string]string{
		"fieldguide.cfg":            "bridge secure yes, SIP TLS yes, SRTP yes, certificate CA-signed yes, renews on 2105-01-01",
		"two-pitfalls.cfg":          "bridge secure no, SIP TLS yes, SRTP no, certificate CA-signed yes, renews on 2105-01-01",
		"plain-sip.cfg":             "bridge secure no, SIP TLS no, SRTP no, certificate CA-signed yes, renews on 2105-01-01",
		"dspfarm-shutdown.cfg":      "bridge secure no, SIP TLS yes, SRTP yes, certificate CA-signed yes, renews on 2105-01-01",
		"sip-no-tls-trustpoint.cfg": "bridge secure yes, SIP TLS no, SRTP yes, certificate CA-signed yes, renews on 2105-01-01",
	} {
		_, _, sv := voiceAuditOf(t, name, readTestdata(t, "ios/voice/"+name), Options{})
		if sv == nil || sv.String() != want {
			t.Errorf("%s: summary %v, want %s", name, sv, want)
		}
	}
	// The old gateway presents its self-signed certificate for SIP TLS,
	// without auto-enroll.
	_, _, sv := voiceAuditOf(t, "oldgw.cfg", readTestdata(t, "ios/fleet/oldgw.cfg"), Options{})
	if want := "bridge secure no, SIP TLS yes, SRTP no, certificate CA-signed no, no renewal (expires on 2020-01-01)"; sv == nil || sv.String() != want {
		t.Errorf("oldgw: summary %v, want %s", sv, want)
	}
	// Show output alone says nothing of the configuration.
	_, _, sv = voiceAuditOf(t, "show.txt", readTestdata(t, "ios/show/certificates.txt"), Options{})
	if sv != nil {
		t.Errorf("show output: summary %+v, want none", sv)
	}
}

// TestVoiceRequireTLS: a gateway that sets up no SIP TLS is told about
// its SIP dial-peers only when TLS is required, each by tag and
// description.
func TestVoiceRequireTLS(t *testing.T) {
	data := readTestdata(t, "ios/voice/plain-sip.cfg")
	if got, _, _ := voiceAuditOf(t, "plain-sip.cfg", data, Options{}); len(got) != 0 {
		t.Errorf("without RequireTLS: %v", got)
	}
	g, err := Read("plain-sip.cfg", data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range auditGateways([]*Gateway{g}, Options{At: auditAt, RequireTLS: true}).Gateways[0].Findings {
		got = append(got, string(f.Code)+": "+f.Message)
	}
	want := []string{
		`dial-peer-not-tls: dial-peer voice 100 ("from CUCM") (line 188) sends SIP without TLS, while --require-tls is given: add session transport tcp tls`,
		`dial-peer-not-tls: dial-peer voice 200 ("to CUCM") (line 196) sends SIP without TLS, while --require-tls is given: add session transport tcp tls`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestParseVoiceFieldGuide: what the parser reads of the recommended
// gateway.
func TestParseVoiceFieldGuide(t *testing.T) {
	v, err := ParseVoice(readTestdata(t, "ios/voice/fieldguide.cfg"))
	if err != nil {
		t.Fatal(err)
	}
	want := &Voice{Config: true, Domain: "example.com",
		DSPFarms:      []dspFarmProfile{{ID: "1", Service: "conference", Security: true, Trustpoint: "verybiggw"}},
		CCMs:          []sccpCCM{{Address: "192.0.2.20", Identifier: "1", Version: "7.0", Trustpoint: "verybiggw"}},
		Registrations: []registration{{Group: "1", Profile: "1", Name: "verybiggw"}},
		Signaling:     []cryptoSignaling{{Trustpoint: "verybiggw"}},
		DialPeers: []dialPeer{
			{Tag: "100", Description: "from CUCM", SIP: true, Transport: "tcp tls", SRTP: "srtp fallback", Negotiate: true},
			{Tag: "200", Description: "to CUCM", SIP: true, Transport: "tcp tls", SRTP: "srtp fallback", Negotiate: true},
		}}
	ignoreLines := cmpopts.IgnoreFields(dspFarmProfile{}, "Line")
	opts := []cmp.Option{ignoreLines, cmpopts.IgnoreFields(sccpCCM{}, "Line"), cmpopts.IgnoreFields(registration{}, "Line"),
		cmpopts.IgnoreFields(cryptoSignaling{}, "Line"), cmpopts.IgnoreFields(dialPeer{}, "Line"), cmpopts.EquateEmpty()}
	if diff := cmp.Diff(want, v, opts...); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if v.DSPFarms[0].Line != 201 || v.DialPeers[1].Line != 220 {
		t.Errorf("lines: dspfarm %d, dial-peer 200 %d", v.DSPFarms[0].Line, v.DialPeers[1].Line)
	}
}

// TestVoiceDefaults: which setting a dial-peer ends up with: its own line,
// else its tenant's, else voice service voip's; session transport system
// and a missing line defer; no srtp and session transport udp do not;
// srtp negotiate cisco is not SRTP.
func TestVoiceDefaults(t *testing.T) {
	global := "voice service voip\n srtp\n sip\n  session transport tcp tls\n!\nvoice class tenant 7\n  session transport udp\n!\n"
	for _, tc := range []struct {
		name, cfg string
		tls, srtp bool
	}{
		{"nothing", "dial-peer voice 1 voip\n session protocol sipv2\n", false, false},
		{"global", global + "dial-peer voice 1 voip\n session protocol sipv2\n", true, true},
		{"system", global + "dial-peer voice 1 voip\n session protocol sipv2\n session transport system\n", true, true},
		{"own udp over global", global + "dial-peer voice 1 voip\n session protocol sipv2\n session transport udp\n no srtp\n", false, false},
		{"tenant over global", global + "dial-peer voice 1 voip\n session protocol sipv2\n voice-class sip tenant 7\n", false, true},
		{"negotiate is not srtp", "voice service voip\n sip\n  session transport tcp tls\n  srtp negotiate cisco\n!\ndial-peer voice 1 voip\n session protocol sipv2\n voice-class sip srtp negotiate cisco\n", true, false},
		{"srtp under sip", "voice service voip\n sip\n  srtp fallback\n!\ndial-peer voice 1 voip\n session protocol sipv2\n", false, true},
		{"h323 transport is not sip's", "voice service voip\n h323\n  session transport tcp\n sip\n!\ndial-peer voice 1 voip\n session protocol sipv2\n", false, false},
		{"tabs and CRLF", strings.ReplaceAll(strings.ReplaceAll(global, " ", "\t"), "\n", "\r\n") + "dial-peer voice 1 voip\r\n\tsession protocol sipv2\r\n", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := ParseVoice([]byte(tc.cfg))
			if err != nil {
				t.Fatal(err)
			}
			if len(v.DialPeers) != 1 || !v.DialPeers[0].SIP {
				t.Fatalf("dial-peers %+v", v.DialPeers)
			}
			if tls, srtp := v.usesTLS(v.DialPeers[0]), v.usesSRTP(v.DialPeers[0]); tls != tc.tls || srtp != tc.srtp {
				t.Errorf("TLS %v SRTP %v, want %v %v", tls, srtp, tc.tls, tc.srtp)
			}
		})
	}
}

// TestVoiceTolerant: indentation lost to a pager (a crypto signaling line
// at the left margin is still read), ! lines inside blocks, a dspfarm
// profile given no shutdown after shutdown, remote-addr signaling.
func TestVoiceTolerant(t *testing.T) {
	cfg := "sip-ua\n !\n crypto signaling remote-addr 192.0.2.0 255.255.255.0 trustpoint gw1\n" +
		"dspfarm profile 2 transcode security\n trustpoint gw1\n shutdown\n no shutdown\n !\n" +
		"dspfarm profile 3 mtp\n maximum sessions software 100\n"
	v, err := ParseVoice([]byte(cfg))
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Signaling) != 1 || v.Signaling[0].RemoteAddr != "192.0.2.0 255.255.255.0" || v.Signaling[0].Trustpoint != "gw1" {
		t.Errorf("signaling %+v", v.Signaling)
	}
	if len(v.DSPFarms) != 2 || v.DSPFarms[0].Shutdown || !v.DSPFarms[0].Security || v.DSPFarms[0].Service != "transcode" || v.DSPFarms[1].Security {
		t.Errorf("dspfarm %+v", v.DSPFarms)
	}
	if _, err := ParseVoice([]byte{0, 1, 2, 0xff}); err == nil {
		t.Error("binary input gave no error")
	}
}

// TestVoicePublic reads real public configurations (CUBE with SIP TLS and
// SRTP) that certkit may not commit: see testdata/README.md for where each
// comes from and how to put them in the folder $CERTKIT_PUBLIC_IOS names.
// Each must be read without error and give what its author configured.
func TestVoicePublic(t *testing.T) {
	dir := os.Getenv("CERTKIT_PUBLIC_IOS")
	if dir == "" {
		t.Skip("CERTKIT_PUBLIC_IOS is not set: the public IOS configurations are not committed (testdata/README.md says where they come from)")
	}
	for _, tc := range []struct {
		file      string
		signaling []string // the trustpoints crypto signaling names
		srtpPeers []string // the SIP dial-peers with SRTP
		tlsPeers  []string // the SIP dial-peers with TLS
	}{
		// A CUBE between Microsoft Teams and a SIP provider: TLS set by
		// the voice class tenants the dial-peers name, srtp on each.
		{"Microsoft_Teams_Direct_Routing_with_CUBE.txt", []string{"SBC-CERT-STORE"}, []string{"1", "2", "3", "4"}, []string{"1", "2", "3", "4"}},
		// A CUCM-CUBE-Teams webinar's configuration: likewise, with one
		// tenant.
		{"CUCM_MS_Teams_Integration.md", []string{"SBC-CERT-STORE"}, []string{"1", "2", "3", "4"}, []string{"1", "2", "3", "4"}},
		// A CUCM-CUBE secure SIP trunk: srtp on the four dial-peers, the
		// crypto signaling line pasted without its indentation, and the
		// tenant the dial-peers name not in the file, so no TLS is read.
		{"Reuse_Tomcat_MSAN_Certificate_as_CallManager_Cert_CUCM_CUBE_Secure_SIP_Trunk.txt", []string{"SBC-CERT-STORE"}, []string{"101", "102", "103", "104"}, nil},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tc.file))
			if os.IsNotExist(err) {
				t.Skipf("%s is not in %s", tc.file, dir)
			}
			if err != nil {
				t.Fatal(err)
			}
			v, err := ParseVoice(data)
			if err != nil {
				t.Fatal(err)
			}
			var sig, srtp, tls []string
			for _, s := range v.Signaling {
				if s.Trustpoint != "" && !contains(sig, s.Trustpoint) {
					sig = append(sig, s.Trustpoint)
				}
			}
			for _, d := range v.DialPeers {
				if d.SIP && v.usesSRTP(d) {
					srtp = append(srtp, d.Tag)
				}
				if d.SIP && v.usesTLS(d) {
					tls = append(tls, d.Tag)
				}
			}
			if diff := cmp.Diff(tc.signaling, sig); diff != "" {
				t.Errorf("signaling (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.srtpPeers, srtp); diff != "" {
				t.Errorf("SRTP dial-peers (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.tlsPeers, tls); diff != "" {
				t.Errorf("TLS dial-peers (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzParseVoice: the voice parser never panics, whatever it reads has
// its line, and the audit of what it read never panics either.
func FuzzParseVoice(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzParseVoice", "*"))
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no seed corpus in testdata/fuzz/FuzzParseVoice (%v)", err)
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "ios", "voice", "*.cfg"))
	if len(files) == 0 {
		f.Fatal("no generated voice configurations")
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := ParseVoice(data)
		if err != nil {
			if v != nil {
				t.Fatal("a result with an error")
			}
			return
		}
		for _, p := range v.DSPFarms {
			if p.ID == "" || p.Line < 1 {
				t.Fatalf("dspfarm profile without ID or line: %+v", p)
			}
		}
		for _, d := range v.DialPeers {
			if d.Tag == "" || d.Line < 1 {
				t.Fatalf("dial-peer without tag or line: %+v", d)
			}
			v.usesTLS(d)
			v.usesSRTP(d)
		}
		if g, err := Read("fuzz.cfg", data); err == nil {
			for _, gr := range auditGateways([]*Gateway{g}, Options{At: auditAt, RequireTLS: true}).Gateways {
				if gr.SecureVoice != nil {
					_ = gr.SecureVoice.String()
				}
			}
		}
	})
}
