package certkit_test

// The README test: every example session in README.md and docs/*.md is
// run with the real certkit binary, and what it prints must be what the
// document shows; a failure names the file and the line. The rules for
// writing an example are in the comment of parseREADME.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// commandTimeout is how long one README command may run.
const commandTimeout = 60 * time.Second

// example is one block of a document that the test runs: a session of
// commands, each with the output and exit code the document shows.
type example struct {
	file     string // the document, as a slash path from the repository root
	line     int    // line of the opening fence
	commands []readmeCommand
}

type readmeCommand struct {
	line   int    // line of the "$ " line
	text   string // the command, continuation lines joined with "\n"
	output []string
	outAt  int // line of the first output line
	status int // the exit code shown by "$ echo $?", else 0
}

// docFiles are the documents whose examples the test runs: README.md and
// every docs/*.md, as slash paths from the repository root.
func docFiles(t testing.TB) []string {
	docs, err := filepath.Glob(filepath.Join("docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(docs)
	files := []string{"README.md"}
	for _, d := range docs {
		files = append(files, filepath.ToSlash(d))
	}
	return files
}

var fenceRE = regexp.MustCompile("^( *)(```+)[ \t]*([^` \t]*)[ \t]*$")

// parseREADME returns the example sessions of the document file (README.md
// or docs/NAME.md), whose text is text:
//
//   - An example is a fenced block (no language, sh, shell or console)
//     whose first non-blank line starts with "$ ". Other blocks (synopses,
//     go, text) are not run; a runnable block with a "$ " line that does
//     not start with one is an error.
//   - Each "$ " line is a command for bash; a line ending in " \" goes on
//     to the next one. The lines up to the next "$ " line are its output,
//     stdout and stderr as a terminal shows them.
//   - "$ echo $?" is not run: the line after it is the exit code of the
//     command before it. Without one, the command must exit 0.
//   - A line that is "..." (indentation allowed) stands for lines left out.
func parseREADME(file, text string) ([]example, error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var out []example
	for i := 0; i < len(lines); i++ {
		m := fenceRE.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		indent, ticks, lang := m[1], m[2], m[3]
		start := i
		var body []string
		for i++; i < len(lines); i++ {
			if strings.TrimRight(lines[i], " \t") == indent+ticks || strings.TrimSpace(lines[i]) == ticks && strings.HasPrefix(lines[i], indent) {
				break
			}
			body = append(body, strings.TrimPrefix(lines[i], indent))
		}
		if i == len(lines) {
			return nil, fmt.Errorf("%s:%d: the block is never closed", file, start+1)
		}
		switch lang {
		case "", "sh", "shell", "console":
		default:
			continue
		}
		first := 0
		for first < len(body) && strings.TrimSpace(body[first]) == "" {
			first++
		}
		if first == len(body) || !strings.HasPrefix(body[first], "$ ") {
			for j, l := range body {
				if strings.HasPrefix(l, "$ ") {
					return nil, fmt.Errorf("%s:%d: a \"$ \" line in a block that does not start with one (start the block with the command, or fence it as text)", file, start+2+j)
				}
			}
			continue
		}
		ex := example{file: file, line: start + 1}
		for j := first; j < len(body); j++ {
			l := body[j]
			at := start + 2 + j
			if !strings.HasPrefix(l, "$ ") {
				if len(ex.commands) == 0 {
					return nil, fmt.Errorf("%s:%d: output before the first command", file, at)
				}
				c := &ex.commands[len(ex.commands)-1]
				if len(c.output) == 0 {
					c.outAt = at
				}
				c.output = append(c.output, l)
				continue
			}
			cmd := strings.TrimPrefix(l, "$ ")
			if strings.TrimSpace(cmd) == "echo $?" {
				if len(ex.commands) == 0 || j+1 >= len(body) {
					return nil, fmt.Errorf("%s:%d: echo $? needs a command before it and the exit code after it", file, at)
				}
				c := &ex.commands[len(ex.commands)-1]
				n, err := strconv.Atoi(strings.TrimSpace(body[j+1]))
				if err != nil {
					return nil, fmt.Errorf("%s:%d: the line after echo $? is %q, not an exit code", file, at+1, body[j+1])
				}
				c.status = n
				j++
				continue
			}
			for strings.HasSuffix(cmd, "\\") && j+1 < len(body) {
				j++
				cmd += "\n" + body[j]
			}
			ex.commands = append(ex.commands, readmeCommand{line: at, text: cmd})
		}
		out = append(out, ex)
	}
	return out, nil
}

// script turns an example into a testscript script: a comment with each
// command (testscript logs them), then run, output and status, each naming
// the file and line it checks, with the command and the expected output as
// files under .readme/.
func (ex example) script() string {
	var s, files strings.Builder
	fmt.Fprintf(&s, "# %s:%d\n", ex.file, ex.line)
	for i, c := range ex.commands {
		fmt.Fprintf(&s, "\n# %s:%d: $ %s\n", ex.file, c.line, strings.ReplaceAll(c.text, "\n", " "))
		fmt.Fprintf(&s, "run .readme/%d.sh\n", i)
		fmt.Fprintf(&s, "output .readme/%d.out %s %d %d\n", i, ex.file, c.line, c.outAt)
		fmt.Fprintf(&s, "status %d %s %d\n", c.status, ex.file, c.line)
		fmt.Fprintf(&files, "-- .readme/%d.sh --\n%s\n", i, c.text)
		fmt.Fprintf(&files, "-- .readme/%d.out --\n", i)
		for _, l := range c.output {
			files.WriteString(l + "\n")
		}
	}
	return s.String() + "\n" + files.String()
}

// buildCertkit builds the command into a temporary directory, once.
var buildCertkit = sync.OnceValues(func() (string, error) {
	// go test caches a passing result by the files the test itself opens;
	// reading every Go file and go.mod makes a change to the command's
	// code run the README again, not only a change to the README.
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (p == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != "." {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".go") || p == "go.mod" || p == "go.sum") {
			_, err = os.ReadFile(p)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "certkit-readme-bin-")
	if err != nil {
		return "", err
	}
	builtDir = dir
	exe := filepath.Join(dir, "certkit")
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", exe, "./cmd/certkit").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ./cmd/certkit: %v\n%s", err, out)
	}
	return dir, nil
})

