package ios

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseConfig(t *testing.T) {
	cfg, err := ParseConfig([]byte("hostname gw7\r\n!\r\n" +
		"crypto ca trustpoint gw7\r\n enrollment terminal pem\r\n subject-name cn=gw7\r\n rsakeypair gw7 2048\r\n auto-enroll\r\n chain-validation continue gw7-root\r\n!\r\n" +
		"crypto pki trustpoint gw7-root\r\nenrollment terminal\r\nrevocation-check crl none\r\n!\r\n" +
		"voice class tls-profile 1\r\n trustpoint gw7-tls\r\n cipher 1\r\n!\r\n" +
		"sip-ua\r\n crypto signaling remote-addr 192.0.2.20 255.255.255.255 trustpoint gw7\r\n crypto signaling default trustpoint gw7\r\n crypto signaling default tls-profile 1\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Hostname: "gw7",
		Trustpoints: []TrustpointConfig{
			{Name: "gw7", Enrollment: "terminal", SubjectName: "cn=gw7", RSAKeypair: "gw7", AutoEnroll: 100, ChainValidation: "continue gw7-root", Line: 3},
			// A capture whose pager ate the indentation: the sub-commands
			// are still known.
			{Name: "gw7-root", Enrollment: "terminal", RevocationCheck: "crl none", Line: 10},
		},
		Signaling: []string{"gw7-tls", "gw7"},
		Voice: Voice{Config: true,
			TLSProfiles: []TLSProfile{{Tag: "1", Trustpoint: "gw7-tls", Line: 14}},
			Signaling: []CryptoSignaling{{RemoteAddr: "192.0.2.20 255.255.255.255", Trustpoint: "gw7", Line: 19},
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
