package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/x509"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/input"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/finding"
	"github.com/voicepki/certkit/pkg/scan"
)

const scanAbout = `
Walk each DIR and list every certificate, private key and CSR in it,
whatever the files are named: each certificate once, with every file it
is in, its chain, the key and CSR that belong to it, and the checks every
command makes (expired, expiring, weak signatures, small keys), most
urgent first. Links that leave a DIR, and links to folders, are not
followed. A file that cannot be read is listed and the scan goes on.
Give the PKCS#12 and keystore password with --password-file or
$CERTKIT_PASSWORD. Exit 0 when all is well, 1 when a check warns or a
file could not be read, 2 when a DIR cannot be opened.
With --revocation, every certificate below a root is checked with its
issuer (its OCSP responder, else its CRLs): a line each on stderr says
good, revoked (a warning) or unknown (why).`

func runScan(e *env, args []string) int {
	fs := e.flags("scan", "[--json] [--at TIME] [--warn-within D] [--hostname NAME]... [--password-file FILE] [--max-files N] [--max-bytes SIZE] [--revocation] [-o FILE.csv [--force]] DIR...", scanAbout)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	checks := checkFlags(fs)
	var hostnames nameList
	fs.Var(&hostnames, "hostname", "a device's hostname (`NAME`; repeatable, or several separated by commas): a self-signed certificate naming it is that device's")
	pwFile := passwordFlag(fs)
	maxFiles := fs.Int("max-files", 100_000, "stop after `N` files")
	maxBytes := fs.String("max-bytes", "1GiB", "stop before reading more than `SIZE` in all (1GiB, 500MiB, 100000000)")
	out := fs.String("o", "", "also write one line per certificate to `FILE.csv`, for a ticket")
	force := fs.Bool("force", false, "with -o, overwrite FILE.csv")
	revocation := revocationFlag(fs)
	dirs, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(dirs) == 0 {
		return e.usageError("scan", "no DIR given")
	}
	vopts, ok := checks.options(e, "scan")
	if !ok {
		return exitUsage
	}
	if *maxFiles < 1 {
		return e.usageError("scan", "--max-files %d: give at least 1", *maxFiles)
	}
	limit, err := parseSize(*maxBytes)
	if err != nil {
		return e.usageError("scan", "--max-bytes %q: %v", *maxBytes, err)
	}
	if *force && *out == "" {
		return e.usageError("scan", "--force goes with -o FILE.csv")
	}
	if *out != "" {
		if err := checkWritable(*out, *force); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
	}
	pw, ok := e.readPassword(*pwFile)
	if !ok {
		return exitUsage
	}

	var folders []scan.Dir
	for _, d := range dirs {
		root, err := os.OpenRoot(d)
		if err != nil {
			var hints []string
			if st, serr := os.Stat(d); serr == nil && !st.IsDir() {
				hints = append(hints, "certkit scan takes folders; for a file, use certkit inspect")
			}
			e.fileError(d, unwrapPathError(err), hints...)
			return exitUsage
		}
		defer root.Close()
		folders = append(folders, scan.Dir{Name: d, FS: root.FS()})
	}
	res, err := scan.Dirs(context.Background(), folders, scan.Options{
		At: vopts.At, WarnWithin: vopts.WarnWithin, Devices: hostnames, Password: pw,
		MaxFiles: *maxFiles, MaxBytes: limit, Chain: chain.Options{Revocation: revoker(*revocation)},
	})
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	if *asJSON {
		if err := writeJSON(e, scanJSON(res)); err != nil {
			return exitUsage
		}
	} else {
		// One write per 64 KiB, not one per line: a folder of thousands
		// prints tens of thousands of lines.
		w := bufio.NewWriterSize(e.stdout, 64<<10)
		printScan(w, res, len(folders))
		if err := w.Flush(); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
	}
	if *out != "" {
		if err := writeFileAtomic(*out, scanCSV(res), *force); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
		e.errorf("note: wrote %s", displayName(*out))
	}
	e.printRevocations(scanRevocations(res.Chains))
	hinted := map[string]bool{}
	for _, p := range res.Failed {
		for _, h := range e.decodeHints(p.Err) {
			if !hinted[h] {
				hinted[h] = true
				e.errorf("hint: %s", h)
			}
		}
	}
	if res.Stopped != "" {
		e.errorf("warning: %s; raise --max-files or --max-bytes to read the rest", x509text.Printable(res.Stopped))
	}
	return exitFor(len(res.Findings) > 0 && res.Findings[0].Severity >= finding.Warning || len(res.Failed) > 0 || res.Stopped != "")
}