// builtDir is the directory buildCertkit made; TestMain (in
// readme_fetch_test.go) removes it through removeBuilt once the tests end.
var builtDir string

func removeBuilt() {
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
}

// runState is what the run command leaves for output and status.
type runState struct {
	stdout, stderr string
	status         int
	baseline       map[string]string // file -> size and mtime after setup
	written        map[string]bool   // files the commands wrote, under out/
}

type stateKey struct{}

// readmeParams are the testscript parameters that run README examples
// written as scripts into dir. written collects, per script, the files it
// wrote.
func readmeParams(t testing.TB, dir string, written *sync.Map) testscript.Params {
	bin, err := buildCertkit()
	if err != nil {
		t.Fatal(err)
	}
	return testscript.Params{
		Dir: dir,
		Setup: func(e *testscript.Env) error {
			if err := os.CopyFS(filepath.Join(e.WorkDir, "testdata"), os.DirFS("testdata")); err != nil {
				return err
			}
			// The README's first command makes out/ (split -o out), where
			// examples write.
			if err := os.Mkdir(filepath.Join(e.WorkDir, "out"), 0o755); err != nil {
				return err
			}
			st := &runState{written: map[string]bool{}}
			baseline, err := snapshot(e.WorkDir) // its own err: scripts run in parallel
			if err != nil {
				return err
			}
			st.baseline = baseline
			e.Values[stateKey{}] = st
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"run": func(ts *testscript.TestScript, neg bool, args []string) {
				st := ts.Value(stateKey{}).(*runState)
				work := ts.MkAbs(".")
				ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
				defer cancel()
				text := ts.ReadFile(args[0])
				cmd := exec.CommandContext(ctx, "bash", "-c", text)
				cmd.Dir = work
				cmd.Env = []string{
					"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
					"HOME=" + work, "TMPDIR=" + filepath.Join(work, ".tmp"),
					"LC_ALL=C", "TZ=UTC",
				}
				if strings.HasPrefix(text, "go ") {
					// The README's first command is go run ./cmd/certkit in
					// a clone: the work directory gets the module's source
					// (links to this checkout), and go its caches, offline.
					env, err := goEnv()
					ts.Check(err)
					ts.Check(linkModule(work))
					st.baseline, err = snapshot(work)
					ts.Check(err)
					// go's telemetry counters go to the user's config
					// folder: here, under .tmp, which snapshot skips.
					cmd.Env = append(cmd.Env, env...)
					cmd.Env = append(cmd.Env, "XDG_CONFIG_HOME="+filepath.Join(work, ".tmp", "config"))
				}
				var o, e bytes.Buffer
				cmd.Stdout, cmd.Stderr = &o, &e
				err := cmd.Run()
				st.stdout, st.stderr, st.status = o.String(), e.String(), 0
				var ee *exec.ExitError
				switch {
				case ctx.Err() != nil:
					ts.Fatalf("the command did not finish in %v", commandTimeout)
				case errors.As(err, &ee):
					st.status = ee.ExitCode()
				case err != nil:
					ts.Fatalf("%v", err)
				}
				now, err := snapshot(work)
				ts.Check(err)
				for name, v := range now {
					if st.baseline[name] == v {
						continue
					}
					if !strings.HasPrefix(name, "out/") {
						ts.Fatalf("the command wrote %s: README examples write only under out/ (git-ignored), so that they leave nothing behind in a clone", name)
					}
					st.written[name] = true
				}
				st.baseline = now
				if written != nil {
					written.Store(ts.Name(), st.written)
				}
			},
			// output FILE.out DOC CMDLINE OUTLINE
			"output": func(ts *testscript.TestScript, neg bool, args []string) {
				st := ts.Value(stateKey{}).(*runState)
				want := splitLines(ts.ReadFile(args[0]))
				doc := args[1]
				cmdAt, _ := strconv.Atoi(args[2])
				at, _ := strconv.Atoi(args[3])
				if bad, ok := interleaved(want, splitLines(st.stdout), splitLines(st.stderr)); !ok {
					msg := fmt.Sprintf("%s:%d: the output differs from the README", doc, cmdAt)
					if bad < len(want) {
						msg += fmt.Sprintf("; the first line not found where it should be is %s:%d: %q", doc, at+bad, want[bad])
					} else {
						msg += "; the command printed more lines than the document shows"
					}
					ts.Fatalf("%s\n--- %s shows:\n%s--- stdout:\n%s--- stderr:\n%s", msg, doc, ts.ReadFile(args[0]), st.stdout, st.stderr)
				}
			},
			// status CODE DOC CMDLINE
			"status": func(ts *testscript.TestScript, neg bool, args []string) {
				st := ts.Value(stateKey{}).(*runState)
				want, _ := strconv.Atoi(args[0])
				where := args[1] + ":" + args[2]
				if st.status != want {
					if want == 0 {
						ts.Fatalf("%s: exit code %d, and the README shows none (so 0): add \"$ echo $?\" and %d after the output\n--- stdout:\n%s--- stderr:\n%s", where, st.status, st.status, st.stdout, st.stderr)
					}
					ts.Fatalf("%s: exit code %d, and the README shows %d\n--- stdout:\n%s--- stderr:\n%s", where, st.status, want, st.stdout, st.stderr)
				}
			},
		},
	}
}

