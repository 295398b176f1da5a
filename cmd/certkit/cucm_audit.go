package main

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/cisco/cucm"
)

const cucmAuditAbout = `
Audit CUCM's trust stores and print a deletion plan: which certificates a
CA rollout has made redundant, which are duplicates, expired, or collide
(CUCM keeps one certificate per subject), and what CUCM would refuse on
upload. Nothing is deleted or changed: the plan is advice.

PATH is a folder of trust stores (one subfolder per store, named as CUCM
names it: CallManager-trust/, tomcat-trust/, ...), one store's folder, or,
with --store NAME, that store's files. Download them from OS
Administration > Security > Certificate Management, keeping CUCM's names.

--gateways gives the devices' new CA-signed certificates (any file
certkit reads); a self-signed certificate naming the same device becomes
replaced-by-ca when a CA in the same store issued the new one. --hostname
names devices without a new certificate. IOS sets CA:TRUE on every
self-signed certificate it makes, so a self-signed certificate that
issued nothing and names a device (or carries IOS's own CN,
IOS-Self-Signed-Certificate-N) is a device's, whatever its CA flag.
--own gives CUCM's own certificates, which are kept. --list gives the
text of "show cert list trust", for CUCM's file names and the
certificates not downloaded. --gateways and --own may be repeated, and
take folders and wildcards (gw/*.pem) too. The certificates kept are
checked at --at: expired, not yet valid, expiring within --warn-within,
weak signatures (a self-signature is never one), small keys.

Exit 0 when nothing is recommended, 1 when an action or a warning is,
2 for unreadable input.`

// The JSON contract of cucm audit --json.
type (
	auditJSON struct {
		Stores   []auditStoreJSON  `json:"stores"`
		Actions  []auditActionJSON `json:"actions"`
		Findings []cucm.Finding    `json:"findings"`
	}
	auditStoreJSON struct {
		Name   string `json:"name"`
		Before int    `json:"before"`
		After  int    `json:"after"`
	}
	auditActionJSON struct {
		Code            string  `json:"code"`
		Store           string  `json:"store"`
		File            string  `json:"file"`
		SHA256          string  `json:"sha256"`
		Subject         string  `json:"subject"`
		NotAfter        string  `json:"not_after"`
		Reason          string  `json:"reason"`
		SuccessorSHA256 *string `json:"successor_sha256"`
	}
)

// auditCSV is the name of the CSV file -o writes.
const auditCSV = "cucm-audit.csv"

func runCUCMAudit(e *env, args []string) int {
	fs := e.flags("cucm audit", "[--store NAME] [--gateways FILE]... [--own FILE]... [--hostname NAME]... [--list FILE] [--at TIME] [--warn-within DURATION] [--json] [-o DIR [--force]] PATH...", cucmAuditAbout)
	store := fs.String("store", "", "the trust store `NAME` the PATHs are files of, such as CallManager-trust")
	var gateways, own fileList
	var hostnames nameList
	fs.Var(&gateways, "gateways", "the devices' new CA-signed certificates, or IOS configs (`FILE`, folder or wildcard; repeatable)")
	fs.Var(&own, "own", "CUCM's own certificates, kept wherever they are (`FILE`, folder or wildcard; repeatable)")
	fs.Var(&hostnames, "hostname", "a device's hostname (`NAME`; repeatable, or several separated by commas): a self-signed certificate naming it is that device's")
	list := fs.String("list", "", "`FILE` holding the text of show cert list trust")
	checks := checkFlags(fs)
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	outDir := fs.String("o", "", "write the actions as "+auditCSV+" into `DIR`, for a change ticket")
	force := fs.Bool("force", false, "with -o, overwrite "+auditCSV)
	paths, code, ok := parseFiles(fs, args)
	if !ok {
		return code
	}
	check, ok := checks.options(e, "cucm audit")
	if !ok {
		return exitUsage
	}
	opts := cucm.Options{At: check.At, WarnWithin: check.WarnWithin, Devices: hostnames}
	storeName := ""
	if given(fs, "store") {
		name, known := cucm.StoreName(*store)
		if name == "" {
			e.errorf("cucm audit: --store %q is not a trust store name (known: %s)", *store, strings.Join(cucm.TrustStores(), ", "))
			return exitUsage
		}
		if !known {
			e.errorf("note: %s is not a trust store certkit knows; it is audited by the same rules", name)
		}
		storeName = name
	}
	if *outDir != "" {
		if err := checkWritable(filepath.Join(*outDir, auditCSV), *force); err != nil {
			e.errorf("cucm audit: %v", err)
			return exitUsage
		}
	}

	sources, code := e.storeSources(paths, storeName)
	if code != exitOK {
		return code
	}
	var ok2 bool
	if opts.Gateways, ok2 = e.auditCerts("--gateways", gateways); !ok2 {
		return exitUsage
	}
	if opts.Own, ok2 = e.auditCerts("--own", own); !ok2 {
		return exitUsage
	}
	if *list != "" {
		data, err := e.readInput(*list)
		if err == nil {
			opts.List, err = cucm.ParseTrustList(data)
		}
		if err != nil {
			e.fileError(*list, err,
				"give the text of the CUCM command show cert list trust, lines such as CallManager-trust/vgw1.pem: Trust Certificate")
			return exitUsage
		}
	}
	rep, err := cucm.AuditSite(sources, opts)
	if err != nil {
		e.storeError(err)
		return exitUsage
	}

	if *outDir != "" {
		if err := os.MkdirAll(*outDir, 0o755); err != nil {
			e.errorf("cucm audit: %v", err)
			return exitUsage
		}
		if err := writeFileAtomic(filepath.Join(*outDir, auditCSV), rep.CSV(), *force); err != nil {
			e.errorf("cucm audit: %v", err)
			return exitUsage
		}
	}
	if *asJSON {
		if err := writeJSON(e, toAuditJSON(rep)); err != nil {
			return exitUsage
		}
	} else {
		io.WriteString(e.stdout, rep.Text())
	}
	for _, n := range rep.Notes {
		e.errorf("note: %s", n)
	}
	if *outDir != "" {
		e.errorf("note: wrote %s", filepath.Join(*outDir, auditCSV))
	}
	if rep.NeedsAction() {
		return exitCheck
	}
	return exitOK
}

