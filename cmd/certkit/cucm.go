package main

import (
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/voicepki/certkit/internal/atomicfile"
	"github.com/voicepki/certkit/internal/cucmrule"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/cisco/cucm"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/finding"
)

const cucmAbout = `
Print the order in which to upload a chain on CUCM's OS Administration >
Security > Certificate Management > Upload Certificate/Certificate chain
page: the root first, then each intermediate, each as SERVICE-trust, and
the signed certificate last as SERVICE. With -o, write each step's
certificate to DIR as a PEM file named after the step; without it nothing
is written.

FILEs may be any mix of PEM, DER, .p7b and .pfx: the CA's bundle and the
certificate it signed (a .p7b holding it, as CAs send one, is fine: a
note says to upload the step files, not the .p7b). When the inputs hold
several device certificates, --hostname (else a --trunk-subject name)
picks the one whose CN it is. Warnings (stderr) cover what CUCM refuses or
handles badly: CA certificates sharing a subject (also with an input left
out of the plan, such as the old copy of a re-keyed CA), keys over 4096
bits (2048 for CallManager), wildcards, MD5 and SHA-1 signatures, a
CallManager or gateway certificate without serverAuth and clientAuth, a
CA that expires before the leaf.

With --trunk-subject the leaf is the IOS gateway's certificate: the plan
lists the CA certificates CUCM needs to trust it (the gateway's own
certificate is not uploaded, unless it is self-signed), and the names
typed into the SIP Trunk Security Profile are checked against its CN and
SANs.

With --fetch, a CA missing from the inputs is downloaded from the caIssuers
URL of its certificate's AIA (kept only if its key verifies the signature)
and planned like the others.

Exit 1 when there is any warning or a trunk name does not match exactly.`

// The JSON contract of cucm --json.
type (
	cucmJSON struct {
		Service      string            `json:"service"`
		Steps        []cucmStepJSON    `json:"steps"`
		Warnings     []finding.Finding `json:"warnings"`
		Notes        []string          `json:"notes"`
		TrunkSubject []trunkNameJSON   `json:"trunk_subject,omitempty"`
	}
	cucmStepJSON struct {
		Step    int    `json:"step"`
		Purpose string `json:"purpose"`
		SHA256  string `json:"sha256"`
		Subject string `json:"subject"`
		File    string `json:"file,omitempty"`
	}
	trunkNameJSON struct {
		Name     string `json:"name"`
		Match    string `json:"match"`
		CaseOnly string `json:"case_only"`
		Field    string `json:"field"`
	}
)

func runCUCM(e *env, args []string) int {
	if len(args) > 0 && args[0] == "audit" {
		return runCUCMAudit(e, args[1:])
	}
	fs := e.flags("cucm", "[--service S] [--json] [-o DIR] [--force] [--trunk-subject NAMES] [--hostname H] [--at TIME] [--warn-within D] [--fetch] [--store-dir PATH] [--password-file FILE] FILE... (or: certkit cucm audit -h)", cucmAbout)
	var names []string
	for _, s := range cucm.Services() {
		names = append(names, s.Name)
	}
	service := lookupFlag(fs, "service", "CallManager", names, func(s string) (string, error) {
		if svc, err := cucm.LookupService(s); err == nil {
			return svc.Name, nil
		}
		return s, nil // cucm.LookupService's error is printed below, as it is
	}, "the CUCM certificate purpose, any letter case")
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	outDir := fs.String("o", "", "write each step's certificate as a PEM file into `DIR`")
	force := fs.Bool("force", false, "with -o, overwrite files that exist")
	trunk := fs.String("trunk-subject", "", "the X.509 subject `NAMES` of the SIP Trunk Security Profile, to check against the gateway's certificate")
	hostname := fs.String("hostname", "", "the CN of the device certificate to plan, when the inputs hold several (`H`; with --trunk-subject, else one of its names picks it)")
	fetch := fetchFlag(fs)
	storeDir := fs.String("store-dir", "", "check the plan against the trust store in `PATH` as it is now (see certkit cucm audit)")
	pwFile := passwordFlag(fs)
	checks := checkFlags(fs)
	files, code, ok := parseFiles(fs, args)
	if !ok {
		return code
	}
	vopts, ok := checks.options(e, "cucm")
	if !ok {
		return exitUsage
	}
	if _, err := cucm.LookupService(*service); err != nil {
		e.errorf("%v", err)
		fmt.Fprintln(e.stderr, "run 'certkit cucm -h' for help")
		return exitUsage
	}
	trunkGiven := false
	fs.Visit(func(f *flag.Flag) { trunkGiven = trunkGiven || f.Name == "trunk-subject" })
	if trunkGiven && len(cucmrule.SplitTrunkNames(*trunk)) == 0 {
		return e.usageError("cucm", "--trunk-subject is empty: give the X.509 subject names of the SIP Trunk Security Profile, such as --trunk-subject \"gw1 gw1.example.com\"")
	}
	pw, ok := e.readPassword(*pwFile)
	if !ok {
		return exitUsage
	}

	in, code := e.readCerts(files, pw)
	if code != exitOK {
		return code
	}
	certs, bundles := in.certs, pkcs7Bundles(in)
	if *fetch {
		var err error
		if certs, err = e.addFetched(certs); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
	}
	// The device certificate is picked by its CN, never by position:
	// --hostname, else a trunk subject name.
	opts := cucm.PlanOptions{Service: *service, PKCS7: bundles, Hostname: *hostname, TrunkSubject: *trunk,
		At: vopts.At, WarnWithin: vopts.WarnWithin}
	if *storeDir != "" {
		if opts.Stores, code = e.storeSources([]string{*storeDir}, ""); code != exitOK {
			return code
		}
	}
	plan, err := cucm.Plan(certs, opts)
	var several *chain.SeveralLeavesError
	switch {
	case errors.As(err, &several):
		where := ""
		if len(files) == 1 {
			where = files[0]
		}
		e.leafChoiceError(where, several)
		return exitUsage
	case errors.Is(err, chain.ErrNoLeaf):
		e.errorf("cucm: --trunk-subject needs the gateway's certificate among the inputs, and they hold CA certificates only")
		return exitUsage
	case err != nil:
		e.storeError(err)
		return exitUsage
	}

	if *outDir != "" {
		if code := e.writeSteps(*outDir, plan.Steps, *force); code != exitOK {
			return code
		}
	}
	if *asJSON {
		if err := writeJSON(e, toCUCMJSON(plan, *outDir)); err != nil {
			return exitUsage
		}
	} else {
		printPlan(e, plan, *outDir)
	}
	for _, n := range plan.Notes {
		e.errorf("note: %s", n)
	}
	e.printFindings(plan.Warnings)
	return exitFor(verdict.Warns(plan.Warnings))
}