// goEnv is what go needs in a README command's bare environment: this
// machine's build and module caches, and no network (everything go run
// needs is in the module cache once the tests build certkit).
var goEnv = sync.OnceValues(func() ([]string, error) {
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH", "GOROOT").Output()
	if err != nil {
		return nil, fmt.Errorf("go env: %v", err)
	}
	v := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(v) != 4 {
		return nil, fmt.Errorf("go env printed %q", out)
	}
	return []string{"GOCACHE=" + v[0], "GOMODCACHE=" + v[1], "GOPATH=" + v[2], "GOROOT=" + v[3],
		"GOFLAGS=-mod=readonly", "GOPROXY=off", "GOTOOLCHAIN=local", "GOENV=off"}, nil
})

// linkModule makes the work directory a clone as far as go is concerned:
// a link to each top-level file and folder of the module that the example
// directory does not hold already (testdata/ is a copy; out/ is the
// examples'), or a copy where a link cannot be made. The caller takes a
// new snapshot afterwards, so none of them counts as written by the
// example.
func linkModule(work string) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || name == "testdata" || name == "out" {
			continue
		}
		if _, err := os.Lstat(filepath.Join(work, name)); err == nil {
			continue
		}
		src, dst := filepath.Join(root, name), filepath.Join(work, name)
		if os.Symlink(src, dst) == nil {
			continue
		}
		// Where links need a privilege (Windows), a copy does.
		if e.IsDir() {
			if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
				return err
			}
			continue
		}
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// snapshot records each file under dir (slash paths relative to it) by
// size and modification time, leaving out testscript's .tmp and the
// scripts' .readme.
func snapshot(dir string) (map[string]string, error) {
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == ".tmp" || rel == ".readme" {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		m[rel] = fmt.Sprintf("%d %d", info.Size(), info.ModTime().UnixNano())
		return nil
	})
	return m, err
}

