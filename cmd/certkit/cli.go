package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// env is what a command may touch: its streams and the environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// inputWarnings counts warnings about the inputs themselves, printed
	// while reading them.
	inputWarnings int
}

// errorf prints one diagnostic line to stderr with the certkit: prefix.
func (e *env) errorf(format string, args ...any) {
	fmt.Fprintf(e.stderr, "certkit: "+format+"\n", args...)
}

// fileError prints a diagnostic about one input file: "certkit: FILE: err".
// A hint, when given, follows on its own line.
func (e *env) fileError(name string, err error, hint ...string) {
	e.errorf("%s: %v", displayName(name), err)
	for _, h := range hint {
		fmt.Fprintf(e.stderr, "certkit: hint: %s\n", h)
	}
}

// displayName names an input in messages; "-" is standard input.
func displayName(name string) string {
	if name == "-" {
		return "<stdin>"
	}
	return name
}

// flags makes a flag set for one subcommand. Its usage text names the
// command, the argument synopsis and a short description, then the flags.
func (e *env) flags(name, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: certkit %s %s\n\n%s\n", name, synopsis, strings.TrimSpace(about))
		var n int
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(e.stderr, "\nflags:")
			printDefaults(e.stderr, fs)
		}
	}
	return fs
}

// printDefaults lists fs's flags as flag.PrintDefaults does, but spelled
// as the README spells them: --force, --password-file, and -o for the
// one-letter ones.
func printDefaults(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		dash := "--"
		if len(f.Name) == 1 {
			dash = "-"
		}
		name, usage := flag.UnquoteUsage(f)
		line := "  " + dash + f.Name
		if name != "" {
			line += " " + name
		}
		line += "\n    \t" + strings.ReplaceAll(usage, "\n", "\n    \t")
		if d := f.DefValue; d != "" && d != "false" && d != "0" && d != "[]" {
			line += fmt.Sprintf(" (default %q)", d)
		}
		fmt.Fprintln(w, line)
	})
}

// parse parses a subcommand's flags. It returns ok=false with the exit code
// when the command should stop: 0 after -h, 2 after a bad flag. Flags may
// come after file names too (certkit split a.p7b -o out).
func parse(fs *flag.FlagSet, args []string) (rest []string, code int, ok bool) {
	// The flag package would print its own error and the usage; certkit
	// prints the error as a diagnostic and points at -h instead.
	out, usage := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	defer func() { fs.SetOutput(out); fs.Usage = usage }()
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			fs.SetOutput(out)
			if errors.Is(err, flag.ErrHelp) {
				usage()
				return nil, exitOK, false
			}
			fmt.Fprintf(out, "certkit: %s: %v (certkit %s -h lists the flags)\n", fs.Name(), err, fs.Name())
			return nil, exitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		// "--" ends flags for good; everything after it is a file.
		if args[0] == "--" {
			files = append(files, args[1:]...)
			break
		}
		files = append(files, args[0])
		args = args[1:]
	}
	if n := countStdin(files); n > 1 {
		fmt.Fprintf(out, "certkit: %s: standard input (-) is named %d times; it can be read once\n", fs.Name(), n)
		return nil, exitUsage, false
	}
	return files, exitOK, true
}

// countStdin counts the files that are "-".
func countStdin(files []string) int {
	n := 0
	for _, f := range files {
		if f == "-" {
			n++
		}
	}
	return n
}

// writeJSON prints v as indented JSON on stdout, with <, > and & as they
// are (subjects such as "AT&T"), not escaped for HTML.
func writeJSON(e *env, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		e.errorf("%v", err)
		return err
	}
	_, err := e.stdout.Write(b.Bytes())
	return err
}

// fileList is a flag that may be repeated, each time naming a file.
type fileList []string

func (l *fileList) String() string { return strings.Join(*l, ", ") }

func (l *fileList) Set(v string) error {
	if v == "" {
		return errors.New("empty file name")
	}
	*l = append(*l, v)
	return nil
}

// given reports whether the flag name was set on the command line, even to
// its default or to "".
func given(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	return found
}

// parseFiles is parse for a command that needs at least one FILE: without
// one it prints the usage and stops with exit 2.
func parseFiles(fs *flag.FlagSet, args []string) (files []string, code int, ok bool) {
	files, code, ok = parse(fs, args)
	if ok && len(files) == 0 {
		fs.Usage()
		return nil, exitUsage, false
	}
	return files, code, ok
}

// unwrapPathError drops the path from an *fs.PathError, because the caller
// already names the file.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// errExists reports a refusal to overwrite a file that is already there.
var errExists = errors.New("already exists (use --force to overwrite)")

// checkWritable reports errExists when path exists and force is off, so
// that a command can refuse before it writes anything at all.
func checkWritable(path string, force bool) error {
	if force {
		return nil
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s: %w", path, errExists)
	}
	return nil
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so that a reader never sees half a file and a
// failure leaves what was there before. Without force it never replaces an
// existing file, even one that appeared after checkWritable. Its errors
// read "PATH: what happened", naming path, never the temporary file.
func writeFileAtomic(path string, data []byte, force bool) (err error) {
	fail := func(err error) error {
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err
		}
		return fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%s: is a directory, not a file", path)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		if st, serr := os.Stat(dir); errors.Is(serr, fs.ErrNotExist) {
			return fmt.Errorf("%s: directory %s does not exist", path, dir)
		} else if serr == nil && !st.IsDir() {
			return fmt.Errorf("%s: %s is not a directory", path, dir)
		}
		return fail(err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		tmp.Close()
		return fail(err)
	}
	if err = tmp.Sync(); err != nil {
		tmp.Close()
		return fail(err)
	}
	if err = tmp.Close(); err != nil {
		return fail(err)
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return fail(err)
	}
	if force {
		if err = os.Rename(tmp.Name(), path); err != nil {
			return fail(err)
		}
		return nil
	}
	// A hard link fails if path exists, which makes "create, never replace"
	// atomic. Fall back to a checked rename where links are not supported.
	if err = os.Link(tmp.Name(), path); err == nil {
		os.Remove(tmp.Name())
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s: %w", path, errExists)
	}
	if err = checkWritable(path, false); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fail(err)
	}
	return nil
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
