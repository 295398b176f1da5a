package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/cisco/ios"
	"github.com/voicepki/certkit/pkg/scep"
)

const iosTrustpointAbout = `
Print the IOS configuration that makes the gateway's RSA key and its
trustpoint, to paste in configuration mode: for manual enrollment
(enrollment terminal; then crypto pki enroll HOSTNAME prints the CSR), or
with --enroll-url for SCEP auto-enrollment. The hostname names the key and
the trustpoint and is the certificate's CN; the fqdn is HOSTNAME.DOMAIN.`

const iosAbout = `
Write IOS configuration for a voice gateway, or read what gateways hold.

  certkit ios trustpoint --hostname H --domain D
      the RSA key and a trustpoint for manual enrollment (enrollment
      terminal): paste it in configuration mode, then crypto pki enroll H
      prints the CSR for the CA
  certkit ios trustpoint --hostname H --domain D --enroll-url URL
      the same for SCEP auto-enrollment, renewing at --auto-enroll
      percent (default 80) of the certificate's lifetime

  certkit ios audit [--ca FILE]... [--warn-within 90d] [--json] FILE|FOLDER...
      audit the trustpoints of gateways from their configurations and
      show crypto pki output (certkit ios audit -h)
  certkit ios trustpool [--at TIME] FILE...
      the paste session that adds custom CA certificates to the PKI
      trustpool (crypto pki trustpool import terminal)

The hostname names the key, the trustpoint and the certificate's CN. To
install the certificate the CA sends back, use certkit issuer-for --ios H.`

// iosSubcommands are ios's subcommands, in the order help lists them.
func iosSubcommands() []command {
	return []command{
		{"trustpoint", "print the RSA key and trustpoint configuration", runIOSTrustpoint},
		{"audit", "audit the trustpoints of gateways from their configurations and show output", runIOSAudit},
		{"trustpool", "print the session that adds CA certificates to the PKI trustpool", runIOSTrustpool},
	}
}

func runIOS(e *env, args []string) int {
	sub := ""
	if len(args) > 0 {
		sub = args[0]
	}
	var names []string
	for _, c := range iosSubcommands() {
		if c.name == sub {
			return c.run(e, args[1:])
		}
		names = append(names, c.name)
	}
	switch sub {
	case "-h", "-help", "--help", "help":
		iosUsage(e)
		return exitOK
	case "":
		return e.usageError("ios", "no subcommand given; the subcommands are %s", strings.Join(names, ", "))
	}
	msg := fmt.Sprintf("unknown subcommand %q", sub)
	if m := closest(sub, names); m != "" {
		msg += fmt.Sprintf("; did you mean %s?", m)
	}
	return e.usageError("ios", "%s", msg)
}

// iosUsage prints ios's help on stdout: the overview, then each
// subcommand's usage line and flags.
func iosUsage(e *env) {
	fmt.Fprint(e.stdout, wrap("usage: certkit ios ", "SUBCOMMAND [flags]", helpWidth))
	fmt.Fprintf(e.stdout, "\n%s\n", strings.TrimSpace(iosAbout))
	for _, c := range iosSubcommands() {
		var sets []*flag.FlagSet
		var help strings.Builder
		sub := &env{stdin: strings.NewReader(""), stdout: &help, stderr: io.Discard, getenv: e.getenv, flagSets: &sets}
		c.run(sub, []string{"-h"})
		usage, _, _ := strings.Cut(help.String(), "\n\n")
		fmt.Fprintf(e.stdout, "\n%s\n", usage)
		for _, fs := range sets {
			printDefaults(e.stdout, fs)
		}
	}
}

func runIOSTrustpoint(e *env, args []string) int {
	fs := e.flags("ios trustpoint", "--hostname H --domain D [--enroll-url URL] [--auto-enroll P] [--source-interface IF] [--password-file FILE] [--check]", iosTrustpointAbout)
	hostname := fs.String("hostname", "", "the gateway's hostname `H`: names the key, the trustpoint and the CN (required)")
	domain := fs.String("domain", "", "the DNS domain `D`, for fqdn H.D (required)")
	enrollURL := fs.String("enroll-url", "", "the CA's SCEP `URL`: selects auto-enrollment instead of enrollment terminal")
	autoEnroll := fs.Int("auto-enroll", 80, "with --enroll-url: re-enroll after `P` percent of the lifetime (1-100; 0 leaves it out)")
	srcIf := fs.String("source-interface", "", "with --enroll-url: the interface `IF` SCEP requests leave from")
	pwFile := fs.String("password-file", "", "with --enroll-url: `FILE` holding the SCEP challenge password")
	check := fs.Bool("check", false, "with --enroll-url: ask the CA now, as certkit scep probe does, and print the fingerprints crypto pki authenticate will show")
	rest, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		return e.usageError("ios trustpoint", "takes no file arguments, got %q", rest)
	}
	if *hostname == "" || *domain == "" {
		return e.usageError("ios trustpoint", "--hostname and --domain are required")
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	opts := ios.TrustpointOptions{
		Hostname:        *hostname,
		Domain:          *domain,
		EnrollURL:       *enrollURL,
		SourceInterface: *srcIf,
	}
	if *enrollURL == "" {
		// --auto-enroll at its default (or 0, "leave it out") says
		// nothing that manual enrollment contradicts.
		set["auto-enroll"] = set["auto-enroll"] && *autoEnroll != 80 && *autoEnroll != 0
		for _, f := range []string{"auto-enroll", "source-interface", "password-file", "check"} {
			if set[f] {
				return e.usageError("ios trustpoint", "--%s needs --enroll-url (without it the trustpoint uses enrollment terminal)", f)
			}
		}
	} else {
		opts.AutoEnroll = *autoEnroll
	}
	if *pwFile != "" {
		// Only from the file: $CERTKIT_PASSWORD is for PKCS#12 files and
		// must not end up in a configuration.
		pw, err := e.password(*pwFile)
		if err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
		if pw == "" {
			e.errorf("password file %s is empty", *pwFile)
			return exitUsage
		}
		opts.Password = pw
	}
	cfg, err := ios.Trustpoint(opts)
	if err != nil {
		e.errorf("%v", err)
		fmt.Fprintln(e.stderr, "run 'certkit ios trustpoint -h' for help")
		return exitUsage
	}
	if !*check {
		io.WriteString(e.stdout, cfg)
		return exitOK
	}
	// The trustpoint is named after the hostname: IOS sends that name
	// as GetCACert's message.
	r, err := scep.Probe(context.Background(), *enrollURL, scep.Options{CAIdent: *hostname})
	if err != nil {
		return scepFailed(e, err)
	}
	io.WriteString(e.stdout, cfg)
	if r.Authenticate != nil {
		fmt.Fprintf(e.stdout, "! checked %s: crypto pki authenticate %s will show %s\n", r.URL, *hostname, x509text.Subject(r.Authenticate))
		fmt.Fprintf(e.stdout, "!        Fingerprint MD5: %s\n", r.MD5)
		fmt.Fprintf(e.stdout, "!       Fingerprint SHA1: %s\n", r.SHA1)
	}
	e.printFindings(r.Findings)
	return exitFor(verdict.Warns(r.Findings))
}