// splitLines splits output into lines, without the final line break. A
// CR ending a line (head of a CRLF file) is dropped: a terminal does not
// show it, and a README cannot.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// interleaved reports whether want (with "..." lines standing for any run
// of lines) is an interleaving of stdout and stderr: every line of each
// stream shown once, in its own order. A line starting "certkit: " must be
// on stderr. When it is not, bad is the furthest line of want that any
// matching reached (len(want) when the streams hold more lines).
func interleaved(want, stdout, stderr []string) (bad int, ok bool) {
	type state struct{ i, j, k int }
	seen := map[state]bool{}
	var match func(i, j, k int) bool
	match = func(i, j, k int) bool {
		s := state{i, j, k}
		if seen[s] {
			return false
		}
		seen[s] = true
		if i > bad {
			bad = i
		}
		if i == len(want) {
			return j == len(stdout) && k == len(stderr)
		}
		w := want[i]
		if strings.TrimSpace(w) == "..." {
			return match(i+1, j, k) || j < len(stdout) && match(i, j+1, k) || k < len(stderr) && match(i, j, k+1)
		}
		return j < len(stdout) && stdout[j] == w && !strings.HasPrefix(w, "certkit: ") && match(i+1, j+1, k) ||
			k < len(stderr) && stderr[k] == w && match(i+1, j, k+1)
	}
	if match(0, 0, 0) {
		return 0, true
	}
	return bad, false
}

// scriptName is the script (and subtest) name of an example:
// README.md-line-0040, docs-chains.md-line-0120.
func (ex example) scriptName() string {
	return fmt.Sprintf("%s-line-%04d", strings.ReplaceAll(ex.file, "/", "-"), ex.line)
}

