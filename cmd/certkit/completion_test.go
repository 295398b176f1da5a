package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// completeBash sources the bash script and asks it to complete words (the
// last one is the word being typed), returning what it offers.
func completeBash(t *testing.T, script string, words ...string) []string {
	t.Helper()
	var b strings.Builder
	b.WriteString("source " + script + "\nCOMP_WORDS=(certkit")
	for _, w := range words {
		b.WriteString(" '" + w + "'")
	}
	fmt.Fprintf(&b, ")\nCOMP_CWORD=%d\n_certkit\nprintf '%%s\\n' \"${COMPREPLY[@]}\"\n", len(words))
	out, err := exec.Command("bash", "-c", b.String()).CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	if len(strings.Fields(string(out))) == 0 {
		return nil
	}
	return strings.Fields(string(out))
}

// TestCompletionBash runs the bash script in bash: commands, flags,
// enumerated values, subcommands, and nothing (so file names) where a
// file is wanted.
func TestCompletionBash(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	code, out, errs := certkit(t, nil, "completion", "bash")
	if code != exitOK || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	script := filepath.Join(t.TempDir(), "certkit.bash")
	if err := os.WriteFile(script, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		words []string
		want  []string
	}{
		{[]string{"sp"}, []string{"split"}},
		{[]string{"c"}, []string{"convert", "csr", "cucm", "completion"}},
		{[]string{"help", "is"}, []string{"issuer-for"}},
		{[]string{"split", "--fo"}, []string{"--force"}},
		{[]string{"split", "--f"}, []string{"--fetch", "--force"}},
		{[]string{"convert", "--to", ""}, []string{"pem", "der", "p7b", "p7b-pem"}},
		{[]string{"convert", "a.pem", "--to", "p7"}, []string{"p7b", "p7b-pem"}},
		{[]string{"convert", "--to", "=", ""}, []string{"pem", "der", "p7b", "p7b-pem"}},
		{[]string{"convert", "-o", ""}, nil},
		{[]string{"convert", ""}, nil},
		{[]string{"ios", ""}, []string{"trustpoint", "audit", "trustpool"}},
		{[]string{"ios", "trustpoint", "--dom"}, []string{"--domain"}},
		{[]string{"completion", ""}, []string{"bash", "zsh", "fish", "powershell"}},
		{[]string{"issuer-for", "--ios", "gw1", "--h"}, []string{"--hostname"}},
	} {
		got := completeBash(t, script, tc.words...)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("certkit %s<TAB> (-want +got):\n%s", strings.Join(tc.words, " "), diff)
		}
	}
}

// TestCompletionScripts: each shell's script names every command and
// every flag, parses in its shell where that shell is installed, and an
// unknown shell is a usage error.
func TestCompletionScripts(t *testing.T) {
	model := completionModel()
	check := map[string][]string{
		"bash": {"bash", "-n"}, "zsh": {"zsh", "-n"}, "fish": {"fish", "--no-execute"},
		"powershell": {"pwsh", "-NoProfile", "-Command", "$null = [ScriptBlock]::Create((Get-Content -Raw $args[0]))"},
	}
	for _, sh := range shells {
		code, out, errs := certkit(t, nil, "completion", strings.ToUpper(sh))
		if code != exitOK || errs != "" {
			t.Fatalf("completion %s: exit %d: %s", sh, code, errs)
		}
		for _, c := range model {
			if !strings.Contains(out, strings.Fields(c.name)[len(strings.Fields(c.name))-1]) {
				t.Errorf("%s script lacks the command %s", sh, c.name)
			}
			for _, f := range c.flags {
				if !strings.Contains(out, f.name) {
					t.Errorf("%s script lacks %s's flag %s", sh, c.name, f.name)
				}
			}
		}
		for _, v := range []string{"p7b-pem", "trustpoint"} {
			if !strings.Contains(out, v) {
				t.Errorf("%s script lacks %q", sh, v)
			}
		}
		argv := check[sh]
		if _, err := exec.LookPath(argv[0]); err != nil {
			t.Logf("%s is not installed: the %s script is not parsed", argv[0], sh)
			continue
		}
		f := filepath.Join(t.TempDir(), "certkit."+sh)
		if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		if b, err := exec.Command(argv[0], append(argv[1:], f)...).CombinedOutput(); err != nil {
			t.Errorf("%s does not parse the %s script: %v\n%s", argv[0], sh, err, b)
		}
	}
	// fish, where installed, completes from the script as bash does.
	if _, err := exec.LookPath("fish"); err == nil {
		_, out, _ := certkit(t, nil, "completion", "fish")
		f := filepath.Join(t.TempDir(), "certkit.fish")
		if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		b, err := exec.Command("fish", "-c", "source "+f+"; complete -C 'certkit convert --to '; complete -C 'certkit ios '").CombinedOutput()
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			got = append(got, strings.Fields(l)[0])
		}
		if diff := cmp.Diff([]string{"der", "p7b", "p7b-pem", "pem", "audit", "trustpoint", "trustpool"}, got); err != nil || diff != "" {
			t.Errorf("fish completion (-want +got): %v\n%s", err, diff)
		}
	}
	if code, out, errs := certkit(t, nil, "completion", "tcsh"); code != exitUsage || out != "" || !strings.Contains(errs, `"tcsh" is not a shell certkit completes`) {
		t.Errorf("completion tcsh: exit %d, stderr %q", code, errs)
	}
}
