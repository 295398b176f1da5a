package ios

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/voicepki/certkit/internal/x509text"
)

// Capture is one file the fleet audit reads, as the front end read it.
type Capture struct {
	// Name labels it in messages and in Gateway.Files: the path typed,
	// or the dropped file's name.
	Name string
	Data []byte
	// InFolder says it came in a folder of backups, where a file that
	// holds nothing of IOS's is skipped with a note; named alone, it is
	// an error.
	InFolder bool
}

// CaptureError is a capture the fleet audit could not read: Err is
// Read's error (errors.Is(err, ErrNotIOS) for one that holds nothing of
// IOS's).
type CaptureError struct {
	Name string
	Err  error
}

// Error says what went wrong, as the command prints it.
func (e *CaptureError) Error() string { return "ios: " + e.Name + ": " + e.Reason() }

// Unwrap returns the underlying error, for errors.Is and errors.As.
func (e *CaptureError) Unwrap() error { return e.Err }

// Reason is why the capture could not be read, without the package and
// the file name (the front end names the file).
func (e *CaptureError) Reason() string {
	return strings.TrimPrefix(strings.TrimPrefix(e.Err.Error(), "ios: "), e.Name+": ")
}

// AuditCaptures is the whole of certkit ios audit, the one call behind
// the command and the web page: it reads every capture (Read), merges the
// captures of one hostname and audits the fleet. A
// capture that cannot be read is in Report.Unread and the others are
// audited; one in a folder that holds nothing of IOS's is skipped, and
// Report.Notes says so.
func AuditCaptures(caps []Capture, opts Options) *Report {
	var gws []*Gateway
	var notes []string
	var unread []*CaptureError
	for _, c := range caps {
		g, err := Read(c.Name, c.Data)
		switch {
		case err == nil:
			gws = append(gws, g)
		case c.InFolder && errors.Is(err, ErrNotIOS):
			notes = append(notes, fmt.Sprintf("%s: skipped, it holds nothing of IOS's", c.Name))
		default:
			unread = append(unread, &CaptureError{Name: c.Name, Err: err})
		}
	}
	rep := auditGateways(groupGateways(gws), opts)
	rep.Notes, rep.Unread = notes, unread
	return rep
}

// WriteTable writes the fleet table as certkit ios audit prints it: one
// row per certificate (Rows) with the gateway's secure-voice columns, the
// secure-voice summary per gateway, then every finding.
func (r *Report) WriteTable(w io.Writer) error {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "GATEWAY\tTRUSTPOINT\tROLE\tSUBJECT\tEXPIRES\tRENEWS\tBRIDGE\tSIP-TLS\tSRTP\tCA-SIGNED\tFINDINGS")
	date := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.UTC().Format("2006-01-02")
	}
	for _, row := range r.rows() {
		subject := row.Subject
		if row.Certificate != nil && row.Certificate.Subject.CommonName != "" {
			subject = "CN=" + x509text.Printable(row.Certificate.Subject.CommonName)
		}
		if subject == "" {
			subject = "(serial " + row.Serial + ", by reference)"
		}
		codes := "-"
		if len(row.Codes) > 0 {
			var s []string
			for _, c := range row.Codes {
				s = append(s, string(c))
			}
			codes = strings.Join(s, ",")
		}
		role := row.Role
		if role == "" {
			role = "-"
		}
		// What the configurations and certificates name, as
		// x509text.Printable writes it: a tab would break the table.
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", x509text.Printable(row.Gateway), x509text.Printable(row.Trustpoint), role, x509text.Printable(subject), date(row.NotAfter), date(row.Renews), voiceColumns(row.SecureVoice), codes)
	}
	tw.Flush()
	var summary []string
	for _, g := range r.Gateways {
		if g.SecureVoice != nil {
			summary = append(summary, fmt.Sprintf("  %s: %s", g.name(), g.SecureVoice))
		}
	}
	if len(summary) > 0 {
		fmt.Fprintf(&b, "\nsecure voice:\n%s\n", strings.Join(summary, "\n"))
	}
	var lines []string
	for _, f := range r.Findings {
		lines = append(lines, fmt.Sprintf("  %s %s: %s", f.Severity, f.Code, f.Message))
	}
	for _, g := range r.Gateways {
		host := g.name()
		for _, f := range g.Findings {
			lines = append(lines, fmt.Sprintf("  %s: %s %s: %s", host, f.Severity, f.Code, f.Message))
		}
		for _, t := range g.Trustpoints {
			for _, f := range t.Findings {
				lines = append(lines, fmt.Sprintf("  %s %s: %s %s: %s", host, x509text.Printable(t.Name), f.Severity, f.Code, f.Message))
			}
		}
	}
	if len(lines) > 0 {
		fmt.Fprintf(&b, "\nfindings:\n%s\n", strings.Join(lines, "\n"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// name names a gateway in the text: its hostname, else its files, as
// x509text.Printable writes them.
func (g GatewayReport) name() string {
	if g.Hostname == "" {
		return x509text.Printable(g.File)
	}
	return x509text.Printable(g.Hostname)
}

// voiceColumns are the BRIDGE, SIP-TLS, SRTP and CA-SIGNED cells of a row:
// yes or no, - when the captures hold no configuration.
func voiceColumns(v *secureVoice) string {
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
