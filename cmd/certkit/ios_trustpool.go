package main

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/voicepki/certkit/pkg/cisco/ios"
)

const iosTrustpoolAbout = `
Print the paste session that adds custom CA certificates to the gateway's
PKI trustpool: a ! line per certificate with its fingerprints, then
crypto pki trustpool import terminal, the CA PEMs and quit. Paste it in
configuration mode; IOS answers "% PEM files import succeeded.".

Every FILE must hold CA certificates only: a gateway's own certificate is
refused (it belongs in its trustpoint, with crypto pki import). From a
signed bundle such as Cisco's ios_core.p7b, the CAs inside it are taken,
not its outer signer.`

func runIOSTrustpool(e *env, args []string) int {
	fs := e.flags("ios trustpool", "FILE...", iosTrustpoolAbout)
	files, code, ok := parseFiles(fs, args)
	if !ok {
		return code
	}
	in, code := e.readCerts(files, "")
	if code != exitOK {
		return code
	}
	var cas []*x509.Certificate
	for _, f := range in.files {
		r := f.res
		if len(r.SignedBundles) > 0 {
			for _, b := range r.SignedBundles {
				cas = append(cas, b.Inner...)
			}
			continue
		}
		cas = append(cas, r.Certificates...)
	}
	tp, err := ios.TrustpoolSession(cas)
	if err != nil {
		e.errorf("ios trustpool: %s", strings.TrimPrefix(err.Error(), "ios: "))
		if errors.Is(err, ios.ErrNotCA) {
			fmt.Fprintln(e.stderr, "certkit: hint: certkit issuer-for --ios TRUSTPOINT prints the session that installs a gateway's certificate")
		}
		return exitUsage
	}
	io.WriteString(e.stdout, tp.Text)
	for _, w := range tp.Warnings {
		e.errorf("warning: %s", w)
	}
	fmt.Fprintln(e.stderr, "certkit: paste in configuration mode, then check with show crypto pki trustpool that each certificate is there")
	if len(tp.Warnings) > 0 {
		return exitCheck
	}
	return exitOK
}
