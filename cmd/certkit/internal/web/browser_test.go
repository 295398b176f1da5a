package web

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestOpenBrowserKeepsTokenOffCommandLine: the browser is given a file
// only the user can read, which forwards to the address with the token;
// the token itself is never an argument (ps shows arguments to everyone).
func TestOpenBrowserKeepsTokenOffCommandLine(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the fake xdg-open is a shell script; on " + runtime.GOOS + " OpenBrowser runs another opener")
	}
	bin := t.TempDir()
	args := filepath.Join(bin, "args")
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + args + "\ncp \"$1\" " + args + ".html\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", t.TempDir()) // where the forwarding page goes, removed with the test
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	const url = "http://127.0.0.1:1234/?token=secret-token-value"
	if _, err := openBrowser(url); err != nil {
		t.Fatal(err)
	}
	var got []byte
	for range 100 {
		if b, err := os.ReadFile(args + ".html"); err == nil && len(b) > 0 {
			got = b
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmdline, _ := os.ReadFile(args)
	if strings.Contains(string(cmdline), "secret-token-value") {
		t.Errorf("the opener's arguments hold the token: %q", cmdline)
	}
	page := strings.TrimSpace(string(cmdline))
	st, err := os.Stat(page)
	if err != nil {
		t.Fatalf("the opener was given %q: %v", page, err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		t.Errorf("%s has mode %v: other users may read the token", page, st.Mode().Perm())
	}
	if !strings.Contains(string(got), `content="0;url=http://127.0.0.1:1234/?token=secret-token-value"`) {
		t.Errorf("the page does not forward to the address: %s", got)
	}
}

// TestTokenFileRemovedWhenServerStops: the forwarding page that holds the
// token is removed when the server stops, even within the minute it is
// otherwise kept for the browser to read it.
func TestTokenFileRemovedWhenServerStops(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the fake xdg-open is a shell script; on " + runtime.GOOS + " OpenBrowser runs another opener")
	}
	bin := t.TempDir()
	args := filepath.Join(bin, "args")
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte("#!/bin/sh\nprintf '%s\\n' \"$@\" > "+args+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", t.TempDir())
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	if err := s.OpenBrowser(); err != nil {
		t.Fatal(err)
	}
	var page string
	for range 100 {
		if b, err := os.ReadFile(args); err == nil && len(b) > 0 {
			page = strings.TrimSpace(string(b))
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if data, err := os.ReadFile(page); err != nil || !strings.Contains(string(data), s.Token()) {
		t.Fatalf("the opener was given %q, holding %q (%v)", page, data, err)
	}
	cancel() // a few seconds after it started, not a minute
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(page); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s is still there after the server stopped (%v): the token stays on disk", page, err)
	}
	if _, err := os.Stat(filepath.Dir(page)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("its folder %s is still there (%v)", filepath.Dir(page), err)
	}
}

// TestOpener: the opener each system's desktop provides, given the file
// alone (never the address with its token). Only Linux's is run, by the
// test above; the others are only checked here.
func TestOpener(t *testing.T) {
	for goos, want := range map[string][]string{
		"windows": {"rundll32", "url.dll,FileProtocolHandler", "open.html"},
		"darwin":  {"open", "open.html"},
		"linux":   {"xdg-open", "open.html"},
		"freebsd": {"xdg-open", "open.html"},
	} {
		if got := opener(goos, "open.html"); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: %q, want %q", goos, got, want)
		}
	}
}
