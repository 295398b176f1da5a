package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

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
renewal, or the renew date show output prints, else the expiry). Validity
is judged at --at, and a certificate that expires within --warn-within
(30 days unless given; --expiring is its older name) is flagged. Exit 0
when nothing needs action, 1 when a finding does, 2 when an input is
unreadable.`

func runIOSAudit(e *env, args []string) int {
	fs := e.flags("ios audit", "[--ca FILE]... [--at TIME] [--warn-within|--expiring DURATION] [--require-tls] [--json] FILE|FOLDER...", iosAuditAbout)
	var caFiles fileList
	fs.Var(&caFiles, "ca", "a CA certificate `FILE` you hold: the report says which trustpoints hold it (may be repeated)")
	checks := checkFlags(fs)
	checks.alias("expiring")
	requireTLS := fs.Bool("require-tls", false, "report every SIP dial-peer without TLS, even on a gateway that sets up no SIP TLS")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	files, code, ok := parseFiles(fs, args)
	if !ok {
		return code
	}
	check, ok := checks.options(e, "ios audit")
	if !ok {
		return exitUsage
	}
	opts := ios.Options{At: check.At, WarnWithin: check.WarnWithin, RequireTLS: *requireTLS}
	if len(caFiles) > 0 {
		in, code := e.readCerts(caFiles, "")
		if code != exitOK {
			return code
		}
		opts.CAs = in.certs
	}
	caps, failed := e.readCaptures(files)
	rep := ios.AuditCaptures(caps, opts)
	for _, n := range rep.Notes {
		e.errorf("note: %s", n)
	}
	for _, u := range rep.Unread {
		e.fileError(u.Name, errors.New(u.Reason()))
		failed = true
	}
	if len(rep.Gateways) == 0 {
		if !failed {
			e.errorf("ios audit: no IOS configuration or show crypto pki output in %s", strings.Join(files, ", "))
		}
		return exitUsage
	}
	if *asJSON {
		if err := writeJSON(e, rep); err != nil {
			return exitUsage
		}
	} else {
		rep.WriteTable(e.stdout)
	}
	switch {
	case failed:
		return exitUsage
	case rep.NeedsAction():
		return exitCheck
	}
	return exitOK
}

// readCaptures reads each named file, and every file under each named
// folder (in name order), for the fleet audit. It reports the inputs it
// cannot read and returns failed for them.
func (e *env) readCaptures(names []string) (caps []ios.Capture, failed bool) {
	read := func(name string, inFolder bool) {
		data, err := e.readInput(name)
		if err != nil {
			e.fileError(name, err)
			failed = true
			return
		}
		caps = append(caps, ios.Capture{Name: displayName(name), Data: data, InFolder: inFolder})
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
	return caps, failed
}
