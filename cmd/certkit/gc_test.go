package main

import (
	"bytes"
	"io"
	"os"
	"runtime/debug"
	"testing"
)

// gcProbe is an input that records the collector's setting while it is
// read.
type gcProbe struct {
	r    io.Reader
	seen []int
}

func (p *gcProbe) Read(b []byte) (int, error) {
	pct := debug.SetGCPercent(-1) // reads the setting, and puts it back
	debug.SetGCPercent(pct)
	p.seen = append(p.seen, pct)
	return p.r.Read(b)
}

// TestGCWhileReading: with the setting main gives a command, readCerts
// reads at Go's default and puts back 1.3 times once the inputs are held;
// tests, which leave readingGC at 0, keep whatever they run with.
func TestGCWhileReading(t *testing.T) {
	pem, err := os.ReadFile("../../testdata/chain/vgw2.pem")
	if err != nil {
		t.Fatal(err)
	}
	defer debug.SetGCPercent(debug.SetGCPercent(30))

	for _, tc := range []struct {
		reading, want int
	}{{100, 100}, {0, 30}} {
		probe := &gcProbe{r: bytes.NewReader(pem)}
		var stderr bytes.Buffer
		e := newEnv(probe, io.Discard, &stderr)
		e.readingGC = tc.reading
		in, code := e.readCerts([]string{"-"}, "")
		if code != exitOK || len(in.certs) == 0 {
			t.Fatalf("readingGC %d: readCerts exit %d, %d certificates; stderr:\n%s", tc.reading, code, len(in.certs), stderr.String())
		}
		for _, pct := range probe.seen {
			if pct != tc.want {
				t.Errorf("readingGC %d: the collector was at %d while the input was read, want %d", tc.reading, pct, tc.want)
			}
		}
		if len(probe.seen) == 0 {
			t.Errorf("readingGC %d: the input was never read", tc.reading)
		}
		if got := debug.SetGCPercent(30); got != 30 {
			t.Errorf("readingGC %d: after readCerts the collector is at %d, want 30 back", tc.reading, got)
		}
	}

	// main's policy: 1.3 times for a command, Go's default while reading;
	// $GOGC, when set, decides alone.
	debug.SetGCPercent(100)
	if r := gcPercent(func(string) string { return "" }); r != 100 {
		t.Errorf("gcPercent: reading at %d, want 100", r)
	}
	if got := debug.SetGCPercent(100); got != 30 {
		t.Errorf("gcPercent set the collector to %d, want 30", got)
	}
	if r := gcPercent(func(k string) string {
		if k == "GOGC" {
			return "200"
		}
		return ""
	}); r != 0 {
		t.Errorf("with $GOGC set, gcPercent asks readCerts for %d, want 0 (leave it)", r)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with $GOGC set, gcPercent changed the collector to %d", got)
	}
}
