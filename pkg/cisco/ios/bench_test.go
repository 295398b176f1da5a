package ios

import (
	"sync"
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/convert"
)

// fleet1000 is 1,000 generated gateway configurations, made once.
var fleet1000 = sync.OnceValues(func() ([][]byte, error) {
	k, err := testkit.NewFleetKeys()
	if err != nil {
		return nil, err
	}
	return testkit.Fleet(1000, k)
})

func fleetConfigs(b *testing.B) [][]byte {
	cfgs, err := fleet1000()
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, c := range cfgs {
		n += int64(len(c))
	}
	b.SetBytes(n)
	return cfgs
}

// BenchmarkAuditFleet1000 reads 1,000 configurations and audits them:
// what certkit ios audit does after reading the files.
func BenchmarkAuditFleet1000(b *testing.B) {
	cfgs := fleetConfigs(b)
	for b.Loop() {
		gws := make([]*Gateway, len(cfgs))
		for i, c := range cfgs {
			g, err := Read("gw.cfg", c)
			if err != nil {
				b.Fatal(err)
			}
			gws[i] = g
		}
		rep := auditGateways(groupGateways(gws), Options{})
		if len(rep.Gateways) != len(cfgs) || len(rep.rows()) != 2*len(cfgs) {
			b.Fatalf("%d gateways", len(rep.Gateways))
		}
	}
}

// BenchmarkDecodeFleet1000 is the floor: convert.Decode alone on the same
// configurations (the certificates, no audit).
func BenchmarkDecodeFleet1000(b *testing.B) {
	cfgs := fleetConfigs(b)
	for b.Loop() {
		for _, c := range cfgs {
			if _, err := convert.Decode(c, convert.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
