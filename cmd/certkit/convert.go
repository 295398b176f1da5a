package main

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/finding"
)

const convertAbout = `
Read every certificate in FILE... (PEM, DER, BER or PKCS#7, PKCS#12, bare
base64, UTF-16 text) and write them all, duplicates dropped and in input
order, as canonical PEM (the default), a single DER certificate, or a
certificates-only PKCS#7 (.p7b) in DER or PEM. Binary output is never
written to a terminal: use -o FILE or redirect.`

func runConvert(e *env, args []string) int {
	fs := e.flags("convert", "[--to pem|der|p7b|p7b-pem] [--no-leaf] [-o FILE] [--force] [--at TIME] [--warn-within D] [--password-file FILE] FILE...", convertAbout)
	formats := []string{string(convert.FormatPEM), string(convert.FormatDER), string(convert.FormatPKCS7), string(convert.FormatPKCS7PEM)}
	to := choiceFlag(fs, "to", "pem", formats, "output format, any letter case: pem, der (one certificate), p7b (PKCS#7 DER) or p7b-pem")
	noLeaf := fs.Bool("no-leaf", false, "leave out non-CA certificates (CUCM refuses a .p7b holding the device certificate)")
	out := fs.String("o", "", "write to `FILE` instead of stdout (\"-\" is stdout)")
	force := fs.Bool("force", false, "overwrite -o FILE if it exists")
	pwFile := passwordFlag(fs)
	checks := checkFlags(fs)
	files, code, ok := parseFiles(fs, args)
	if !ok {
		return code
	}
	vopts, ok := checks.options(e, "convert")
	if !ok {
		return exitUsage
	}
	format := convert.Format(*to)
	if *out == "-" {
		*out = ""
	}
	binary := format == convert.FormatDER || format == convert.FormatPKCS7
	if binary && *out == "" && isTerminal(e.stdout) {
		e.errorf("refusing to write binary %s to a terminal", format)
		fmt.Fprintln(e.stderr, "certkit: hint: use -o FILE or redirect stdout")
		return exitUsage
	}
	if *out != "" {
		if st, err := os.Stat(*out); err == nil && st.IsDir() {
			e.errorf("%s: is a directory, not a file", *out)
			return exitUsage
		}
		if err := checkWritable(*out, *force); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
	}
	pw, ok := e.readPassword(*pwFile)
	if !ok {
		return exitUsage
	}
	// PEM and DER need no field of a certificate: only their DER is read
	// (the checks on what the inputs hold still run, see readRaw).
	raw := !*noLeaf && (format == convert.FormatPEM || format == convert.FormatDER)
	var in *certInputs
	var ders [][]byte
	var findings []finding.Finding
	if raw {
		ders, in, findings, code = e.readRaw(files, pw, vopts)
	} else {
		in, code = e.readCerts(files, pw)
		if code == exitOK {
			findings = verdict.Certificates(in.certs, vopts)
		}
	}
	if code != exitOK {
		return code
	}
	e.noteLeftOut(in)
	certs := in.certs
	var leaf []bool // the leaves of the set, which --no-leaf leaves out
	if *noLeaf || format == convert.FormatPKCS7 || format == convert.FormatPKCS7PEM {
		leaf = certrole.Leaves(certs)
	}
	if *noLeaf && !slices.Contains(leaf, false) {
		e.errorf("--no-leaf left out every certificate: %s", onlyLeaves(certs, len(files)))
		fmt.Fprintln(e.stderr, "certkit: hint: add the CA certificates (the issuing CA and the root) to the inputs, or drop --no-leaf to write the device certificate")
		return exitUsage
	}
	var data []byte
	var err error
	// PEM to stdout is written a batch of certificates at a time: a
	// store's is megabytes, which need not all be held at once.
	stream := raw && format == convert.FormatPEM && *out == "" && len(ders) > 0
	switch {
	case stream:
	case raw:
		data, err = convert.EncodeRaw(ders, format)
	default:
		data, err = convert.Encode(certs, convert.EncodeOptions{Format: format, NoLeaf: *noLeaf})
	}
	if err != nil {
		if errors.Is(err, convert.ErrMultipleCertificates) {
			e.errorf("--to der writes one certificate, and the input holds %d", len(certs)+len(ders))
			fmt.Fprintln(e.stderr, "certkit: hint: use --to p7b for several certificates, or certkit split for one file each")
			return exitUsage
		}
		e.errorf("%v", err)
		return exitUsage
	}
	if (format == convert.FormatPKCS7 || format == convert.FormatPKCS7PEM) && !*noLeaf {
		for i, c := range certs {
			if leaf[i] {
				fmt.Fprintf(e.stderr, "certkit: note: this .p7b holds the device certificate %s; CUCM rejects that, so use --no-leaf for CUCM\n", x509text.Describe(c))
				break
			}
		}
	}
	if *noLeaf {
		for i, c := range certs {
			if leaf[i] {
				fmt.Fprintf(e.stderr, "certkit: note: left out the leaf certificate %s\n", x509text.Describe(c))
			}
		}
	}
	if *out == "" {
		if stream {
			err = writePEMBatches(e.stdout, ders)
		} else {
			_, err = e.stdout.Write(data)
		}
		if err != nil {
			e.errorf("writing output: %v", err)
			return exitUsage
		}
	} else if err := writeFileAtomic(*out, data, *force); err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	// A file command: every job's checks go to stderr, and convert still
	// exits 0 once it wrote its output.
	e.printFindings(findings)
	return exitOK
}

// writePEMBatches writes ders to w as PEM, a few hundred certificates at a time.
func writePEMBatches(w io.Writer, ders [][]byte) error {
	const batch = 256
	for lo := 0; lo < len(ders); lo += batch {
		b, err := convert.EncodeRaw(ders[lo:min(lo+batch, len(ders))], convert.FormatPEM)
		if err == nil {
			_, err = w.Write(b)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// onlyLeaves says, for --no-leaf, that the inputs hold nothing but device
// certificates: "the input holds only the device certificate CN=cube1".
func onlyLeaves(certs []*x509.Certificate, inputs int) string {
	subject := "the input holds"
	if inputs > 1 {
		subject = "the inputs hold"
	}
	if len(certs) == 1 {
		return fmt.Sprintf("%s only the device certificate %s, no CA certificate", subject, x509text.Describe(certs[0]))
	}
	names := make([]string, len(certs))
	for i, c := range certs {
		names[i] = x509text.Describe(c)
	}
	return fmt.Sprintf("%s only device certificates (%s), no CA certificate", subject, strings.Join(names, ", "))
}
