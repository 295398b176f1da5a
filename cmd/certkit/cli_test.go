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

// TestHelpOnStdout: every way of asking for help prints it on stdout and
// exits 0, so that certkit split -h | less works.
func TestHelpOnStdout(t *testing.T) {
	for _, args := range [][]string{
		{"-h"}, {"--help"}, {"-help"}, {"help"},
		{"help", "split"}, {"split", "-h"}, {"split", "--help"}, {"split", "a.p7b", "-h"},
		{"help", "ios", "trustpoint"}, {"ios", "-h"}, {"ios", "trustpoint", "--help"},
	} {
		code, out, errs := certkit(t, nil, args...)
		if code != exitOK || errs != "" || !strings.HasPrefix(out, "usage: certkit") {
			t.Errorf("%q: exit %d, stderr %q, stdout:\n%s", args, code, errs, out)
		}
	}
}

// TestUsageErrorsAreOneLine: a usage error is one line saying what is
// wrong, then where the help is, on stderr; exit 2 and nothing on stdout.
func TestUsageErrorsAreOneLine(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "certkit: no command given; the commands are " + strings.Join(commandNames(), ", ") + "\nrun 'certkit -h' for help\n"},
		{[]string{"splt"}, "certkit: unknown command \"splt\"; did you mean split?\nrun 'certkit -h' for help\n"},
		{[]string{"split"}, "certkit: split: no FILE given\nrun 'certkit split -h' for help\n"},
		{[]string{"csr"}, "certkit: csr: no FILE given\nrun 'certkit csr -h' for help\n"},
		{[]string{"match", "a"}, "certkit: match: takes two files, CERT then KEY, CSR or PFX; got 1\nrun 'certkit match -h' for help\n"},
		{[]string{"split", "--forse", "a.p7b"}, "certkit: split: unknown flag --forse; did you mean --force?\nrun 'certkit split -h' for help\n"},
		{[]string{"split", "-forse", "a.p7b"}, "certkit: split: unknown flag --forse; did you mean --force?\nrun 'certkit split -h' for help\n"},
		{[]string{"order", "--bogus", "x.pem"}, "certkit: order: unknown flag --bogus\nrun 'certkit order -h' for help\n"},
		{[]string{"convert", "--to=jks", "x.pem"}, "certkit: convert: --to \"jks\": want one of pem, der, p7b, p7b-pem\nrun 'certkit convert -h' for help\n"},
		{[]string{"split", "a.p7b", "-o"}, "certkit: split: -o needs a value\nrun 'certkit split -h' for help\n"},
		{[]string{"inspect", "--auto-enroll", "eighty", "a.pem"}, "certkit: inspect: --auto-enroll \"eighty\": not a number\nrun 'certkit inspect -h' for help\n"},
		{[]string{"split", "--force=maybe", "a.p7b"}, "certkit: split: --force takes no value (got \"maybe\")\nrun 'certkit split -h' for help\n"},
		{[]string{"ios", "trustpoint", "--hostnme", "gw1"}, "certkit: ios trustpoint: unknown flag --hostnme; did you mean --hostname?\nrun 'certkit ios trustpoint -h' for help\n"},
	} {
		code, out, errs := certkit(t, nil, tc.args...)
		if code != exitUsage || out != "" || errs != tc.want {
			t.Errorf("%q: exit %d, stdout %q, stderr\n%s\nwant\n%s", tc.args, code, out, errs, tc.want)
		}
	}
}

// TestEnumeratedValuesIgnoreCase: --to PEM, --to P7B and --service
// callmanager-ecdsa are the values they spell.
func TestEnumeratedValuesIgnoreCase(t *testing.T) {
	chainPEM := filepath.Join("..", "..", "testdata", "convert", "chain.pem")
	_, want, _ := certkit(t, nil, "convert", "--to", "pem", chainPEM)
	code, out, errs := certkit(t, nil, "convert", "--to", "PEM", chainPEM)
	if code != exitOK || out != want || want == "" {
		t.Errorf("--to PEM: exit %d, stderr %s", code, errs)
	}
	p := filepath.Join(t.TempDir(), "chain.p7b")
	if code, _, errs := certkit(t, nil, "convert", "--to", "P7B", "-o", p, chainPEM); code != exitOK {
		t.Errorf("--to P7B: exit %d, stderr %s", code, errs)
	}
	if b, err := os.ReadFile(p); err != nil || len(b) == 0 || b[0] != 0x30 {
		t.Errorf("--to P7B did not write a DER .p7b: %v", err)
	}
	renewed := filepath.Join("..", "..", "testdata", "chain", "adcs-renewed.p7b")
	_, out, errs = certkit(t, nil, "cucm", "--service", "callmanager-ecdsa", renewed)
	if !strings.HasPrefix(out, "CUCM upload plan for CallManager-ECDSA ") {
		t.Errorf("cucm --service callmanager-ecdsa: stderr %s\nstdout:\n%s", errs, out)
	}
	code, out, errs = certkit(t, nil, "csr", "--service", "TOMCAT", "--json", filepath.Join("..", "..", "testdata", "csr", "cucm-ms.csr"))
	if code == exitUsage || !strings.Contains(out, `"findings"`) {
		t.Errorf("csr --service TOMCAT: exit %d, stderr %s", code, errs)
	}
}

