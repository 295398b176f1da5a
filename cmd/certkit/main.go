// Command certkit splits, orders and checks certificate bundles and CSRs for
// Cisco CUCM clusters and IOS voice gateways.
//
// Each subcommand reads its inputs, makes one or two calls into certkit's
// packages, and formats the result. Data (PEM, JSON) goes to stdout; notes,
// warnings and errors go to stderr.
//
// It needs no //go:debug line for the certificates crypto/x509 refuses
// (negative serial numbers and the rest): convert.Decode reads them
// leniently, for every program that imports it.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

// Exit codes shared by every subcommand.
const (
	exitOK    = 0 // done
	exitCheck = 1 // a check said no: incomplete chain, no issuer, lint error
	exitUsage = 2 // bad usage or unreadable input
)

func main() {
	clicked := doubleClick(os.Args[1:], ownConsole)
	server := clicked || len(os.Args) > 1 && os.Args[1] == "web"
	e := newEnv(os.Stdin, os.Stdout, os.Stderr)
	if !server {
		e.readingGC = gcPercent(os.Getenv)
		hugeHeap(os.Getenv)
		widenPipes(os.Stdout, os.Stderr)
	}
	if clicked {
		os.Exit(doubleClicked()) // Windows: certkit.exe was double-clicked
	}
	os.Exit(e.run(os.Args[1:]))
}

// gcPercent sets how often the garbage collector runs in a command (the
// web server keeps Go's default), unless $GOGC says, and returns the
// setting for while the command reads its inputs (0: leave it).
//
// A command runs for a fraction of a second and keeps most of what it
// allocates until it exits (the certificates of a store, their chains),
// and makes little garbage besides: collecting at 1.3 times the live heap
// instead of Go's default twice keeps order --json of a 5,000-certificate
// store under 40 MB and convert under 25 MB (see BENCHMARKS.md); page
// faults on fresh memory cost more than the collections here. (At 1.5
// times, with the huge pages of hugeHeap, the store's peak reached 40-41
// MB under load.) While certificates are read and parsed, though, nearly
// everything allocated is kept, and the heap grows from nothing: each
// collection then finds little to free, and at 1.3 times the store made
// ten of them before its certificates were all held. readCerts collects
// at Go's default while it reads, and at 1.3 times after: 8-10 instead
// of 13-17 collections for that store, the same peak (it comes later,
// with the chains and their JSON), a tenth less wall time, and the same
// peak for stores of 20,000 and 83,000 certificates. The web server
// keeps Go's default throughout: each analysis makes garbage of its own,
// and collecting it that often cost the page a third more CPU time.
func gcPercent(getenv func(string) string) (reading int) {
	if getenv("GOGC") != "" {
		return 0
	}
	debug.SetGCPercent(30)
	return 100
}

// command is one subcommand: its name, a one-line summary and its body.
type command struct {
	name    string
	summary string
	run     func(env *env, args []string) int
}

// commands lists every subcommand in the order usage shows them.
func commands() []command {
	return []command{
		{"split", "write one PEM file per certificate, root first", runSplit},
		{"convert", "re-encode certificates as PEM, DER or PKCS#7", runConvert},
		{"inspect", "list every object found in the inputs", runInspect},
		{"order", "order certificates into chains, root first", runOrder},
		{"issuer-for", "find the certificate that issued CERT", runIssuerFor},
		{"csr", "read and lint a certificate signing request", runCSR},
		{"scan", "inventory folders: every certificate, key and CSR, what belongs together, what expires", runScan},
		{"match", "check that a certificate and a key, CSR or PFX belong together", runMatch},
		{"ios", "IOS gateways: trustpoint configuration, audit, trustpool (ios trustpoint|audit|trustpool)", runIOS},
		{"cucm", "print the CUCM upload plan for a chain; cucm audit: the trust-store deletion plan", runCUCM},
		{"probe", "connect to TLS servers: the chain each serves, client certificates, what each side must trust", runProbe},
		{"scep", "ask a CA over SCEP what an IOS gateway will ask, and enroll a test certificate (scep probe|enroll)", runSCEP},
		{"web", "serve a local web page that does all of this in the browser", runWeb},
		{"version", "print certkit's version and the revision it was built from", runVersion},
		{"completion", "print a shell completion script (bash, zsh, fish, powershell)", runCompletion},
	}
}

// checksInputs are the commands that exit 1 when an input itself draws a
// warning (env.inputWarnings), as they do for their own checks.
var checksInputs = map[string]bool{"order": true, "issuer-for": true, "cucm": true}

// run is main without the process: it takes the arguments after the program
// name and returns the exit code, so that tests can drive every command.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return newEnv(stdin, stdout, stderr).run(args)
}

// newEnv is the environment of a command reading stdin, writing stdout
// and stderr, and reading the process's environment variables.
func newEnv(stdin io.Reader, stdout, stderr io.Writer) *env {
	return &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
}

// run runs the command args[0] with the arguments after it.
func (e *env) run(args []string) int {
	stdout, stderr := e.stdout, e.stderr
	if len(args) == 0 {
		return usageError(stderr, "", "no command given; the commands are %s", strings.Join(commandNames(), ", "))
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	case "help":
		if len(args) == 1 {
			usage(stdout)
			return exitOK
		}
		// certkit help order = certkit order -h; certkit help ios trustpoint
		// = certkit ios trustpoint -h.
		args = append(append([]string{}, args[1:]...), "-h")
	case "-version", "--version":
		args = []string{"version"}
	}
	for _, c := range commands() {
		if c.name == args[0] {
			code := c.run(e, args[1:])
			if code == exitOK && e.inputWarnings > 0 && checksInputs[c.name] {
				code = exitCheck // a warning about an input, such as an IOS header serial that is not the certificate's
			}
			return code
		}
	}
	msg := fmt.Sprintf("unknown command %q", args[0])
	if strings.HasPrefix(args[0], "-") {
		msg = fmt.Sprintf("unknown flag %s before the command", args[0])
	} else if m := closest(args[0], commandNames()); m != "" {
		msg += fmt.Sprintf("; did you mean %s?", m)
	}
	return usageError(stderr, "", "%s", msg)
}

// commandNames lists the commands' names in usage order.
func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: certkit COMMAND [flags] FILE...")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands() {
		fmt.Fprint(w, wrap(fmt.Sprintf("  %-11s ", c.name), c.summary, helpWidth))
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, wrap("", "FILE may be - for standard input. Run certkit COMMAND -h (or certkit help COMMAND) for a command's flags.", helpWidth))
	fmt.Fprintln(w, "exit codes: 0 done, 1 a check said no, 2 bad usage or unreadable input")
}
