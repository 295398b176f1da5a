package main

import (
	"errors"
	"flag"
	"strconv"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/verdict"
)

// checkOpts holds the flags every advisory command takes for the checks
// of internal/verdict: --at, the moment validity is judged at, and
// --warn-within, how long before its end a certificate is reported as
// expiring.
type checkOpts struct {
	at, warn       string
	atSet, warnSet bool
	warnName       string // the flag --warn-within was given as, for messages
	fs             *flag.FlagSet
}

// checkFlags registers --at and --warn-within on fs.
func checkFlags(fs *flag.FlagSet) *checkOpts {
	c := &checkOpts{fs: fs, warnName: "warn-within"}
	fs.Var(&setString{s: &c.at, set: &c.atSet}, "at", "judge validity at `TIME`, RFC 3339 or YYYY-MM-DD (default now)")
	fs.Var(&setString{s: &c.warn, set: &c.warnSet}, "warn-within", "warn of certificates that expire within `DURATION` of --at: 30d, 12w, 720h; 0 never (default 30d)")
	return c
}

// alias registers name as another spelling of --warn-within (ios audit's
// older --expiring).
func (c *checkOpts) alias(name string) {
	c.fs.Var(&setString{s: &c.warn, set: &c.warnSet, onSet: func() { c.warnName = name }}, name, "the same as --warn-within (`DURATION`), its older name")
}

// options reads the flags as verdict.Options, at one fixed moment. A bad
// value is a usage error of cmd, printed; ok is false then.
func (c *checkOpts) options(e *env, cmd string) (verdict.Options, bool) {
	var o verdict.Options
	if c.atSet {
		t, err := parseAt(c.at)
		if err != nil {
			e.usageError(cmd, "--at %q: %v", c.at, err)
			return o, false
		}
		o.At = t
	}
	if c.warnSet {
		d, err := parseDays(c.warn)
		if err != nil {
			e.usageError(cmd, "--%s %q: %v", c.warnName, c.warn, err)
			return o, false
		}
		if d == 0 {
			d = -1 // never: verdict reads zero as the default window
		}
		o.WarnWithin = d
	}
	return o.Fixed(), true
}

// setString is a string flag that records that it was given, even as "".
type setString struct {
	s     *string
	set   *bool
	onSet func()
}

func (f *setString) String() string {
	if f == nil || f.s == nil {
		return ""
	}
	return *f.s
}

func (f *setString) Set(v string) error {
	*f.s, *f.set = v, true
	if f.onSet != nil {
		f.onSet()
	}
	return nil
}

// parseAt reads --at: RFC 3339, or a date alone (midnight UTC).
func parseAt(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.Parse("2006-01-02", s)
	}
	if err != nil {
		return time.Time{}, errors.New("not an RFC 3339 time such as 2026-01-02T15:04:05Z, nor a date such as 2026-01-02")
	}
	if t.IsZero() {
		return time.Time{}, errors.New("the zero time; give a real date")
	}
	return t, nil
}

// parseDays reads a duration as time.ParseDuration does, plus days (90d)
// and weeks (12w), which is how people give certificate lifetimes.
func parseDays(s string) (time.Duration, error) {
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.Atoi(n)
			if err != nil || v < 0 {
				return 0, errors.New("not a duration such as 90d, 12w or 720h")
			}
			return time.Duration(v) * unit, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, errors.New("not a duration such as 90d, 12w or 720h")
	}
	return d, nil
}
