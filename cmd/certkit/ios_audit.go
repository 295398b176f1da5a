package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/voicepki/certkit/pkg/cisco/ios"
)

const iosAuditAbout = `
Audit the trustpoints of one gateway or a fleet from what IOS prints:
configurations (show running-config, RANCID/Oxidized/archive backups),
show crypto pki certificates/trustpoints/trustpool output, crypto pki
export captures. A FILE may be a folder of backups: every file under it is
read, and files that hold nothing of IOS's are skipped with a note.
Captures of the same hostname are one gateway.

For each trustpoint: the CA certificate, the router certificate (checked
against the CA by signature, its CN and the rsakeypair label against the
hostname letter for letter, the auto-enroll renewal), the trustpoint's
configuration, and what is wrong: a self-signed certificate used for SIP
TLS, MD5 or SHA-1, keys under 2048 bits, expired or expiring certificates,
a CA that expires first, name mismatches, certificates shown by reference
only, and CA files given with --ca that no trustpoint holds.

For each gateway, its secure-voice configuration as the recommended build
has it: the secure conference bridge (dspfarm profile security with its
trustpoint and no shutdown, sccp ccm with the trustpoint, the name it
registers under against the hostname), SIP TLS (crypto signaling, session
transport tcp tls on each SIP dial-peer or globally) and SRTP, and the
voice trustpoint's names against the hostname and ip domain name. A
summary line per gateway says whether the bridge, SIP TLS and SRTP are
secure and whether the certificate is CA-signed, and when it renews.
--require-tls reports every SIP dial-peer without TLS, even on a gateway
that sets up none.

The table is sorted by the next date that needs action (the auto-enroll
renewal, else the expiry). Exit 0 when nothing needs action, 1 when a
finding does, 2 when an input is unreadable.`

func runIOSAudit(e *env, args []string) int {
	fs := e.flags("ios audit", "[--ca FILE]... [--expiring DURATION] [--at RFC3339] [--require-tls] [--json] FILE|FOLDER...", iosAuditAbout)
	var caFiles fileList
	fs.Var(&caFiles, "ca", "a CA certificate `FILE` you hold: the report says which trustpoints hold it (may be repeated)")
	expiring := fs.String("expiring", "", "also flag certificates that expire within `DURATION` (90d, 12w, 720h)")
	at := fs.String("at", "", "judge expiry at this time, RFC 3339 (default now)")
	requireTLS := fs.Bool("require-tls", false, "report every SIP dial-peer without TLS, even on a gateway that sets up no SIP TLS")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	files, code, ok := parseFiles(fs, args)
	if !ok {
		return code
	}
	opts := ios.Options{RequireTLS: *requireTLS}
	if *expiring != "" {
		d, err := parseDays(*expiring)
		if err != nil {
			e.errorf("ios audit: --expiring %q: %v", *expiring, err)
			return exitUsage
		}
		opts.Expiring = d
	}
	if given(fs, "at") {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil || t.IsZero() {
			e.errorf("ios audit: --at %q: not an RFC 3339 time such as 2026-01-02T15:04:05Z", *at)
			return exitUsage
		}
		opts.At = t
	}
	if len(caFiles) > 0 {
		in, code := e.readCerts(caFiles, "")
		if code != exitOK {
			return code
		}
		opts.CAs = in.certs
	}
	gws, failed := e.readGateways(files)
	if len(gws) == 0 {
		if !failed {
			e.errorf("ios audit: no IOS configuration or show crypto pki output in %s", strings.Join(files, ", "))
		}
		return exitUsage
	}
	rep := ios.Audit(ios.Group(gws), opts)
	if *asJSON {
		if err := writeJSON(e, rep); err != nil {
			return exitUsage
		}
	} else {
		writeAuditTable(e.stdout, rep)
	}
	switch {
	case failed:
		return exitUsage
	case rep.NeedsAction():
		return exitCheck
	}
	return exitOK
}

