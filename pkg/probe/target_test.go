package probe

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseTarget(t *testing.T) {
	for _, c := range []struct{ in, host, port, scheme string }{
		{"cucm1.example.com:5061", "cucm1.example.com", "5061", ""},
		{"cucm1.example.com", "cucm1.example.com", "5061", ""},
		{"10.1.1.1", "10.1.1.1", "5061", ""},
		{"[2001:db8::1]:5062", "2001:db8::1", "5062", ""},
		{"[2001:db8::1]", "2001:db8::1", "5061", ""},
		{"2001:db8::1", "2001:db8::1", "5061", ""},
		{"sips://cucm1.example.com", "cucm1.example.com", "5061", "sips"},
		{"https://cucm1.example.com/ccmadmin", "cucm1.example.com", "443", "https"},
		{"HTTPS://cucm1.example.com:8443/", "cucm1.example.com", "8443", "https"},
		{"ldaps://dc1.example.com", "dc1.example.com", "636", "ldaps"},
		{"ldaps://[2001:db8::2]:3269", "2001:db8::2", "3269", "ldaps"},
		{"  gw1:5061 ", "gw1", "5061", ""},
	} {
		got, err := ParseTarget(c.in)
		if err != nil {
			t.Errorf("ParseTarget(%q): %v", c.in, err)
			continue
		}
		if got.Host != c.host || got.Port != c.port || got.Scheme != c.scheme {
			t.Errorf("ParseTarget(%q) = host %q port %q scheme %q, want %q %q %q", c.in, got.Host, got.Port, got.Scheme, c.host, c.port, c.scheme)
		}
	}
	for _, in := range []string{"", "gw1:0", "gw1:70000", "gw1:x", "ftp://gw1", "[::1", "[gw1]:5061", "gw1:", "https://", "a b:5061", "gw1:05061"} {
		if _, err := ParseTarget(in); !errors.Is(err, ErrBadTarget) {
			t.Errorf("ParseTarget(%q) = %v, want ErrBadTarget", in, err)
		}
	}
	if tg, _ := ParseTarget("10.1.1.1:5061"); !tg.IsIP() {
		t.Error("10.1.1.1 is an IP literal")
	}
}

func TestParseTargets(t *testing.T) {
	ts, err := ParseTargets([]byte("\ufeff# the cluster\ncucm1.example.com\r\n\n  gw1:5061  # the gateway\nldaps://dc1\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tg := range ts {
		got = append(got, tg.Address())
	}
	want := []string{"cucm1.example.com:5061", "gw1:5061", "dc1:636"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %v, want %v", got, want)
		}
	}
	if _, err := ParseTargets([]byte("gw1\ngw2:99999\n")); !errors.Is(err, ErrBadTarget) || !strings.HasPrefix(err.Error(), "probe: line 2: ") {
		t.Errorf("bad line 2: %v", err)
	}
}

func FuzzParseTarget(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzParseTarget", "*"))
	if len(seeds) == 0 {
		f.Fatal("no seed corpus in testdata/fuzz/FuzzParseTarget")
	}
	for _, s := range []string{"gw1", "[::1]:5061", "sips://a", "https://u@h:1/p", "ldaps://[::1]", "a:b:c", "#x\ny"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := ParseTarget(s)
		if err != nil {
			if !errors.Is(err, ErrBadTarget) {
				t.Fatalf("error %v does not wrap ErrBadTarget", err)
			}
		} else {
			// The address reads back as the same target.
			again, err := ParseTarget(tg.Address())
			if err != nil || again.Host != tg.Host || again.Port != tg.Port {
				t.Fatalf("%q -> %q -> %+v, %v", s, tg.Address(), again, err)
			}
		}
		if _, err := ParseTargets([]byte(s)); err != nil && !errors.Is(err, ErrBadTarget) {
			t.Fatalf("ParseTargets error %v does not wrap ErrBadTarget", err)
		}
	})
}
