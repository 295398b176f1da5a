package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRunUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
	}{
		{nil, exitUsage},
		{[]string{"-h"}, exitOK},
		{[]string{"help"}, exitOK},
		{[]string{"no-such-command"}, exitUsage},
	} {
		var out, errb bytes.Buffer
		if code := run(tc.args, strings.NewReader(""), &out, &errb); code != tc.code {
			t.Errorf("run(%q) = %d, want %d; stderr:\n%s", tc.args, code, tc.code, errb.String())
		}
		if out.Len() != 0 {
			t.Errorf("run(%q) wrote to stdout: %q", tc.args, out.String())
		}
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range commands() {
		var out, errb bytes.Buffer
		if code := run([]string{c.name, "-h"}, strings.NewReader(""), &out, &errb); code != exitOK {
			t.Errorf("certkit %s -h = %d, want 0; stderr:\n%s", c.name, code, errb.String())
		}
		if !strings.Contains(errb.String(), "usage: certkit "+c.name) {
			t.Errorf("certkit %s -h printed no usage line:\n%s", c.name, errb.String())
		}
	}
}

func TestParseFlagsAfterFiles(t *testing.T) {
	var errb bytes.Buffer
	e := &env{stderr: &errb}
	fs := e.flags("x", "FILE...", "test")
	dir := fs.String("o", "", "dir")
	force := fs.Bool("force", false, "force")
	files, _, ok := parse(fs, []string{"a.p7b", "-o", "out", "b.cer", "--force", "--", "-c.pem"})
	if !ok {
		t.Fatalf("parse failed: %s", errb.String())
	}
	if diff := cmp.Diff([]string{"a.p7b", "b.cer", "-c.pem"}, files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if *dir != "out" || !*force {
		t.Errorf("flags after files not parsed: -o=%q --force=%v", *dir, *force)
	}
	if _, code, ok := parse(fs, []string{"--no-such-flag"}); ok || code != exitUsage {
		t.Errorf("bad flag: ok=%v code=%d, want false, %d", ok, code, exitUsage)
	}
}

func TestWriteFileAtomicNeverOverwritesWithoutForce(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "01-root-Example.pem")
	if err := writeFileAtomic(p, []byte("first"), false); err != nil {
		t.Fatal(err)
	}
	err := writeFileAtomic(p, []byte("second"), false)
	if !errors.Is(err, errExists) {
		t.Fatalf("second write without force: err = %v, want errExists", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "first" {
		t.Errorf("file changed to %q without --force", got)
	}
	if err := checkWritable(p, false); !errors.Is(err, errExists) {
		t.Errorf("checkWritable on an existing file = %v, want errExists", err)
	}
	if err := writeFileAtomic(p, []byte("second"), true); err != nil {
		t.Fatalf("write with force: %v", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "second" {
		t.Errorf("with --force the file holds %q, want %q", got, "second")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("temporary files left behind: %q", names)
	}
}

func TestPasswordNeverFromArgv(t *testing.T) {
	dir := t.TempDir()
	pf := filepath.Join(dir, "pw")
	if err := os.WriteFile(pf, []byte("s3cret\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := &env{getenv: func(k string) string {
		if k == "CERTKIT_PASSWORD" {
			return "from-env"
		}
		return ""
	}}
	if got, err := e.password(pf); err != nil || got != "s3cret" {
		t.Errorf("password(file) = %q, %v; want s3cret (line ending trimmed)", got, err)
	}
	if got, err := e.password(""); err != nil || got != "from-env" {
		t.Errorf("password(\"\") = %q, %v; want the environment's", got, err)
	}
	if _, err := e.password(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing password file gave no error")
	}
}

func TestFlagErrorsAreDiagnostics(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"order", "--bogus", "x.pem"}, strings.NewReader(""), &out, &errb); code != exitUsage {
		t.Errorf("bad flag: exit %d, want %d", code, exitUsage)
	}
	want := "certkit: order: flag provided but not defined: -bogus (certkit order -h lists the flags)\n"
	if errb.String() != want || out.Len() != 0 {
		t.Errorf("bad flag: stdout %q, stderr %q; want stderr %q", out.String(), errb.String(), want)
	}
	errb.Reset()
	if code := run([]string{"help", "order"}, strings.NewReader(""), &out, &errb); code != exitOK {
		t.Errorf("help order: exit %d, want 0", code)
	}
	if !strings.HasPrefix(errb.String(), "usage: certkit order ") || !strings.Contains(errb.String(), "-verify") {
		t.Errorf("help order does not print order's usage and flags:\n%s", errb.String())
	}
}

func TestStdinNamedTwice(t *testing.T) {
	for _, cmd := range []string{"order", "inspect", "issuer-for", "split", "convert", "cucm", "match"} {
		code, out, errs := certkit(t, []byte("x"), cmd, "-", "-")
		if code != exitUsage || out != "" || !strings.Contains(errs, "standard input (-) is named 2 times") {
			t.Errorf("%s - -: exit %d, stdout %q, stderr %q", cmd, code, out, errs)
		}
	}
}

func TestOrderAtAndTrustFlags(t *testing.T) {
	sample := filepath.Join("..", "..", "testdata", "samples", "certnew.p7b")
	for _, at := range []string{"", "0001-01-01T00:00:00Z"} {
		if code, _, errs := certkit(t, nil, "order", "--at", at, "--verify", sample); code != exitUsage {
			t.Errorf("--at %q: exit %d, want %d; stderr:\n%s", at, code, exitUsage, errs)
		}
	}
	// Before the chain is valid: not verified, exit 1.
	code, _, errs := certkit(t, nil, "order", "--at", "2024-06-01T00:00:00Z", "--verify", sample)
	if code != exitCheck || !strings.Contains(errs, "NOT verified") {
		t.Errorf("--at before NotBefore: exit %d; stderr:\n%s", code, errs)
	}
	// --trust may be repeated: the sample's own root among other roots
	// anchors its chain.
	dir := t.TempDir()
	if code, _, errs := certkit(t, nil, "split", "-o", dir, sample); code != exitOK {
		t.Fatalf("split: exit %d: %s", code, errs)
	}
	root := filepath.Join(dir, "01-root-Example-Voice-Root-CA.pem")
	if _, err := os.Stat(root); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join("..", "..", "testdata", "cisco", "three", "root.pem")
	for _, args := range [][]string{
		{"order", "--trust", root, "--trust", other, sample},
		{"order", "--trust", other, "--trust", root, sample},
	} {
		if code, _, errs := certkit(t, nil, args...); code != exitOK || !strings.Contains(errs, "ends at a trust anchor") {
			t.Errorf("%q: exit %d; stderr:\n%s", args, code, errs)
		}
	}
}

func TestJSONKeepsAmpersands(t *testing.T) {
	var out bytes.Buffer
	e := &env{stdout: &out, stderr: &out}
	if err := writeJSON(e, map[string]string{"subject": "CN=AT&T <Voice>"}); err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"subject\": \"CN=AT&T <Voice>\"\n}\n"; out.String() != want {
		t.Errorf("writeJSON = %q, want %q", out.String(), want)
	}
}