// nameList is a flag that may be repeated, each time one or several
// names separated by commas.
type nameList []string

func (l *nameList) String() string { return strings.Join(*l, ",") }

func (l *nameList) Set(v string) error {
	for _, n := range strings.Split(v, ",") {
		if n = strings.TrimSpace(n); n != "" {
			*l = append(*l, n)
		}
	}
	if strings.TrimSpace(strings.ReplaceAll(v, ",", "")) == "" {
		return errors.New("empty name")
	}
	return nil
}

// storeSources turns every PATH into what cucm.ReadSources reads: with
// storeName, files (or folders of files) of that store; else folders,
// each a store (named as one) or a folder of stores.
func (e *env) storeSources(paths []string, storeName string) ([]cucm.Source, int) {
	var sources []cucm.Source
	for _, p := range paths {
		st, err := os.Stat(p)
		if p != "-" && err != nil {
			e.fileError(p, unwrapPathError(err))
			return nil, exitUsage
		}
		switch {
		case storeName != "" && (p == "-" || !st.IsDir()):
			data, err := e.readInput(p)
			if err != nil {
				e.fileError(p, err)
				return nil, exitUsage
			}
			sources = append(sources, cucm.Source{Store: storeName, Files: []cucm.File{{Name: filepath.Base(displayName(p)), Data: data}}})
		case p == "-" || !st.IsDir():
			e.errorf("cucm audit: %s is a file: name its trust store with --store NAME, or give the store's folder (CallManager-trust/) or a folder of stores", displayName(p))
			return nil, exitUsage
		default:
			name, _ := cucm.StoreName(filepath.Base(filepath.Clean(p)))
			if storeName != "" {
				name = storeName
			}
			sources = append(sources, cucm.Source{Store: name, FS: os.DirFS(p), Where: p})
		}
	}
	return sources, exitOK
}

// storeError prints why a store could not be read: a file, named as
// the user named its folder, with what is wrong with it; any other error
// as it is, with a hint for a folder holding no store's folder.
func (e *env) storeError(err error) {
	var fe *cucm.FileError
	switch {
	case errors.As(err, &fe) && fe.Where != "" && fe.Path != "":
		e.fileError(filepath.Join(fe.Where, filepath.FromSlash(fe.Path)), fe.Err) // a folder of stores
	case errors.As(err, &fe) && fe.Where != "":
		e.fileError(filepath.Join(fe.Where, fe.File), fe.Err)
	case errors.As(err, &fe):
		e.fileError(fe.File, fe.Err)
	case errors.Is(err, cucm.ErrNoStore):
		e.errorf("%v", err)
		fmt.Fprintln(e.stderr, "certkit: hint: give a folder holding CallManager-trust/, tomcat-trust/, ..., or one store's folder, or files with --store NAME")
	default:
		e.errorf("%v", err)
	}
}

// auditCerts reads the certificates named by a repeatable flag: files,
// folders (every file in them) and wildcards.
func (e *env) auditCerts(flagName string, names []string) ([]*x509.Certificate, bool) {
	var files []string
	for _, n := range names {
		if strings.ContainsAny(n, "*?[") {
			m, err := filepath.Glob(n)
			if err != nil || len(m) == 0 {
				e.errorf("cucm audit: %s %s: no file matches", flagName, n)
				return nil, false
			}
			files = append(files, m...)
			continue
		}
		if st, err := os.Stat(n); err == nil && st.IsDir() {
			list, err := os.ReadDir(n)
			if err != nil {
				e.fileError(n, unwrapPathError(err))
				return nil, false
			}
			for _, d := range list {
				if !d.IsDir() && !strings.HasPrefix(d.Name(), ".") {
					files = append(files, filepath.Join(n, d.Name()))
				}
			}
			continue
		}
		files = append(files, n)
	}
	if len(files) == 0 {
		return nil, true
	}
	in, code := e.readCerts(files, "")
	if code != exitOK {
		return nil, false
	}
	return in.certs, true
}

func toAuditJSON(rep *cucm.Report) auditJSON {
	out := auditJSON{Stores: []auditStoreJSON{}, Actions: []auditActionJSON{}, Findings: append([]cucm.Finding{}, rep.Findings...)}
	for _, s := range rep.Stores {
		out.Stores = append(out.Stores, auditStoreJSON{Name: s.Name, Before: s.Before, After: s.After})
	}
	for _, a := range rep.Actions {
		j := auditActionJSON{
			Code: string(a.Code), Store: a.Store, File: a.File, SHA256: x509text.SHA256(a.Certificate),
			Subject: x509text.Subject(a.Certificate), NotAfter: a.Certificate.NotAfter.UTC().Format(time.RFC3339), Reason: a.Reason,
		}
		if a.Successor != nil {
			s := x509text.SHA256(a.Successor)
			j.SuccessorSHA256 = &s
		}
		out.Actions = append(out.Actions, j)
	}
	return out
}