// parseSize reads --max-bytes: a number of bytes, or one with KiB, MiB,
// GiB (or KB, MB, GB, also powers of 1024).
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}} {
		if n, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = n, u.mult
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
	if err != nil || n < 1 || n > (1<<62)/mult {
		return 0, fmt.Errorf("not a size such as 1GiB, 500MiB or 100000000")
	}
	return n * mult, nil
}

// where names a place as the user knows it: the folder as typed, then
// the path inside it, and where inside the file.
func where(p scan.Place) string {
	s := displayName(inDir(p.Dir, p.Path))
	if p.Inside != "" {
		s += " (" + x509text.Printable(p.Inside) + ")"
	}
	return s
}

// fileOf is a place's file alone.
func fileOf(p scan.Place) string { return displayName(inDir(p.Dir, p.Path)) }

// roleWord is how scan names a certificate's role.
func roleWord(r chain.Role) string {
	switch r {
	case chain.RoleRoot:
		return "root CA"
	case chain.RoleIntermediate:
		return "CA"
	}
	return "device"
}

// requestName names a CSR by its subject.
func requestName(q *x509.CertificateRequest) string {
	if q.Subject.CommonName != "" {
		return "CN=" + x509text.Printable(q.Subject.CommonName)
	}
	return x509text.Printable(q.Subject.String())
}

const scanDay = "2006-01-02"