// pkcs7Bundles returns the certificates of each input that was a PKCS#7
// file, one list per file, for Plan's check that none holds the device
// certificate.
func pkcs7Bundles(in *certInputs) [][]*x509.Certificate {
	var bundles [][]*x509.Certificate
	for _, d := range in.files {
		if d.res.PKCS7() {
			bundles = append(bundles, d.res.Certificates)
		}
	}
	return bundles
}

// writeSteps writes each step's certificate into dir, refusing before it
// writes anything if a file is there and force is off.
func (e *env) writeSteps(dir string, steps []cucm.Step, force bool) int {
	for _, s := range steps {
		if err := checkWritable(inDir(dir, s.File), force); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	w := atomicfile.Writer{Replace: force}
	defer w.Close() // after a failure: what was written
	for _, s := range steps {
		pem, err := convert.Encode([]*x509.Certificate{s.Certificate}, convert.EncodeOptions{})
		if err == nil {
			err = w.Write(inDir(dir, s.File), pem)
		}
		if err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
	}
	if err := w.Close(); err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	return exitOK
}

// printPlan prints the numbered plan and the trunk check as text.
func printPlan(e *env, plan *cucm.PlanResult, dir string) {
	w := e.stdout
	fmt.Fprintf(w, "CUCM upload plan for %s (OS Administration > Security > Certificate Management > Upload Certificate/Certificate chain):\n", plan.Service.Name)
	for _, s := range plan.Steps {
		fmt.Fprintf(w, "%2d. purpose %-17s %s\n", s.Number, s.Purpose, x509text.Subject(s.Certificate))
		if dir != "" {
			// Only files that were written (-o) are named.
			fmt.Fprintf(w, "    file    %s\n", inDir(dir, s.File))
		}
		fmt.Fprintf(w, "    sha256  %s\n", x509text.SHA256(s.Certificate))
	}
	if plan.GatewayNote != "" {
		fmt.Fprintf(w, "(%s)\n", plan.GatewayNote)
	}
	tc, leaf := plan.Trunk, plan.Leaf
	if tc == nil {
		return
	}
	fmt.Fprintf(w, "SIP trunk X.509 subject names against %s:\n", x509text.Describe(leaf))
	for _, n := range tc.Names {
		fmt.Fprintf(w, "  %-24s %s\n", n.Name, n.Verdict)
	}
}

// toCUCMJSON is the plan as JSON; with dir (-o), each step's file is the
// path written, and without it there is none.
func toCUCMJSON(plan *cucm.PlanResult, dir string) cucmJSON {
	out := cucmJSON{Service: plan.Service.Name, Steps: []cucmStepJSON{}, Warnings: []finding.Finding{}, Notes: plan.Notes}
	if out.Notes == nil {
		out.Notes = []string{}
	}
	for _, s := range plan.Steps {
		file := "" // only for files written (-o)
		if dir != "" {
			file = inDir(dir, s.File)
		}
		out.Steps = append(out.Steps, cucmStepJSON{
			Step: s.Number, Purpose: s.Purpose, SHA256: x509text.SHA256(s.Certificate),
			Subject: x509text.Subject(s.Certificate), File: file,
		})
	}
	if plan.Trunk != nil {
		for _, n := range plan.Trunk.Names {
			out.TrunkSubject = append(out.TrunkSubject, trunkNameJSON{Name: n.Name, Match: n.Match, CaseOnly: n.CaseOnly, Field: n.Field})
		}
	}
	out.Warnings = append(out.Warnings, plan.Warnings...)
	return out
}
