package cucm

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
)

// adviceNote says that the audit changed nothing: AuditSite's last note
// when the plan recommends deleting.
const adviceNote = "nothing was deleted or changed; the plan is advice"

// guiPath is where an engineer deletes the action's certificate by hand
// (Action.Delete).
func (a Action) guiPath() string {
	return fmt.Sprintf("OS Administration > Security > Certificate Management > Find, filter by %s, select %s, Delete", x509text.Printable(a.Store), x509text.Printable(a.File))
}

// cliLine is the CUCM CLI line that deletes the action's certificate
// (Action.CLI).
func (a Action) cliLine() string {
	return "set cert delete " + x509text.Printable(a.Store) + " " + x509text.Printable(a.File)
}

// storeActions are the report's actions on the store name, in order.
func (r *Report) storeActions(name string) []Action {
	var acts []Action
	for _, a := range r.Actions {
		if a.Store == name {
			acts = append(acts, a)
		}
	}
	return acts
}

// heading is the line that opens a store's actions in the text report
// (StoreSummary.Heading).
func (r *Report) heading(s StoreSummary) string {
	return fmt.Sprintf("%s: %d certificates, %d to delete", s.Name, s.Before, len(r.storeActions(s.Name)))
}

// countLine is a store's line in the counts that end the text report
// (StoreSummary.Count).
func (r *Report) countLine(s StoreSummary) string {
	line := fmt.Sprintf("%s: %d → %d certificates", s.Name, s.Before, s.After)
	n := 0
	for _, a := range r.storeActions(s.Name) {
		if a.Code == codeSelfSignedDevice {
			n++
		}
	}
	switch {
	case s.Files == 0:
		line += " (not audited: no file given)"
	case n > 0:
		line += fmt.Sprintf(" (%d self-signed-device among them: move those devices to the CA first)", n)
	}
	return line
}

// NeedsAction reports whether the plan recommends an action or a finding
// is a warning or an error: what certkit cucm audit exits 1 for.
func (r *Report) NeedsAction() bool {
	if len(r.Actions) > 0 {
		return true
	}
	for _, f := range r.Findings {
		if f.Severity >= finding.Warning {
			return true
		}
	}
	return false
}

// Text is the report as certkit cucm audit prints it: per store with
// actions, its heading and each action with where to delete it, then the
// findings, then each store's counts.
func (r *Report) Text() string {
	var b strings.Builder
	r.writeText(&b)
	return b.String()
}

func (r *Report) writeText(w io.Writer) error {
	var b bytes.Buffer
	for _, s := range r.Stores {
		acts := r.storeActions(s.Name)
		if len(acts) == 0 {
			continue
		}
		fmt.Fprintln(&b, s.Heading)
		for _, a := range acts {
			fmt.Fprintf(&b, "\n  %s  %s\n", a.Code, x509text.Printable(a.File))
			fmt.Fprintf(&b, "    subject  %s\n", x509text.Subject(a.Certificate))
			fmt.Fprintf(&b, "    expires  %s\n", day(a.Certificate.NotAfter))
			fmt.Fprintf(&b, "    reason   %s\n", a.Reason)
			fmt.Fprintf(&b, "    delete   %s\n", a.Delete)
			fmt.Fprintf(&b, "    cli      %s\n", a.CLI)
		}
		fmt.Fprintln(&b)
	}
	if len(r.Findings) > 0 {
		fmt.Fprintln(&b, "findings:")
		for _, f := range r.Findings {
			fmt.Fprintf(&b, "  %s (%s): %s\n", f.Code, f.Severity, f.Message)
		}
		fmt.Fprintln(&b)
	}
	for _, s := range r.Stores {
		fmt.Fprintln(&b, s.Count)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// CSV is the actions as CSV, for a change ticket: a header, then one row
// per action (store, file, code, subject, sha256, not_after, reason,
// successor_sha256, delete, cli), CRLF ended as a spreadsheet on Windows
// expects. Each cell is written as csvCell writes it, so that a file named
// =2+5+cmd@calc!A1.pem is text in the spreadsheet, not a formula.
func (r *Report) CSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	row := func(cells ...string) {
		for i, c := range cells {
			cells[i] = csvCell(c)
		}
		w.Write(cells)
	}
	row("store", "file", "code", "subject", "sha256", "not_after", "reason", "successor_sha256", "delete", "cli")
	for _, a := range r.Actions {
		succ := ""
		if a.Successor != nil {
			succ = x509text.SHA256(a.Successor)
		}
		row(a.Store, a.File, string(a.Code), x509text.Subject(a.Certificate), x509text.SHA256(a.Certificate),
			a.Certificate.NotAfter.UTC().Format(time.RFC3339), a.Reason, succ, a.Delete, a.CLI)
	}
	w.Flush()
	return b.Bytes()
}

// csvCell is a cell as every certkit CSV writes it (x509text.CSVCell).
func csvCell(s string) string { return x509text.CSVCell(s) }
