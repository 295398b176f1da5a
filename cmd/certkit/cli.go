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

	"github.com/voicepki/certkit/internal/atomicfile"
	"github.com/voicepki/certkit/internal/x509text"
)

// env is what a command may touch: its streams and the environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// inputWarnings counts warnings about the inputs themselves, printed
	// while reading them.
	inputWarnings int
	// passwordFrom names where the PKCS#12 password came from (the
	// password file, or $CERTKIT_PASSWORD), "" when none was given;
	// emptyPassword says the file held an empty one. Set by password.
	passwordFrom  string
	emptyPassword bool
	// flagSets, when set, collects every flag set the command makes, for
	// the completion scripts.
	flagSets *[]*flag.FlagSet
	// readingGC, when not 0, is the garbage collector's setting while
	// readCerts reads and parses the inputs (see gcPercent).
	readingGC int
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

// inDir names the file name in dir, as the user typed dir: unlike
// filepath.Join it keeps "./out" and "C:\certs\" as they are, adding the
// separator the user wrote (else the system's).
func inDir(dir, name string) string {
	if dir == "" || dir == "." {
		return name
	}
	if strings.HasSuffix(dir, "/") || strings.HasSuffix(dir, string(filepath.Separator)) {
		return dir + name
	}
	sep := string(filepath.Separator)
	if strings.Contains(dir, "/") {
		sep = "/"
	}
	return dir + sep + name
}

// displayName names an input in messages; "-" is standard input. A name
// from a folder is printed as x509text.Printable writes it.
func displayName(name string) string {
	if name == "-" {
		return "<stdin>"
	}
	return x509text.Printable(name)
}

// helpWidth is the width help text is wrapped at.
const helpWidth = 80

// flags makes a flag set for one subcommand. Its usage text, printed on
// stdout for -h, names the command, the argument synopsis (which lists
// every flag) and a short description, then the flags. Errors go to
// stderr.
func (e *env) flags(name, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		w := e.stdout
		fmt.Fprint(w, wrap("usage: certkit "+name+" ", synopsis, helpWidth))
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(about))
		var n int
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(w, "\nflags:")
			printDefaults(w, fs)
		}
	}
	if e.flagSets != nil {
		*e.flagSets = append(*e.flagSets, fs)
	}
	return fs
}

// wrap writes prefix and text, wrapped at width: continuation lines are
// indented to the width of prefix (or by 4 when prefix is long), and
// words are never split.
func wrap(prefix, text string, width int) string {
	indent := strings.Repeat(" ", len(prefix))
	if len(prefix) > width/2 {
		indent = "    "
	}
	var b strings.Builder
	line := prefix
	fresh := true // nothing but the prefix or indent on the line yet
	for _, word := range strings.Fields(text) {
		if !fresh && len(line)+1+len(word) > width {
			b.WriteString(line + "\n")
			line, fresh = indent, true
		}
		if !fresh {
			line += " "
		}
		line += word
		fresh = false
	}
	b.WriteString(line + "\n")
	return b.String()
}

// flagName spells a flag as the README does: --force, --password-file,
// and -o for the one-letter ones.
func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// printDefaults lists fs's flags, each name on its line and its
// description below it, wrapped at helpWidth.
func printDefaults(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  " + flagName(f.Name)
		if c, ok := f.Value.(*choice); ok {
			if list := strings.Join(c.values, "|"); len(list) <= 30 {
				name = list
			} else {
				name = "VALUE"
				usage += ": " + strings.Join(c.values, ", ")
			}
		}
		if name != "" {
			line += " " + name
		}
		if d := f.DefValue; d != "" && d != "false" && d != "0" && d != "[]" {
			usage += fmt.Sprintf(" (default %s)", d)
		}
		fmt.Fprintln(w, line)
		fmt.Fprint(w, wrap("        ", usage, helpWidth))
	})
}

// choice is a flag taking one of a few values, in any letter case; it
// holds the value as listed. The completion scripts offer the values.
type choice struct {
	value  string
	values []string
	// lookup, when set, decides instead of values: it returns the value
	// in its listed spelling, or why it is refused.
	lookup func(string) (string, error)
}

// choiceFlag adds a flag that takes one of values (any letter case).
func choiceFlag(fs *flag.FlagSet, name, value string, values []string, usage string) *string {
	c := &choice{value: value, values: values}
	fs.Var(c, name, usage)
	return &c.value
}

// lookupFlag is choiceFlag for a flag whose values a library looks up
// (cucm.LookupService): values are what completion offers and help
// lists, lookup says what is taken.
func lookupFlag(fs *flag.FlagSet, name, value string, values []string, lookup func(string) (string, error), usage string) *string {
	c := &choice{value: value, values: values, lookup: lookup}
	fs.Var(c, name, usage)
	return &c.value
}

func (c *choice) String() string {
	if c == nil {
		return ""
	}
	return c.value
}

func (c *choice) Set(s string) error {
	if c.lookup != nil {
		v, err := c.lookup(s)
		if err == nil {
			c.value = v
		}
		return err
	}
	for _, v := range c.values {
		if strings.EqualFold(v, s) {
			c.value = v
			return nil
		}
	}
	return fmt.Errorf("want one of %s", strings.Join(c.values, ", "))
}