// printScan writes the result for people: the findings, what failed and
// what is missing first, then every certificate and chain.
func printScan(w io.Writer, r *scan.Result, folders int) {
	section := func(title string, n int) {
		fmt.Fprintf(w, "\n%s (%d):\n", title, n)
	}
	fmt.Fprintf(w, "%s: %d %s read in %d %s (%s); %d skipped (nothing certkit reads), %d %s not followed, %d failed\n",
		"scan", r.Files, plural(r.Files, "file", "files"), folders, plural(folders, "folder", "folders"), input.Size(int(r.Bytes)),
		r.Skipped, r.Links, plural(r.Links, "link", "links"), len(r.Failed))
	if r.Stopped != "" {
		fmt.Fprintf(w, "warning: %s\n", x509text.Printable(r.Stopped))
	}
	if len(r.Findings) > 0 {
		section("Findings, most urgent first", len(r.Findings))
		for _, f := range r.Findings {
			fmt.Fprintf(w, "  %s: %s: %s\n", f.Severity, f.Code, f.Message)
		}
	}
	if len(r.Failed) > 0 {
		section("Files that could not be read", len(r.Failed))
		for _, p := range r.Failed {
			fmt.Fprintf(w, "  %s: %s\n", fileOf(p), x509text.Printable(p.Err.Error()))
		}
	}
	if len(r.KeysAlone) > 0 {
		section("Private keys no certificate holds", len(r.KeysAlone))
		for _, k := range r.KeysAlone {
			note := k.Kind + ", not compared"
			if k.PublicKey != nil {
				note = x509text.DescribeKey(k.PublicKey).String() // "ECDSA P-256", as every command writes a key
			}
			fmt.Fprintf(w, "  %s: %s\n", where(k.Place), note)
		}
	}
	if len(r.Unanswered) > 0 {
		section("CSRs no certificate answers", len(r.Unanswered))
		for _, q := range r.Unanswered {
			fmt.Fprintf(w, "  %s: %s\n", where(q.Place), requestName(q.Request))
		}
	}
	if len(r.KeyNotSeen) > 0 {
		section("Device certificates whose private key is in no file", len(r.KeyNotSeen))
		for _, c := range r.KeyNotSeen {
			fmt.Fprintf(w, "  %s, until %s\n", x509text.Describe(c.Cert), c.Cert.NotAfter.UTC().Format(scanDay))
		}
	}
	section("Certificates, soonest to expire first", len(r.Certificates))
	for _, c := range r.Certificates {
		ios := ""
		if c.IOS {
			ios = ", in an IOS configuration or capture"
		}
		fmt.Fprintf(w, "  %s %s, until %s%s\n", roleWord(c.Role), x509text.Describe(c.Cert), c.Cert.NotAfter.UTC().Format(scanDay), ios)
		fmt.Fprintf(w, "    sha256 %s\n", c.SHA256)
		for _, k := range c.Keys {
			fmt.Fprintf(w, "    key: %s\n", where(k.Place))
		}
		for _, q := range c.Requests {
			fmt.Fprintf(w, "    CSR: %s\n", where(q.Place))
		}
		for _, p := range c.Found {
			fmt.Fprintf(w, "    in %s [%s]\n", where(p), p.Form)
		}
	}
	if len(r.Chains) > 0 {
		section("Chains, root first", len(r.Chains))
		for _, ch := range r.Chains {
			names := make([]string, len(ch.Certificates))
			for i, c := range ch.Certificates {
				names[i] = x509text.Describe(c)
			}
			state := "complete"
			if !ch.Complete {
				state = "incomplete"
				if ch.Missing != nil {
					state += ": " + x509text.Printable(strings.TrimPrefix(ch.Missing.Error(), "chain: "))
				}
			}
			fmt.Fprintf(w, "  %s (%s)\n", strings.Join(names, " > "), state)
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// The JSON form of a scan.
type (
	scanPlaceJSON struct {
		File   string `json:"file"`
		Form   string `json:"form,omitempty"`
		Inside string `json:"inside,omitempty"`
		Error  string `json:"error,omitempty"`
	}
	scanCertJSON struct {
		SHA256    string          `json:"sha256"`
		Subject   string          `json:"subject"`
		Issuer    string          `json:"issuer"`
		Role      string          `json:"role"`
		NotBefore string          `json:"not_before"`
		NotAfter  string          `json:"not_after"`
		IOS       bool            `json:"ios"`
		Found     []scanPlaceJSON `json:"found"`
		Keys      []scanPlaceJSON `json:"keys"`
		CSRs      []scanPlaceJSON `json:"csrs"`
	}
	scanItemJSON struct {
		scanPlaceJSON
		Kind         string   `json:"kind"`
		Subject      string   `json:"subject,omitempty"`
		Certificates []string `json:"certificates"`
	}
	scanChainJSON struct {
		Certificates []string `json:"certificates"`
		Roles        []string `json:"roles"`
		Complete     bool     `json:"complete"`
		Missing      string   `json:"missing,omitempty"`
		// Revocations, with --revocation, the status of each certificate
		// checked.
		Revocations []revocationJSON `json:"revocations,omitempty"`
	}
	scanResultJSON struct {
		Files        int               `json:"files"`
		Skipped      int               `json:"skipped"`
		Links        int               `json:"links"`
		Bytes        int64             `json:"bytes"`
		Stopped      string            `json:"stopped,omitempty"`
		Findings     []finding.Finding `json:"findings"`
		Failed       []scanPlaceJSON   `json:"failed"`
		KeysAlone    []scanItemJSON    `json:"keys_without_certificate"`
		Unanswered   []scanItemJSON    `json:"csrs_unanswered"`
		KeyNotSeen   []string          `json:"certificates_without_key"`
		Certificates []scanCertJSON    `json:"certificates"`
		Chains       []scanChainJSON   `json:"chains"`
		Keys         []scanItemJSON    `json:"keys"`
		CSRs         []scanItemJSON    `json:"csrs"`
	}
)

func placeJSON(p scan.Place) scanPlaceJSON {
	out := scanPlaceJSON{File: inDir(p.Dir, p.Path), Form: p.Form, Inside: p.Inside}
	if p.Err != nil {
		out.Error = p.Err.Error()
	}
	return out
}

func placesJSON[T any](items []T, place func(T) scan.Place) []scanPlaceJSON {
	out := []scanPlaceJSON{}
	for _, it := range items {
		out = append(out, placeJSON(place(it)))
	}
	return out
}

func itemPlace(it *scan.Item) scan.Place { return it.Place }

func itemsJSON(items []*scan.Item) []scanItemJSON {
	out := []scanItemJSON{}
	for _, it := range items {
		j := scanItemJSON{scanPlaceJSON: placeJSON(it.Place), Kind: it.Kind, Certificates: []string{}}
		if it.Request != nil {
			j.Subject = it.Request.Subject.String()
		}
		for _, c := range it.Certificates {
			j.Certificates = append(j.Certificates, c.SHA256)
		}
		out = append(out, j)
	}
	return out
}

func scanJSON(r *scan.Result) scanResultJSON {
	out := scanResultJSON{
		Files: r.Files, Skipped: r.Skipped, Links: r.Links, Bytes: r.Bytes, Stopped: r.Stopped,
		Findings:     orEmpty(r.Findings),
		Failed:       placesJSON(r.Failed, func(p scan.Place) scan.Place { return p }),
		KeysAlone:    itemsJSON(r.KeysAlone),
		Unanswered:   itemsJSON(r.Unanswered),
		KeyNotSeen:   []string{},
		Certificates: []scanCertJSON{},
		Chains:       []scanChainJSON{},
		Keys:         itemsJSON(r.Keys),
		CSRs:         itemsJSON(r.Requests),
	}
	for _, c := range r.KeyNotSeen {
		out.KeyNotSeen = append(out.KeyNotSeen, c.SHA256)
	}
	for _, c := range r.Certificates {
		out.Certificates = append(out.Certificates, scanCertJSON{
			SHA256: c.SHA256, Subject: x509text.Subject(c.Cert), Issuer: x509text.Issuer(c.Cert), Role: string(c.Role),
			NotBefore: c.Cert.NotBefore.UTC().Format(time.RFC3339), NotAfter: c.Cert.NotAfter.UTC().Format(time.RFC3339), IOS: c.IOS,
			Found: placesJSON(c.Found, func(p scan.Place) scan.Place { return p }),
			Keys:  placesJSON(c.Keys, itemPlace),
			CSRs:  placesJSON(c.Requests, itemPlace),
		})
	}
	for _, ch := range r.Chains {
		j := scanChainJSON{Complete: ch.Complete}
		for i, c := range ch.Certificates {
			j.Certificates = append(j.Certificates, x509text.SHA256(c))
			j.Roles = append(j.Roles, string(ch.Roles[i]))
		}
		if ch.Missing != nil {
			j.Missing = ch.Missing.Error()
		}
		j.Revocations = toRevocationsJSON(ch.Revocations)
		out.Chains = append(out.Chains, j)
	}
	return out
}

// scanCSV is one row per certificate, for a ticket: CRLF ended, each
// cell as x509text.CSVCell writes it.
func scanCSV(r *scan.Result) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	row := func(cells ...string) {
		for i, c := range cells {
			cells[i] = x509text.CSVCell(c)
		}
		w.Write(cells)
	}
	worst := map[*x509.Certificate]finding.Finding{}
	for _, f := range r.Findings {
		if _, ok := worst[f.Certificate]; !ok && f.Certificate != nil {
			worst[f.Certificate] = f // the findings come most urgent first
		}
	}
	row("sha256", "subject", "issuer", "role", "not_after", "finding", "ios", "keys", "csrs", "files")
	for _, c := range r.Certificates {
		var keys, csrs, files []string
		for _, k := range c.Keys {
			keys = append(keys, inDir(k.Place.Dir, k.Place.Path))
		}
		for _, q := range c.Requests {
			csrs = append(csrs, inDir(q.Place.Dir, q.Place.Path))
		}
		for _, p := range c.Found {
			files = append(files, inDir(p.Dir, p.Path))
		}
		f := worst[c.Cert]
		ios := "no"
		if c.IOS {
			ios = "yes"
		}
		row(c.SHA256, x509text.Subject(c.Cert), x509text.Issuer(c.Cert), roleWord(c.Role), c.Cert.NotAfter.UTC().Format(time.RFC3339),
			string(f.Code), ios, strings.Join(keys, "; "), strings.Join(csrs, "; "), strings.Join(files, "; "))
	}
	w.Flush()
	return b.Bytes()
}
