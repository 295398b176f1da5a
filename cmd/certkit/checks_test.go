package main

import (
	"bytes"
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

// TestCheckFlags holds --at and --warn-within to what every advisory
// command documents: RFC 3339 or a date, a Go duration or days and weeks,
// 0 for never, and one usage line for a bad value.
func TestCheckFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		at   time.Time
		warn time.Duration // verdict.Options.Window()
		bad  string
	}{
		{args: []string{"--at", "2030-01-02"}, at: time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC), warn: 30 * 24 * time.Hour},
		{args: []string{"--at", "2030-01-02T03:04:05Z", "--warn-within", "90d"}, at: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), warn: 90 * 24 * time.Hour},
		{args: []string{"--at", "2030-01-02", "--warn-within", "12w"}, at: time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC), warn: 12 * 7 * 24 * time.Hour},
		{args: []string{"--at", "2030-01-02", "--warn-within", "720h"}, at: time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC), warn: 720 * time.Hour},
		{args: []string{"--at", "2030-01-02", "--warn-within", "0"}, at: time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC), warn: 0},
		{args: []string{"--at", "2030-01-02", "--expiring", "7d"}, at: time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC), warn: 7 * 24 * time.Hour},
		{args: []string{"--at", "yesterday"}, bad: `certkit: test: --at "yesterday": not an RFC 3339 time`},
		{args: []string{"--warn-within", "soon"}, bad: `certkit: test: --warn-within "soon": not a duration such as 90d, 12w or 720h`},
		{args: []string{"--expiring", "-3d"}, bad: `certkit: test: --warn-within "-3d": not a duration`},
	} {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c := checkFlags(fs)
		c.alias("expiring")
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		var errb bytes.Buffer
		e := &env{stderr: &errb}
		o, ok := c.options(e, "test")
		if tc.bad != "" {
			if ok || !strings.HasPrefix(errb.String(), tc.bad) {
				t.Errorf("%q: ok %v, stderr %q, want it to start %q", tc.args, ok, errb.String(), tc.bad)
			}
			continue
		}
		if !ok || !o.At.Equal(tc.at) || o.Window() != tc.warn {
			t.Errorf("%q: ok %v, at %v, window %v; want %v, %v (stderr %q)", tc.args, ok, o.At, o.Window(), tc.at, tc.warn, errb.String())
		}
	}
	// Without flags: now (the zero time), 30 days.
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	c := checkFlags(fs)
	fs.Parse(nil)
	o, ok := c.options(&env{stderr: io.Discard}, "test")
	if !ok || !o.At.IsZero() || o.Window() != 30*24*time.Hour {
		t.Errorf("no flags: ok %v, at %v, window %v; want now and 30 days", ok, o.At, o.Window())
	}
}
