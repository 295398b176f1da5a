package ios

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/voicepki/certkit/internal/input"
)

// Config is what an IOS configuration says about PKI: the hostname, each
// crypto pki trustpoint, and which trustpoints SIP TLS uses.
type Config struct {
	Hostname    string
	Trustpoints []trustpointConfig
	// Chains names the crypto pki certificate chain blocks, in order (their
	// certificates are convert.Decode's to read).
	Chains []string
	// Signaling lists the trustpoints named by crypto signaling under
	// sip-ua (default trustpoint X, remote-addr ... trustpoint X) or by
	// a voice class tls-profile (trustpoint X): the ones whose
	// certificate a SIP TLS peer such as CUCM sees.
	Signaling []string
	// Voice is the secure-voice configuration around the certificates:
	// the DSP farm, SCCP, SIP TLS and SRTP (voice.go).
	Voice Voice
}

// trustpointConfig is one crypto pki trustpoint block. A sub-command the
// block does not have is empty (or 0).
type trustpointConfig struct {
	Name string
	// Enrollment is "terminal", "url", "selfsigned" or "pkcs12" (or
	// whatever word follows enrollment); EnrollmentURL the URL of
	// enrollment url.
	Enrollment    string
	EnrollmentURL string
	// Hash is the hash sub-command's algorithm ("sha256"); without it
	// many IOS releases sign requests with SHA-1.
	Hash            string
	RevocationCheck string // "none", "crl", "ocsp none", ...
	FQDN            string
	SubjectName     string // "cn=verybiggw"
	SubjectAltName  string
	ChainValidation string // "stop", "continue ROOT-TP", ...
	RSAKeypair      string // the key label of rsakeypair LABEL [SIZE]
	// AutoEnroll is the percentage of auto-enroll P [regenerate], 0 without
	// it; AutoEnrollRegenerate says whether regenerate is given. A bare
	// auto-enroll is read as 100 (renew when the certificate expires),
	// which certkit has not confirmed in Cisco's documentation.
	AutoEnroll           int
	AutoEnrollRegenerate bool
	Line                 int // 1-based line of crypto pki trustpoint
}

// parseConfigText reads the hostname, the crypto pki trustpoint blocks and
// the sip-ua crypto signaling lines of a configuration or a capture of
// one (show running-config, a backup file), read as ParseShow reads text.
// Lines it does not know are skipped; only binary input is an error.
func parseConfigText(data []byte) (*Config, error) {
	lines, err := input.Lines(data)
	if err != nil {
		return nil, fmt.Errorf("ios: %w", err)
	}
	return parseConfig(lines), nil
}

func parseConfig(lines []string) *Config {
	cfg := &Config{}
	var tp *trustpointConfig
	tlsProfile := false // in a voice class tls-profile block
	for i, raw := range lines {
		l := strings.TrimSpace(raw)
		if templateLine(l) {
			continue // a template's directive, inside or between blocks
		}
		indented := len(raw) > 0 && (raw[0] == ' ' || raw[0] == '\t')
		if tlsProfile {
			if f := strings.Fields(l); indented && len(f) == 2 && f[0] == "trustpoint" {
				cfg.addSignaling(f[1])
			}
			tlsProfile = indented
		}
		if tp != nil {
			if l == "" || l == "!" || !indented && !isTrustpointCommand(l) {
				tp = nil
			} else {
				tp.set(strings.Fields(l))
				continue
			}
		}
		f := strings.Fields(l)
		switch {
		case len(f) == 2 && f[0] == "hostname" && !indented && hostname(f[1]):
			cfg.Hostname = f[1]
		case len(f) >= 4 && f[0] == "crypto" && (f[1] == "pki" || f[1] == "ca") && f[2] == "trustpoint":
			cfg.Trustpoints = append(cfg.Trustpoints, trustpointConfig{Name: f[3], Line: i + 1})
			tp = &cfg.Trustpoints[len(cfg.Trustpoints)-1]
		case len(f) >= 5 && f[0] == "crypto" && (f[1] == "pki" || f[1] == "ca") && f[2] == "certificate" && f[3] == "chain":
			cfg.Chains = append(cfg.Chains, f[4])
		case len(f) >= 4 && f[0] == "crypto" && f[1] == "signaling":
			for j := 2; j+1 < len(f); j++ {
				if f[j] == "trustpoint" {
					cfg.addSignaling(f[j+1])
				}
			}
		case len(f) >= 3 && f[0] == "voice" && f[1] == "class" && f[2] == "tls-profile" && !indented:
			// IOS-XE names the SIP TLS trustpoint in a tls-profile that
			// crypto signaling then refers to.
			tlsProfile = true
		}
	}
	cfg.Voice = *parseVoice(lines)
	return cfg
}

func (c *Config) addSignaling(tp string) {
	if !contains(c.Signaling, tp) {
		c.Signaling = append(c.Signaling, tp)
	}
}

// isTrustpointCommand reports whether l starts with a sub-command of
// crypto pki trustpoint, for captures whose pager ate the indentation.
func isTrustpointCommand(l string) bool {
	w, _, _ := strings.Cut(l, " ")
	switch w {
	case "enrollment", "serial-number", "fqdn", "ip-address", "subject-name", "subject-alt-name",
		"revocation-check", "rsakeypair", "eckeypair", "auto-enroll", "hash", "chain-validation",
		"password", "usage", "crl", "ocsp", "source", "vrf", "match", "validation-usage", "auto-trigger":
		return true
	}
	return false
}

// set applies one sub-command.
func (t *trustpointConfig) set(f []string) {
	if len(f) == 0 {
		return
	}
	rest := strings.Join(f[1:], " ")
	switch f[0] {
	case "enrollment":
		if len(f) < 2 || f[1] == "retry" || f[1] == "mode" || f[1] == "profile" {
			return
		}
		t.Enrollment = f[1]
		if f[1] == "url" && len(f) > 2 {
			t.EnrollmentURL = f[2]
		}
	case "hash":
		t.Hash = rest
	case "revocation-check":
		t.RevocationCheck = rest
	case "fqdn":
		t.FQDN = rest
	case "subject-name":
		t.SubjectName = rest
	case "subject-alt-name":
		t.SubjectAltName = rest
	case "chain-validation":
		t.ChainValidation = rest
	case "rsakeypair":
		if len(f) > 1 {
			t.RSAKeypair = f[1]
		}
	case "auto-enroll":
		t.AutoEnroll = 100 // a bare auto-enroll: read as renewal at expiry (not confirmed)
		for _, w := range f[1:] {
			if n, err := strconv.Atoi(w); err == nil {
				t.AutoEnroll = n
			}
			if w == "regenerate" {
				t.AutoEnrollRegenerate = true
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