// TestHelpFitsAndListsEveryFlag: each command's help is at most 80
// columns wide, and its usage line names every flag it has.
func TestHelpFitsAndListsEveryFlag(t *testing.T) {
	for _, c := range completionModel() {
		args := append(strings.Fields(c.name), "-h")
		code, out, _ := certkit(t, nil, args...)
		if code != exitOK {
			t.Errorf("%s -h: exit %d", c.name, code)
		}
		for i, l := range strings.Split(out, "\n") {
			if n := len([]rune(l)); n > 80 {
				t.Errorf("%s -h: line %d is %d columns wide: %s", c.name, i+1, n, l)
			}
		}
		usage, _, _ := strings.Cut(out, "\n\n")
		usage = strings.Join(strings.Fields(usage), " ")
		for _, f := range c.flags {
			if !strings.Contains(usage+" ", flagName(f.name)+" ") && !strings.Contains(usage, flagName(f.name)+"]") && !strings.Contains(usage, flagName(f.name)+"|") {
				t.Errorf("%s -h: the usage line does not name %s:\n%s", c.name, flagName(f.name), usage)
			}
		}
	}
	code, out, _ := certkit(t, nil, "-h")
	for i, l := range strings.Split(out, "\n") {
		if code != exitOK || len([]rune(l)) > 80 {
			t.Errorf("certkit -h: line %d is %d columns wide: %s", i+1, len(l), l)
		}
	}
}

func TestParseFlagsAfterFiles(t *testing.T) {
	var errb bytes.Buffer
	e := &env{stdout: &errb, stderr: &errb}
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

// TestFilesNamedAsTyped: the files split and cucm write are named with the
// directory as the user typed it (./out stays ./out).
func TestFilesNamedAsTyped(t *testing.T) {
	for _, tc := range []struct{ dir, name, want string }{
		{"./out", "01-a.pem", "./out/01-a.pem"},
		{"out/", "01-a.pem", "out/01-a.pem"},
		{".", "01-a.pem", "01-a.pem"},
		{"", "01-a.pem", "01-a.pem"},
		{"../x//", "01-a.pem", "../x//01-a.pem"},
	} {
		if got := inDir(tc.dir, tc.name); got != tc.want {
			t.Errorf("inDir(%q, %q) = %q, want %q", tc.dir, tc.name, got, tc.want)
		}
	}
	sample, err := filepath.Abs(filepath.Join("..", "..", "testdata", "samples", "certnew.p7b"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	code, out, errs := certkit(t, nil, "split", "-o", "./out", sample)
	if code != exitOK || !strings.HasPrefix(out, "./out/01-root-Example-Voice-Root-CA.pem\t") {
		t.Errorf("split -o ./out: exit %d, stderr %s\nstdout:\n%s", code, errs, out)
	}
	code, out, errs = certkit(t, nil, "cucm", "-o", "./up", sample)
	if code != exitOK || !strings.Contains(out, "    file    ./up/01-CallManager-trust-Example-Voice-Root-CA.pem\n") {
		t.Errorf("cucm -o ./up: exit %d, stderr %s\nstdout:\n%s", code, errs, out)
	}
}

// TestREADMESynopses: the README gives each command's synopsis (a line
// "certkit CMD [...]" in a fenced block or in backquotes), and it names
// every flag the command has, as the -h usage line does.
func TestREADMESynopses(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var synopses []string
	for _, l := range strings.Split(string(b), "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "certkit ") {
			synopses = append(synopses, t+" ") // a line of a synopsis block
		}
		parts := strings.Split(l, "`") // inline: `certkit web [--addr ...]`
		for i := 1; i < len(parts); i += 2 {
			if strings.HasPrefix(parts[i], "certkit ") {
				synopses = append(synopses, parts[i]+" ")
			}
		}
	}
	for _, c := range completionModel() {
		if c.name == "version" || c.name == "completion" || len(c.subs) > 0 || len(c.flags) == 0 {
			continue // no flags beyond -h, or only subcommands
		}
		var found string
		for _, s := range synopses {
			// The longest line that starts like a synopsis is the synopsis
			// (a short mention such as `certkit cucm -o` is not).
			if rest, ok := strings.CutPrefix(s, "certkit "+c.name+" "); ok && (strings.HasPrefix(rest, "[") || strings.HasPrefix(rest, "-")) && len(s) > len(found) {
				found = s
			}
		}
		if found == "" {
			t.Errorf("README.md has no synopsis line for certkit %s", c.name)
			continue
		}
		for _, f := range c.flags {
			n := flagName(f.name)
			if !strings.Contains(found, n+" ") && !strings.Contains(found, n+"]") && !strings.Contains(found, n+"|") {
				t.Errorf("README.md's synopsis of certkit %s does not name %s:\n%s", c.name, n, found)
			}
		}
	}
}