// writeScripts writes one script per example into a new directory.
func writeScripts(t testing.TB, exs []example) string {
	dir := t.TempDir()
	for _, ex := range exs {
		name := filepath.Join(dir, ex.scriptName()+".txtar")
		if err := os.WriteFile(name, []byte(ex.script()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// docExamples returns the examples of the document file, read from path.
func docExamples(t testing.TB, file, path string) []example {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	exs, err := parseREADME(file, string(b))
	if err != nil {
		t.Fatal(err)
	}
	return exs
}

// readmeExamples returns the examples of README.md and docs/*.md.
func readmeExamples(t testing.TB) []example {
	var exs []example
	for _, f := range docFiles(t) {
		exs = append(exs, docExamples(t, f, filepath.FromSlash(f))...)
	}
	return exs
}

// TestREADME runs every example of README.md and docs/*.md and compares
// stdout, stderr and the exit code with what the document shows. It also
// checks that no two examples of one document write the same file, so that
// each document runs top to bottom in one directory.
func TestREADME(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("the README's examples are bash sessions, and bash is not installed")
	}
	exs := readmeExamples(t)
	if len(exs) == 0 || exs[0].file != "README.md" {
		t.Fatal("README.md holds no examples")
	}
	dir := writeScripts(t, exs)
	var written sync.Map
	t.Run("examples", func(t *testing.T) {
		testscript.Run(t, readmeParams(t, dir, &written))
	})
	docOf := map[string]string{}
	for _, ex := range exs {
		docOf[ex.scriptName()] = ex.file
	}
	byFile := map[string][]string{}
	written.Range(func(k, v any) bool {
		for f := range v.(map[string]bool) {
			key := docOf[k.(string)] + ": " + f
			byFile[key] = append(byFile[key], k.(string))
		}
		return true
	})
	for f, blocks := range byFile {
		if len(blocks) > 1 {
			sort.Strings(blocks)
			t.Errorf("%s is written by the examples %s: give each example its own names under out/", f, strings.Join(blocks, ", "))
		}
	}
}

// recordT is a testscript.T that records failures instead of failing the
// test, so that a test can check that a script fails.
type recordT struct {
	mu     sync.Mutex
	failed bool
	log    strings.Builder
}

type failNow struct{}

func (r *recordT) Skip(args ...any) { panic(failNow{}) }
func (r *recordT) Fatal(args ...any) {
	r.Log(args...)
	r.FailNow()
}
func (r *recordT) Parallel() {}
func (r *recordT) Log(args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintln(&r.log, args...)
}
func (r *recordT) FailNow() {
	r.mu.Lock()
	r.failed = true
	r.mu.Unlock()
	panic(failNow{})
}
func (r *recordT) Run(name string, f func(testscript.T)) {
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(failNow); !ok {
				panic(v)
			}
		}
	}()
	f(r)
}
func (r *recordT) Verbose() bool { return false }

// TestREADMEDetectsDrift: the README test fails when an example's output,
// its exit code, or what it writes no longer matches, so that it can
// never pass by accident. Each change is made to a copy of one example:
// the README's split, and one example of each page of docs/.
func TestREADMEDetectsDrift(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("the README's examples are bash sessions, and bash is not installed")
	}
	// The quick start's split example: split, then split again (exit 2).
	var base example
	for _, ex := range docExamples(t, "README.md", "README.md") {
		if strings.HasPrefix(ex.commands[0].text, "certkit split -o out/split ") {
			base = ex
			break
		}
	}
	if len(base.commands) < 2 || base.commands[1].status != 2 || len(base.commands[1].output) < 2 {
		t.Fatalf("README.md has no example that runs certkit split -o out/split twice, the second time with exit 2 and two lines; pick another here")
	}
	clone := func() example {
		ex := base
		ex.commands = append([]readmeCommand{}, base.commands...)
		for i := range ex.commands {
			ex.commands[i].output = append([]string{}, base.commands[i].output...)
		}
		return ex
	}
	changed := map[string]example{}
	// why is what the failure must say, for each change.
	why := map[string]string{
		"one output line":             "the output differs from the README",
		"a line left out without ...": "the output differs from the README",
		"the exit code":               "exit code 2, and the README shows 1",
		"echo $? left out":            "exit code 2, and the README shows none",
		"a file written outside out/": "README examples write only under out/",
		"two stderr lines swapped":    "the output differs from the README",
	}
	ex := clone()
	ex.commands[0].output[0] = strings.Replace(ex.commands[0].output[0], "Root", "Rot", 1)
	changed["one output line"] = ex
	ex = clone()
	ex.commands[0].output = ex.commands[0].output[1:]
	changed["a line left out without ..."] = ex
	ex = clone()
	ex.commands[1].status = 1
	changed["the exit code"] = ex
	ex = clone()
	ex.commands[0].status = 0
	ex.commands[1].status = 0
	changed["echo $? left out"] = ex
	ex = clone()
	ex.commands[0].text = strings.Replace(ex.commands[0].text, "out/split", "split", 1)
	changed["a file written outside out/"] = ex
	ex = clone()
	ex.commands[1].output[0], ex.commands[1].output[1] = ex.commands[1].output[1], ex.commands[1].output[0]
	changed["two stderr lines swapped"] = ex

	// The example as written passes, so each failure is the change's.
	for name, ex := range map[string]example{"unchanged": clone()} {
		r := &recordT{}
		testscript.RunT(r, readmeParams(t, writeScripts(t, []example{ex}), nil))
		if r.failed {
			t.Fatalf("%s: the example fails as written:\n%s", name, r.log.String())
		}
	}
	// Each page of docs/ with examples: one output line of its first
	// example that shows output, changed.
	pages := 0
	for _, file := range docFiles(t)[1:] {
		for _, ex := range docExamples(t, file, filepath.FromSlash(file)) {
			k := slices.IndexFunc(ex.commands, func(c readmeCommand) bool {
				return len(c.output) > 0 && strings.TrimSpace(c.output[0]) != "..."
			})
			if k < 0 {
				continue
			}
			c := &ex.commands[k]
			c.output = append([]string{c.output[0] + " (changed)"}, c.output[1:]...)
			name := file + ": one output line"
			changed[name] = ex
			why[name] = fmt.Sprintf("the output differs from the README; the first line not found where it should be is %s:%d", file, c.outAt)
			pages++
			break
		}
	}
	if pages < 5 {
		t.Fatalf("only %d pages of docs/ have an example with output to change", pages)
	}
	for name, ex := range changed {
		r := &recordT{}
		testscript.RunT(r, readmeParams(t, writeScripts(t, []example{ex}), nil))
		if !r.failed {
			t.Errorf("%s: the README test still passes", name)
		} else if !strings.Contains(r.log.String(), why[name]) {
			t.Errorf("%s: the README test fails, but does not say %q:\n%s", name, why[name], r.log.String())
		}
	}
}

