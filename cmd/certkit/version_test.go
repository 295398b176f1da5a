package main

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"
)

func TestWriteVersion(t *testing.T) {
	for _, tc := range []struct {
		name         string
		bi           *debug.BuildInfo
		stamped, rev string
		want         string
	}{
		{"local build", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/voicepki/certkit", Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "705e2951c3f4"}, {Key: "vcs.time", Value: "2026-12-01T19:30:00Z"}, {Key: "vcs.modified", Value: "true"}}},
			"", "", "certkit (devel) (revision 705e2951c3f4 of 2026-12-01T19:30:00Z, modified; built with go1.26.8)\n"},
		{"go install @latest", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}}, "", "", "certkit v1.2.0 (built with go1.26.8)\n"},
		{"release", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}}}, "v1.2.0", "def", "certkit v1.2.0 (revision abc; built with go1.26.8)\n"},
		{"release without VCS info", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, "v1.2.0", "def", "certkit v1.2.0 (revision def; built with go1.26.8)\n"},
		{"no build info", nil, "", "", "certkit (devel)\n"},
	} {
		var b bytes.Buffer
		writeVersion(&b, tc.bi, tc.stamped, tc.rev)
		if b.String() != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, b.String(), tc.want)
		}
	}
}

// TestVersionCommand: certkit version and certkit --version print the same
// line on stdout, from this binary's build info.
func TestVersionCommand(t *testing.T) {
	bi, _ := debug.ReadBuildInfo()
	var want bytes.Buffer
	writeVersion(&want, bi, version, revision)
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		code, out, errs := certkit(t, nil, args...)
		if code != exitOK || out != want.String() || errs != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want %q", args, code, out, errs, want.String())
		}
		if !strings.HasPrefix(out, "certkit ") {
			t.Errorf("%q: %q", args, out)
		}
	}
	if code, _, errs := certkit(t, nil, "version", "extra"); code != exitUsage || !strings.Contains(errs, "run 'certkit version -h' for help") {
		t.Errorf("version extra: exit %d, stderr %q", code, errs)
	}
}
