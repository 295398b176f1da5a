package ios

import (
	"errors"
	"fmt"

	"github.com/voicepki/certkit/internal/input"
	"github.com/voicepki/certkit/pkg/convert"
)

// Gateway is what the captures of one gateway say: its configuration,
// the certificates its configuration holds, and its show output.
type Gateway struct {
	// Hostname comes from the configuration's hostname line, else from
	// a prompt in show output; "" when neither is there.
	Hostname string
	// Files names the captures read, in order.
	Files []string
	// Config is the configuration; for show output alone it is empty
	// but for the hostname.
	Config Config
	// Certificates are the certificates of the configuration's
	// crypto pki certificate chain blocks (and of crypto pki export
	// captures), each with its trustpoint and role.
	Certificates []input.IOSCertificate
	// References are certificates the configuration names without hex.
	References []input.IOSReference
	// Records are what show crypto pki output says.
	Records     []Record
	States      []trustpointState
	hasIOS      bool // a capture held IOS text
	hasConfigTP bool
}

// ErrNotIOS is what Read's error matches (errors.Is) for a readable input
// that holds no IOS configuration and no show crypto pki output.
var ErrNotIOS = errors.New("ios: no IOS configuration or show crypto pki output")

// Read reads one capture of a gateway (name labels it in messages and in
// Gateway.Files): a configuration (show running-config, a backup, a
// crypto pki export capture) or show crypto pki output, or both in one
// terminal log. Broken certificate hex in IOS text is an error (a
// *convert.DecodeError, wrapped). Input with nothing of IOS's in it is an
// error matching ErrNotIOS, whatever else it is (a PEM file, a .pfx, an
// image): a folder of backups holds such files too.
func Read(name string, data []byte) (*Gateway, error) {
	res, decodeErr := convert.Decode(data, convert.Options{})
	if errors.Is(decodeErr, convert.ErrNoCertificates) || errors.Is(decodeErr, convert.ErrUnrecognized) {
		decodeErr = nil
	}
	lines, err := input.Lines(data)
	if err != nil {
		return nil, fmt.Errorf("%w in %s (%v)", ErrNotIOS, name, err)
	}
	cfg, show := parseConfig(lines), parseShow(lines)
	g := &Gateway{Hostname: cfg.Hostname, Files: []string{name}, Config: *cfg, Records: show.Records, States: show.Trustpoints}
	if g.Hostname == "" {
		g.Hostname = show.Hostname
		g.Config.Hostname = show.Hostname
	}
	if res != nil && decodeErr == nil {
		g.Certificates, g.References = res.IOS, res.IOSReferences
	}
	g.hasConfigTP = len(cfg.Trustpoints) > 0
	g.hasIOS = len(g.Certificates) > 0 || len(g.References) > 0 || len(g.Records) > 0 || len(g.States) > 0 ||
		g.hasConfigTP || cfg.Hostname != "" || len(cfg.Chains) > 0
	switch {
	case decodeErr != nil && g.hasIOS:
		return nil, fmt.Errorf("ios: %s: %w", name, decodeErr)
	case decodeErr != nil:
		return nil, fmt.Errorf("%w in %s (%v)", ErrNotIOS, name, decodeErr)
	case !g.hasIOS:
		return nil, fmt.Errorf("%w in %s", ErrNotIOS, name)
	}
	return g, nil
}

// groupGateways merges the gateways read from several captures that name the same
// hostname (a configuration and a show capture of one gateway), keeping
// the order in which each hostname first appears. Gateways without a
// hostname stay apart.
func groupGateways(gws []*Gateway) []*Gateway {
	var out []*Gateway
	byHost := map[string]*Gateway{}
	for _, g := range gws {
		if g == nil {
			continue
		}
		o := byHost[g.Hostname]
		if g.Hostname == "" || o == nil {
			c := *g
			out = append(out, &c)
			if g.Hostname != "" {
				byHost[g.Hostname] = &c
			}
			continue
		}
		o.Files = append(o.Files, g.Files...)
		o.Config.Trustpoints = append(o.Config.Trustpoints, g.Config.Trustpoints...)
		for _, s := range g.Config.Signaling {
			if !contains(o.Config.Signaling, s) {
				o.Config.Signaling = append(o.Config.Signaling, s)
			}
		}
		if !o.Config.Voice.Config && o.Config.Voice.empty() {
			o.Config.Voice = g.Config.Voice
		}
		o.Certificates = append(o.Certificates, g.Certificates...)
		o.References = append(o.References, g.References...)
		o.Records = append(o.Records, g.Records...)
		o.States = append(o.States, g.States...)
		o.hasConfigTP = o.hasConfigTP || g.hasConfigTP
	}
	return out
}
