package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/voicepki/certkit/pkg/cisco/ios"
	"github.com/voicepki/certkit/pkg/convert"
)

const iosTrustpoolAbout = `
Print the paste session that adds custom CA certificates to the gateway's
PKI trustpool: a ! line per certificate with its fingerprints, then
crypto pki trustpool import terminal, the CA PEMs and quit. Paste it in
configuration mode; IOS answers "% PEM files import succeeded.".

Every FILE must hold CA certificates only: a gateway's own certificate is
refused (it belongs in its trustpoint, with crypto pki import). From a
signed bundle such as Cisco's ios_core.p7b, the CAs inside it are taken,
not its outer signer. Each CA is checked at --at: expired, not yet valid,
expiring within --warn-within (30 days unless given), a weak signature (a
self-signature is never one), a small key. Exit 0 when nothing warns, 1
when something does, 2 for unreadable input or a certificate that is not
a CA.`

func runIOSTrustpool(e *env, args []string) int {
	fs := e.flags("ios trustpool", "[--at TIME] [--warn-within DURATION] FILE...", iosTrustpoolAbout)
	checks := checkFlags(fs)
	files, code, ok := parseFiles(fs, args)
	if !ok {
		return code
	}
	check, ok := checks.options(e, "ios trustpool")
	if !ok {
		return exitUsage
	}
	in, code := e.readCerts(files, "")
	if code != exitOK {
		return code
	}
	var inputs []*convert.Result
	for _, f := range in.files {
		inputs = append(inputs, f.res)
	}
	tp, err := ios.TrustpoolOf(inputs, ios.TrustpoolOptions{At: check.At, WarnWithin: check.WarnWithin})
	if err != nil {
		e.errorf("%v", err)
		if errors.Is(err, ios.ErrNotCA) {
			fmt.Fprintln(e.stderr, "certkit: hint: certkit issuer-for --ios TRUSTPOINT prints the session that installs a gateway's certificate")
		}
		return exitUsage
	}
	io.WriteString(e.stdout, tp.Text)
	e.printFindings(tp.Warnings)
	fmt.Fprintln(e.stderr, "certkit: paste in configuration mode, then check with show crypto pki trustpool that each certificate is there")
	return exitFor(len(tp.Warnings) > 0)
}