// readGateways reads each named file, and every file under each named
// folder (in name order), as a gateway capture. It reports unreadable
// inputs and returns failed for them.
func (e *env) readGateways(names []string) (gws []*ios.Gateway, failed bool) {
	read := func(name string, inFolder bool) {
		data, err := e.readInput(name)
		if err == nil {
			var g *ios.Gateway
			g, err = ios.Read(displayName(name), data)
			if err == nil {
				gws = append(gws, g)
				return
			}
			if inFolder && errors.Is(err, ios.ErrNotIOS) {
				e.errorf("note: %s: skipped, it holds nothing of IOS's", name)
				return
			}
			err = errors.New(strings.TrimPrefix(strings.TrimPrefix(err.Error(), "ios: "), displayName(name)+": "))
		}
		e.fileError(name, err)
		failed = true
	}
	for _, name := range names {
		if st, err := os.Stat(name); name != "-" && err == nil && st.IsDir() {
			var paths []string
			err := filepath.WalkDir(name, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if strings.HasPrefix(d.Name(), ".") && p != name {
					if d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if d.Type().IsRegular() {
					paths = append(paths, p)
				}
				return nil
			})
			if err != nil {
				e.fileError(name, unwrapPathError(err))
				failed = true
				continue
			}
			sort.Strings(paths)
			for _, p := range paths {
				read(p, true)
			}
			continue
		}
		read(name, false)
	}
	return gws, failed
}

// writeAuditTable prints the fleet table, then every finding.
func writeAuditTable(w io.Writer, rep *ios.Report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "GATEWAY\tTRUSTPOINT\tROLE\tSUBJECT\tEXPIRES\tRENEWS\tBRIDGE\tSIP-TLS\tSRTP\tCA-SIGNED\tFINDINGS")
	date := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.UTC().Format("2006-01-02")
	}
	for _, r := range rep.Rows() {
		subject := r.Subject
		if r.Certificate != nil && r.Certificate.Subject.CommonName != "" {
			subject = "CN=" + r.Certificate.Subject.CommonName
		}
		if subject == "" {
			subject = "(serial " + r.Serial + ", by reference)"
		}
		codes := "-"
		if len(r.Codes) > 0 {
			var s []string
			for _, c := range r.Codes {
				s = append(s, string(c))
			}
			codes = strings.Join(s, ",")
		}
		role := r.Role
		if role == "" {
			role = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Gateway, r.Trustpoint, role, subject, date(r.NotAfter), date(r.Renews), voiceColumns(r.SecureVoice), codes)
	}
	tw.Flush()
	var summary []string
	for _, g := range rep.Gateways {
		if g.SecureVoice != nil {
			summary = append(summary, fmt.Sprintf("  %s: %s", gatewayName(g), g.SecureVoice))
		}
	}
	if len(summary) > 0 {
		fmt.Fprintf(w, "\nsecure voice:\n%s\n", strings.Join(summary, "\n"))
	}
	var lines []string
	for _, f := range rep.Findings {
		lines = append(lines, fmt.Sprintf("  %s %s: %s", f.Severity, f.Code, f.Message))
	}
	for _, g := range rep.Gateways {
		host := gatewayName(g)
		for _, f := range g.Findings {
			lines = append(lines, fmt.Sprintf("  %s: %s %s: %s", host, f.Severity, f.Code, f.Message))
		}
		for _, t := range g.Trustpoints {
			for _, f := range t.Findings {
				lines = append(lines, fmt.Sprintf("  %s %s: %s %s: %s", host, t.Name, f.Severity, f.Code, f.Message))
			}
		}
	}
	if len(lines) > 0 {
		fmt.Fprintf(w, "\nfindings:\n%s\n", strings.Join(lines, "\n"))
	}
}

// gatewayName names a gateway in the text: its hostname, else its files.
func gatewayName(g ios.GatewayReport) string {
	if g.Hostname == "" {
		return g.File
	}
	return g.Hostname
}

// voiceColumns are the BRIDGE, SIP-TLS, SRTP and CA-SIGNED cells of a row:
// yes or no, - when the captures hold no configuration.
func voiceColumns(v *ios.SecureVoice) string {
	if v == nil {
		return "-\t-\t-\t-"
	}
	yn := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	return yn(v.Bridge) + "\t" + yn(v.SIPTLS) + "\t" + yn(v.SRTP) + "\t" + yn(v.CASigned)
}
