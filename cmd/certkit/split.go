package main

import (
	"bufio"
	"fmt"
	"os"
	"sync/atomic"

	"github.com/voicepki/certkit/internal/atomicfile"
	"github.com/voicepki/certkit/internal/par"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
)

const splitAbout = `
Write one PEM file per certificate found in FILE... into DIR, named
NN-role-CommonName.pem (NNN-... from 100 certificates on), where role is
root (self-signed CA), intermediate (other CA) or leaf. Duplicates across
inputs are written once. Existing files are never overwritten without
--force: certkit refuses before writing anything. Each file is written to
a temporary name and renamed. Prints each file written, or with --json a
list of {"file", "sha256", "subject", "role"}. With --fetch, a missing
issuer is downloaded from the caIssuers URL of its certificate's AIA
(kept only if its key verifies the signature) and written too.`

func runSplit(e *env, args []string) int {
	fs := e.flags("split", "[-o DIR] [--force] [--json] [--at TIME] [--warn-within D] [--fetch] [--password-file FILE] FILE...", splitAbout)
	dir := fs.String("o", ".", "write the files into `DIR` (made if missing)")
	force := fs.Bool("force", false, "overwrite files that already exist")
	asJSON := fs.Bool("json", false, "print what was written as JSON")
	fetch := fetchFlag(fs)
	pwFile := passwordFlag(fs)
	checks := checkFlags(fs)
	files, code, ok := parseFiles(fs, args)
	if !ok {
		return code
	}
	pw, ok := e.readPassword(*pwFile)
	if !ok {
		return exitUsage
	}
	in, code := e.readCerts(files, pw)
	if code != exitOK {
		return code
	}
	e.noteLeftOut(in)
	vopts, ok := checks.options(e, "split")
	if !ok {
		return exitUsage
	}
	opts := chain.Options{At: vopts.At, WarnWithin: vopts.WarnWithin}
	e.fetching(&opts, *fetch)
	split, err := chain.Split(in.certs, nil, opts)
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	// A file command: the checks' warnings go to stderr, and split still
	// exits 0 once it wrote the files.
	code = e.writeSplit(*dir, split.Files, *force, *asJSON)
	if code == exitOK {
		e.printFindings(split.Findings)
	}
	return code
}

// splitJSON is the --json contract of split.
type splitJSON struct {
	File    string `json:"file"`
	SHA256  string `json:"sha256"`
	Subject string `json:"subject"`
	Role    string `json:"role"`
}

// writeSplit writes files, as chain.Split names them, into dir. It refuses
// before writing anything if a target exists and force is off.
func (e *env) writeSplit(dir string, files []chain.SplitFile, force, asJSON bool) int {
	paths := make([]string, len(files))
	seen := make(map[string]bool)
	for i, f := range files {
		paths[i] = inDir(dir, f.Name)
		if seen[paths[i]] {
			e.errorf("two certificates would both be written to %s", paths[i])
			return exitUsage
		}
		seen[paths[i]] = true
		if err := checkWritable(paths[i], force); err != nil {
			e.errorf("%v", err)
			fmt.Fprintln(e.stderr, "certkit: hint: nothing was written; use --force to overwrite, or -o DIR for another directory")
			return exitUsage
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		e.errorf("%s: %v", dir, unwrapPathError(err))
		return exitUsage
	}
	// The files are written on every core, and their lines made there:
	// creating a file is most of the work, and most of it is the kernel's.
	// As one after the other, every file before a failure is written; no
	// file after it is begun once it failed. Those written are listed
	// (without --json), then the first failure in order.
	w := atomicfile.Writer{Replace: force}
	errs := make([]error, len(files))
	done := make([]splitJSON, len(files))
	var firstFailed atomic.Int64
	firstFailed.Store(int64(len(files)))
	par.For(len(files), 16, func(i int) {
		if int64(i) > firstFailed.Load() {
			return
		}
		if errs[i] = w.Write(paths[i], files[i].PEM); errs[i] != nil {
			for f := firstFailed.Load(); int64(i) < f && !firstFailed.CompareAndSwap(f, int64(i)); f = firstFailed.Load() {
			}
			return
		}
		c := files[i].Certificate
		done[i] = splitJSON{File: paths[i], Subject: x509text.Subject(c), Role: string(files[i].Role)}
		if asJSON {
			done[i].SHA256 = x509text.SHA256(c)
		}
	})
	var out []splitJSON
	list := bufio.NewWriter(e.stdout) // a line per file: one write for all
	for _, d := range done {
		switch {
		case d.File == "": // not written
		case asJSON:
			out = append(out, d)
		default:
			fmt.Fprintf(list, "%s\t%s\n", d.File, d.Subject)
		}
	}
	list.Flush()
	err := w.Close() // after a failure too: what was written
	for _, ferr := range errs {
		if ferr != nil {
			err = ferr
			break
		}
	}
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	if asJSON {
		if err := writeJSON(e, out); err != nil {
			return exitUsage
		}
	}
	return exitOK
}
