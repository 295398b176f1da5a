package main

import (
	"flag"

	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/pkg/finding"
)

// checkOpts holds --at and --warn-within, the flags every advisory and
// file command takes for the checks of internal/verdict.
type checkOpts struct {
	fs         *flag.FlagSet
	at, within *string
}

// checkFlags adds --at and --warn-within to fs.
func checkFlags(fs *flag.FlagSet) *checkOpts {
	return &checkOpts{
		fs:     fs,
		at:     fs.String("at", "", "judge validity at `TIME`, RFC 3339 or YYYY-MM-DD (default now)"),
		within: fs.String("warn-within", "30d", "warn about certificates that expire within `DURATION` of --at (90d, 12w, 720h; 0 never warns)"),
	}
}

// options reads the flags into verdict.Options; false (after a usage
// error on stderr) when one cannot be read.
func (c *checkOpts) options(e *env, cmd string) (verdict.Options, bool) {
	var o verdict.Options
	if given(c.fs, "at") {
		t, err := parseAt(*c.at)
		if err != nil {
			e.usageError(cmd, "--at %q: %v", *c.at, err)
			return o, false
		}
		o.At = t
	}
	d, err := parseDays(*c.within)
	if err != nil {
		e.usageError(cmd, "--warn-within %q: %v", *c.within, err)
		return o, false
	}
	o.WarnWithin = d
	if d == 0 {
		o.WarnWithin = -1 // 0 asks for no warning; verdict reads 0 as its default
	}
	return o, true
}

// printFindings prints each finding on its own line on stderr:
// "certkit: warning: CODE: MESSAGE" ("error" and "note" for the other
// severities).
func (e *env) printFindings(fs []finding.Finding) {
	for _, f := range fs {
		word := f.Severity.String()
		if f.Severity == finding.Info {
			word = "note"
		}
		e.errorf("%s: %s: %s", word, f.Code, f.Message)
	}
}

// exitFor is the exit code of an advisory command: 1 when a check warns.
func exitFor(warns bool) int {
	if warns {
		return exitCheck
	}
	return exitOK
}

// orEmpty makes a nil list of findings an empty one, so that JSON says [].
func orEmpty(fs []finding.Finding) []finding.Finding {
	if fs == nil {
		return []finding.Finding{}
	}
	return fs
}
