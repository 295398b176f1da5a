package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// version and revision, when set at link time (go build -ldflags
// "-X main.version=v1.2.0 -X main.revision=COMMIT", as scripts/release
// does), are the version and commit certkit reports; otherwise the module
// version and the VCS revision from the build info are.
var version, revision string

const versionAbout = `
Print certkit's version, the revision of the source it was built from and
the Go release that built it, all from the build information Go records in
the binary: a release shows its tag (v1.2.0), go install ...@latest the
module version, and a build from a clone "(devel)" or a pseudo-version with
the commit, and "modified" when the tree had uncommitted changes.`

func runVersion(e *env, args []string) int {
	fs := e.flags("version", "", versionAbout)
	rest, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		return e.usageError("version", "takes no arguments, got %q", rest)
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	writeVersion(e.stdout, bi, version, revision)
	return exitOK
}

// writeVersion prints one line: certkit, the version (stamped, else the
// module's), then the revision (the build info's, else the stamped one)
// and the Go release in parentheses.
func writeVersion(w io.Writer, bi *debug.BuildInfo, stamped, stampedRev string) {
	v := stamped
	var details []string
	if bi != nil {
		if v == "" {
			v = bi.Main.Version
		}
		settings := map[string]string{}
		for _, s := range bi.Settings {
			settings[s.Key] = s.Value
		}
		if settings["vcs.revision"] == "" {
			settings["vcs.revision"] = stampedRev
		}
		if rev := settings["vcs.revision"]; rev != "" {
			r := "revision " + rev
			if t := settings["vcs.time"]; t != "" {
				r += " of " + t
			}
			if settings["vcs.modified"] == "true" {
				r += ", modified"
			}
			details = append(details, r)
		}
		if bi.GoVersion != "" {
			details = append(details, "built with "+bi.GoVersion)
		}
	}
	if v == "" {
		v = "(devel)"
	}
	line := "certkit " + v
	if len(details) > 0 {
		line += " (" + strings.Join(details, "; ") + ")"
	}
	fmt.Fprintln(w, line)
}
