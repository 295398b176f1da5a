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
)

// Exit codes shared by every subcommand.
const (
	exitOK    = 0 // done
	exitCheck = 1 // a check said no: incomplete chain, no issuer, lint error
	exitUsage = 2 // bad usage or unreadable input
)

func main() {
	if len(os.Args) == 1 && ownConsole() {
		os.Exit(doubleClicked()) // Windows: certkit.exe was double-clicked
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
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
		{"match", "check that a certificate and a key, CSR or PFX belong together", runMatch},
		{"ios", "IOS gateways: trustpoint configuration, audit, trustpool (ios trustpoint|audit|trustpool)", runIOS},
		{"cucm", "print the CUCM upload plan for a chain; cucm audit: the trust-store deletion plan", runCUCM},
		{"web", "serve a local web page that does all of this in the browser", runWeb},
	}
}

// checksInputs are the commands that exit 1 when an input itself draws a
// warning (env.inputWarnings), as they do for their own checks.
var checksInputs = map[string]bool{"order": true, "issuer-for": true, "cucm": true}

// run is main without the process: it takes the arguments after the program
// name and returns the exit code, so that tests can drive every command.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	if len(args) == 2 && args[0] == "help" {
		args = []string{args[1], "-h"} // certkit help order = certkit order -h
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
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
	e.errorf("unknown command %q (run certkit -h for the list)", args[0])
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: certkit COMMAND [flags] FILE...")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "FILE may be - for standard input. Run certkit COMMAND -h for a command's flags.")
	fmt.Fprintln(w, "exit codes: 0 done, 1 a check said no, 2 bad usage or unreadable input")
}