// usageError prints a usage error as one line on stderr, what is wrong,
// then where the help is, and returns exitUsage.
func usageError(w io.Writer, cmd, format string, args ...any) int {
	prefix := "certkit: "
	if cmd != "" {
		prefix += cmd + ": "
	}
	fmt.Fprintf(w, prefix+format+"\n", args...)
	if cmd == "" {
		fmt.Fprintln(w, "run 'certkit -h' for help")
	} else {
		fmt.Fprintf(w, "run 'certkit %s -h' for help\n", cmd)
	}
	return exitUsage
}

// usageError is usageError on the command's stderr.
func (e *env) usageError(cmd, format string, args ...any) int {
	return usageError(e.stderr, cmd, format, args...)
}

// usageErr is usageError for an error of a library package, printed as it
// is (it names its package, "probe: ..."), then the pointer to cmd's help.
func (e *env) usageErr(cmd string, err error) int {
	e.errorf("%v", err)
	fmt.Fprintf(e.stderr, "run 'certkit %s -h' for help\n", cmd)
	return exitUsage
}

// parse parses a subcommand's flags. It returns ok=false with the exit code
// when the command should stop: 0 after -h (the help on stdout), 2 after a
// bad flag (one line on stderr). Flags may come after file names too
// (certkit split a.p7b -o out).
func parse(fs *flag.FlagSet, args []string) (rest []string, code int, ok bool) {
	// The flag package would print its own error and the usage; certkit
	// says what is wrong in one line and points at -h instead.
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
			return nil, usageError(out, fs.Name(), "%s", flagError(fs, err)), false
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
		return nil, usageError(out, fs.Name(), "standard input (-) is named %d times; it can be read once", n), false
	}
	return files, exitOK, true
}

// flagError says in the user's words what the flag package refused: the
// flag as typed (with two dashes), and for an unknown flag the closest
// one the command has.
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	// The flag package drops a dash of --forse; certkit spells long flags
	// with two, as the user most likely typed them.
	typed := flagName
	if name, found := strings.CutPrefix(msg, "flag provided but not defined: -"); found {
		s := "unknown flag " + typed(name)
		if m := closestFlag(fs, name); m != "" {
			s += "; did you mean " + flagName(m) + "?"
		}
		return s
	}
	if name, found := strings.CutPrefix(msg, "flag needs an argument: -"); found {
		return typed(name) + " needs a value"
	}
	if rest, found := strings.CutPrefix(msg, "invalid value "); found {
		// invalid value "x" for flag -name: reason
		if i := strings.Index(rest, " for flag -"); i >= 0 {
			val := rest[:i]
			name, reason, _ := strings.Cut(rest[i+len(" for flag -"):], ": ")
			reason = strings.TrimPrefix(reason, "parse error")
			if reason == "" {
				reason = "not a number"
			}
			return fmt.Sprintf("%s %s: %s", flagName(name), val, reason)
		}
	}
	if rest, found := strings.CutPrefix(msg, "invalid boolean value "); found {
		if i := strings.Index(rest, " for -"); i >= 0 {
			name, _, _ := strings.Cut(rest[i+len(" for -"):], ":")
			return fmt.Sprintf("%s takes no value (got %s)", flagName(name), rest[:i])
		}
	}
	return msg
}

// closestFlag returns the flag of fs nearest to name (see closest).
func closestFlag(fs *flag.FlagSet, name string) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return closest(name, names)
}

// closest returns the candidate nearest to what the user typed: the
// nearest at most two edits away (one for names of up to five letters),
// letter case ignored, else the only one that name begins, else "".
func closest(name string, candidates []string) string {
	best, bestD := "", 0
	var prefixed []string
	lower := strings.ToLower(name)
	for _, c := range candidates {
		if len(name) >= 2 && strings.HasPrefix(c, lower) {
			prefixed = append(prefixed, c)
		}
		d := editDistance(lower, strings.ToLower(c))
		if d <= min(2, max(1, len(name)/3)) && (best == "" || d < bestD) {
			best, bestD = c, d
		}
	}
	if best == "" && len(prefixed) == 1 {
		return prefixed[0]
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes
// (flag names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
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
// are (subjects such as "AT&T"), not escaped for HTML, and the characters a
// terminal acts on escaped as \u sequences (x509text.PrintableJSON): the
// values stay exact.
func writeJSON(e *env, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		e.errorf("%v", err)
		return err
	}
	_, err := e.stdout.Write(x509text.PrintableJSON(b.Bytes()))
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
// one it says so in one line and stops with exit 2.
func parseFiles(fs *flag.FlagSet, args []string) (files []string, code int, ok bool) {
	files, code, ok = parse(fs, args)
	if ok && len(files) == 0 {
		return nil, usageError(fs.Output(), fs.Name(), "no FILE given"), false
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
var errExists = atomicfile.ErrExists

// checkWritable reports errExists when path exists and force is off, so
// that a command can refuse before it writes anything at all.
func checkWritable(path string, force bool) error {
	return atomicfile.CheckNew(path, force)
}

// writeFileAtomic writes one file by atomicfile's rule (a temporary file
// and a rename; a replaced file synced first; the directory synced once).
// Without force it never replaces an existing file, even one that appeared
// after checkWritable. Its errors read "PATH: what happened", naming path,
// never the temporary file. Commands that write many files use one
// atomicfile.Writer instead, so that the directory is synced once.
func writeFileAtomic(path string, data []byte, force bool) error {
	return atomicfile.WriteFile(path, data, force)
}

// isTerminal reports whether w is a terminal: a file the system answers
// terminal queries for (isTerminalFd), not any character device, since
// /dev/null and NUL are character devices too.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isTerminalFd(f.Fd())
}
