package ios

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseConfig(t *testing.T) {
	cfg, err := parseConfigText([]byte("hostname gw7\r\n!\r\n" +
		"crypto ca trustpoint gw7\r\n enrollment terminal pem\r\n subject-name cn=gw7\r\n rsakeypair gw7 2048\r\n auto-enroll\r\n chain-validation continue gw7-root\r\n!\r\n" +
		"crypto pki trustpoint gw7-root\r\nenrollment terminal\r\nrevocation-check crl none\r\n!\r\n" +
		"voice class tls-profile 1\r\n trustpoint gw7-tls\r\n cipher 1\r\n!\r\n" +
		"sip-ua\r\n crypto signaling remote-addr 192.0.2.20 255.255.255.255 trustpoint gw7\r\n crypto signaling default trustpoint gw7\r\n crypto signaling default tls-profile 1\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Hostname: "gw7",
		Trustpoints: []trustpointConfig{
			{Name: "gw7", Enrollment: "terminal", SubjectName: "cn=gw7", RSAKeypair: "gw7", AutoEnroll: 100, ChainValidation: "continue gw7-root", Line: 3},
			// A capture whose pager ate the indentation: the sub-commands
			// are still known.
			{Name: "gw7-root", Enrollment: "terminal", RevocationCheck: "crl none", Line: 10},
		},
		Signaling: []string{"gw7-tls", "gw7"},
		Voice: Voice{Config: true,
			TLSProfiles: []tlsProfileConfig{{Tag: "1", Trustpoint: "gw7-tls", Line: 14}},
			Signaling: []cryptoSignaling{{RemoteAddr: "192.0.2.20 255.255.255.255", Trustpoint: "gw7", Line: 19},
				{Trustpoint: "gw7", Line: 20}, {TLSProfile: "1", Line: 21}}},
	}
	if diff := cmp.Diff(want, cfg); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestReadNotIOS(t *testing.T) {
	if _, err := Read("notes.txt", []byte("meeting notes\nnothing here\n")); err == nil {
		t.Error("plain text read as a gateway")
	}
	if _, err := Read("bad.txt", readTestdata(t, "ios/config/bad/odd-length.txt")); err == nil {
		t.Error("broken hex read as a gateway")
	}
}

// TestTemplateConfig: a configuration kept as a template (FreeMarker
// <#if ...> lines, as provisioning tools keep them) names its gateway by
// its hostname line, never "<" from a directive read as a prompt, and a
// directive inside a trustpoint block does not end it. Issue 17's
// regression test.
func TestTemplateConfig(t *testing.T) {
	tmpl := "<#-- voice gateway -->\nhostname vgw1\n!\n<#if tls>\ncrypto pki trustpoint vgw1\n enrollment terminal\n<#if sha256>\n hash sha256\n</#if>\n" +
		" subject-name cn=vgw1\n revocation-check none\n</#if>\n!\n{% if sip %}\nsip-ua\n crypto signaling default trustpoint vgw1\n{% endif %}\n"
	g, err := Read("vgw1.ftl", []byte(tmpl))
	if err != nil {
		t.Fatal(err)
	}
	if g.Hostname != "vgw1" {
		t.Errorf("hostname %q, want vgw1", g.Hostname)
	}
	if len(g.Config.Trustpoints) != 1 || g.Config.Trustpoints[0].Hash != "sha256" || g.Config.Trustpoints[0].SubjectName != "cn=vgw1" {
		t.Errorf("trustpoints %+v", g.Config.Trustpoints)
	}
	if len(g.Config.Signaling) != 1 {
		t.Errorf("signaling %v", g.Config.Signaling)
	}
	// The hostname a placeholder: no name, rather than a wrong one.
	g, err = Read("any.ftl", []byte(strings.Replace(tmpl, "hostname vgw1", "hostname ${hostname}", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if g.Hostname != "" {
		t.Errorf("hostname %q from a placeholder, want none", g.Hostname)
	}
	// No hostname line at all: the directives are no prompts.
	g, err = Read("any.ftl", []byte(strings.Replace(tmpl, "hostname vgw1\n", "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if g.Hostname != "" {
		t.Errorf("hostname %q from a template's directive, want none", g.Hostname)
	}
}