// TestDocsDriftNamesFileAndLine: an example of README.md and one of a
// docs/ page, each edited on purpose in a temporary copy, make the test
// fail, and the failure names the document and the line that drifted: the
// output line for a changed output line, the command's line for a changed
// exit code.
func TestDocsDriftNamesFileAndLine(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("the README's examples are bash sessions, and bash is not installed")
	}
	docs := docFiles(t)
	if len(docs) < 2 {
		t.Fatalf("docFiles finds %q: no docs/*.md page", docs)
	}
	type edit struct {
		file   string
		exLine int    // the example's opening fence
		line   int    // the line edited
		want   string // what the failure must say
	}
	// editOutput changes the first output line of the first example that
	// runs certkit and shows output; editStatus the exit code of the first
	// command shown to exit non-zero.
	editOutput := func(file string) edit {
		for _, ex := range docExamples(t, file, filepath.FromSlash(file)) {
			c := ex.commands[0]
			if strings.HasPrefix(c.text, "certkit ") && len(c.output) > 0 && strings.TrimSpace(c.output[0]) != "..." {
				return edit{file: file, exLine: ex.line, line: c.outAt, want: fmt.Sprintf("%s:%d: the output differs from the README; the first line not found where it should be is %s:%d", file, c.line, file, c.outAt)}
			}
		}
		t.Fatalf("%s has no certkit example with output to edit", file)
		return edit{}
	}
	editStatus := func(file string) edit {
		for _, ex := range docExamples(t, file, filepath.FromSlash(file)) {
			for _, c := range ex.commands {
				if c.status != 0 && strings.HasPrefix(c.text, "certkit ") {
					// The exit code is the line after "$ echo $?", which
					// follows the command and its output.
					at := c.line + strings.Count(c.text, "\n") + 2
					if c.outAt != 0 {
						at = c.outAt + len(c.output) + 1
					}
					return edit{file: file, exLine: ex.line, line: at, want: fmt.Sprintf("%s:%d: exit code %d, and the README shows %d", file, c.line, c.status, c.status+1)}
				}
			}
		}
		t.Fatalf("%s has no certkit example that exits non-zero", file)
		return edit{}
	}
	edits := []edit{editOutput("README.md"), editOutput(docs[1]), editStatus(docs[1])}
	for i, e := range edits {
		b, err := os.ReadFile(filepath.FromSlash(e.file))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(b), "\n")
		old := lines[e.line-1]
		if i == 2 {
			n, err := strconv.Atoi(strings.TrimSpace(old))
			if err != nil || strings.TrimSpace(lines[e.line-2]) != "$ echo $?" {
				t.Fatalf("%s:%d: %q is not the exit code after echo $?", e.file, e.line, old)
			}
			lines[e.line-1] = strconv.Itoa(n + 1)
		} else {
			lines[e.line-1] = old + " (edited on purpose)"
		}
		copyPath := filepath.Join(t.TempDir(), filepath.FromSlash(e.file))
		if err := os.MkdirAll(filepath.Dir(copyPath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(copyPath, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		var edited []example
		for _, ex := range docExamples(t, e.file, copyPath) {
			if ex.line == e.exLine {
				edited = append(edited, ex)
			}
		}
		if len(edited) != 1 {
			t.Fatalf("%s:%d: the edited copy has no example at line %d", e.file, e.line, e.exLine)
		}
		r := &recordT{}
		testscript.RunT(r, readmeParams(t, writeScripts(t, edited), nil))
		switch {
		case !r.failed:
			t.Errorf("%s:%d edited (%q): the test still passes", e.file, e.line, lines[e.line-1])
		case !strings.Contains(r.log.String(), e.want):
			t.Errorf("%s:%d edited (%q): the test fails, but does not say %q:\n%s", e.file, e.line, lines[e.line-1], e.want, r.log.String())
		default:
			t.Logf("%s:%d edited: the test fails, saying %q", e.file, e.line, e.want)
		}
	}
}

// TestCIRunsTheREADMETestCommand: the test command the README gives a
// newcomer (its second command, a text block holding one go test line) is
// the one CI runs, exactly, on a line of its own.
func TestCIRunsTheREADMETestCommand(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var want string
	lines := strings.Split(string(b), "\n")
	for i := 0; i+2 < len(lines); i++ {
		if lines[i] == "```text" && strings.HasPrefix(lines[i+1], "go test ") && lines[i+2] == "```" {
			want = lines[i+1]
			break
		}
	}
	if want != "go test ./..." {
		t.Fatalf("README.md gives the test command %q, want go test ./... in a text block of its own", want)
	}
	ci, err := os.ReadFile(filepath.Join(".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(ci), "\n") {
		if strings.TrimSpace(l) == want {
			return
		}
	}
	t.Errorf(".ci/run has no line that is the README's test command %q", want)
}
