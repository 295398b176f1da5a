package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/voicepki/certkit/pkg/cisco/cucm"
	"github.com/voicepki/certkit/pkg/csr"
)

// TestServicesOneTable checks that csr --service and cucm --service take
// their purposes from one table: every purpose csr accepts, cucm plans or
// refuses as not planned (ITLRecovery), in any letter case; a name neither
// knows is bad usage for both; and each command's help lists its names.
func TestServicesOneTable(t *testing.T) {
	var planned []string
	for _, s := range cucm.Services() {
		planned = append(planned, s.Name)
	}
	for _, name := range csr.Services() {
		for _, typed := range []string{name, strings.ToLower(name)} {
			if code, _, errs := certkit(t, nil, "csr", "--service", typed, csrData("vgw1.csr")); code == exitUsage {
				t.Errorf("csr --service %s: exit %d: %s", typed, code, errs)
			}
			code, _, errs := certkit(t, nil, "cucm", "--service", typed, convertData("samples/certnew.p7b"))
			switch {
			case slices.Contains(planned, name) && code == exitUsage:
				t.Errorf("cucm --service %s: exit %d: %s", typed, code, errs)
			case !slices.Contains(planned, name) && (code != exitUsage || !strings.Contains(errs, "does not plan")):
				t.Errorf("cucm --service %s (not planned): exit %d: %s", typed, code, errs)
			}
		}
	}
	for _, p := range planned {
		if !slices.Contains(csr.Services(), p) {
			t.Errorf("cucm plans %s, which csr does not know", p)
		}
	}
	if len(planned) != len(csr.Services())-1 {
		t.Errorf("cucm plans %v of csr's %v; only ITLRecovery should be left out", planned, csr.Services())
	}
	for _, cmd := range []string{"csr", "cucm"} {
		if code, _, _ := certkit(t, nil, cmd, "--service", "CallManger", convertData("samples/certnew.p7b")); code != exitUsage {
			t.Errorf("%s --service CallManger: exit %d, want %d", cmd, code, exitUsage)
		}
		_, help, _ := certkit(t, nil, cmd, "-h")
		for _, p := range planned {
			if !strings.Contains(help, p) {
				t.Errorf("%s -h does not list %s", cmd, p)
			}
		}
	}
}
