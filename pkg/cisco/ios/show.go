package ios

import (
	"crypto/x509"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/input"
	"github.com/voicepki/certkit/internal/x509text"
)

// Record is what a show crypto pki command prints about one certificate.
// Those commands print no certificate, only facts about it; a field the
// command does not print is empty.
type Record struct {
	// Command is the show command the record came from: "certificates"
	// (show crypto pki certificates [verbose]), "trustpoints" (show
	// crypto pki trustpoints [status]) or "trustpool"; "" when the
	// capture does not show the command.
	Command string
	// Kind is the heading of the block: "Certificate", "CA Certificate",
	// "Router Self-Signed Certificate"; in trustpoints status "Issuing CA
	// certificate" or "Router General Purpose certificate"; in
	// trustpoints without status "Trustpoint CA".
	Kind   string
	Status string // "Available", "Pending"
	Serial string // in hex, as printed
	Usage  string // "General Purpose", "Signature"
	// Issuer and Subject are IOS's lowercase style, one attribute after
	// the other as printed: "cn=Example Voice Issuing CA,o=Example Voice,c=US".
	Issuer, Subject string
	// NotBefore and NotAfter are the start and end dates. IOS prints
	// them with a zone abbreviation; other than UTC, Go gives the
	// abbreviation a zero offset unless it is the local zone's.
	NotBefore, NotAfter time.Time
	// Renew is the renew date IOS prints, under Validity Date, for a
	// router certificate that auto-enroll renews ("renew date: 09:19:52
	// UTC Apr 10 2023"); zero without one.
	Renew time.Time
	// MD5 and SHA1 are the fingerprints (verbose, status) as IOS groups
	// them: "5C2556ED 55BA2D9C 47CE2668 B1927DF7".
	MD5, SHA1   string
	Trustpoints []string // Associated Trustpoints, or the trustpoint whose block it is
	KeyLabel    string   // Key Label (verbose)
	Storage     string   // "nvram:ExampleVoice#6F.cer"
	Line        int      // 1-based line of the block's heading
}

// trustpointState is a trustpoint as show crypto pki trustpoints status
// describes it: its State lines ("Keys generated": "Yes (General
// Purpose, non-exportable)", "Issuing CA authenticated": "Yes").
type trustpointState struct {
	Name  string
	State map[string]string
}

// Show is everything read from show crypto pki output.
type Show struct {
	// Hostname is the device's name from the prompt ("verybiggw#"), if
	// the capture shows one.
	Hostname    string
	Records     []Record
	Trustpoints []trustpointState
}

// ParseShow reads the output of show crypto pki certificates [verbose],
// show crypto pki trustpoints [status] and show crypto pki trustpool,
// alone or several in one capture, with or without the prompts and
// commands: any indentation, tabs, trailing blanks, CRLF, pager prompts,
// UTF-16. Lines it does not know are skipped. Text without any block of
// those commands gives an empty Show, not an error; only unreadable
// (binary) input is an error.
func ParseShow(data []byte) (*Show, error) {
	lines, err := input.Lines(data)
	if err != nil {
		return nil, fmt.Errorf("ios: %w", err)
	}
	return parseShow(lines), nil
}

func parseShow(lines []string) *Show {
	p := showParser{show: &Show{}}
	for i, l := range lines {
		p.line(i+1, strings.TrimSpace(l))
	}
	p.flush()
	return p.show
}

// showParser is ParseShow's state between lines.
type showParser struct {
	show    *Show
	command string
	cur     *Record          // the record being read
	tp      *trustpointState // the trustpoint block being read
	dn      *string          // the Issuer or Subject being read, one attribute a line
	inState bool
}

var certHeadings = map[string]bool{
	"Certificate": true, "CA Certificate": true, "Router Self-Signed Certificate": true,
	"Trustpool CA Certificate": true,
}

func (p *showParser) flush() {
	if p.cur != nil {
		p.show.Records = append(p.show.Records, *p.cur)
	}
	p.cur, p.dn = nil, nil
}

func (p *showParser) line(n int, l string) {
	if l == "" {
		p.dn = nil
		return
	}
	if templateLine(l) {
		return
	}
	if host, cmd, ok := prompt(l); ok {
		p.flush()
		p.tp, p.inState = nil, false
		if p.show.Hostname == "" {
			p.show.Hostname = host
		}
		p.command = cmd
		return
	}
	if certHeadings[l] {
		p.flush()
		p.tp, p.inState = nil, false
		p.cur = &Record{Command: p.command, Kind: l, Line: n}
		return
	}
	if name, ok := strings.CutPrefix(l, "Trustpoint "); ok && strings.HasSuffix(name, ":") && !strings.Contains(name, " ") {
		p.flush()
		p.show.Trustpoints = append(p.show.Trustpoints, trustpointState{Name: strings.TrimSuffix(name, ":")})
		p.tp, p.inState = &p.show.Trustpoints[len(p.show.Trustpoints)-1], false
		cmd := p.command
		if cmd == "" {
			cmd = "trustpoints"
		}
		// Without status, the block describes the CA certificate.
		p.cur = &Record{Command: cmd, Kind: "Trustpoint CA", Trustpoints: []string{p.tp.Name}, Line: n}
		return
	}
	if p.tp != nil {
		if kind, ok := strings.CutSuffix(l, " configured:"); ok {
			if p.cur != nil && p.cur.Kind == "Trustpoint CA" && p.cur.Subject == "" {
				p.cur = nil // the status form: no record of its own
			}
			p.flush()
			p.cur = &Record{Command: p.command, Kind: kind, Trustpoints: []string{p.tp.Name}, Line: n}
			if p.cur.Command == "" {
				p.cur.Command = "trustpoints"
			}
			return
		}
		if l == "State:" {
			if p.cur != nil && p.cur.Kind == "Trustpoint CA" && p.cur.Subject == "" {
				p.cur = nil
			}
			p.flush()
			p.inState = true
			return
		}
		if p.inState {
			if k, v, ok := stateLine(l); ok {
				if p.tp.State == nil {
					p.tp.State = map[string]string{}
				}
				p.tp.State[k] = v
			}
			return
		}
	}
	if p.cur == nil {
		return
	}
	r := p.cur
	if p.dn != nil {
		if strings.Contains(l, "=") && !strings.HasPrefix(l, "Serial Number") {
			addDN(p.dn, l)
			return
		}
		if strings.HasPrefix(l, "Name:") || strings.HasPrefix(l, "IP Address:") || strings.HasPrefix(l, "Serial Number:") {
			return // the subject's summary lines, not attributes
		}
		p.dn = nil
	}
	key, val, _ := strings.Cut(l, ":")
	key, val = strings.Join(strings.Fields(key), " "), strings.TrimSpace(val)
	switch key {
	case "Status":
		r.Status = val
	case "Certificate Serial Number (hex)", "Certificate Serial Number", "Serial Number (hex)":
		r.Serial = val
	case "Certificate Usage":
		r.Usage = val
	case "Issuer":
		p.dn = &r.Issuer
		addDN(p.dn, val)
	case "Subject", "Subject Name":
		p.dn = &r.Subject
		addDN(p.dn, val)
	case "start date":
		r.NotBefore = iosTime(val)
	case "end date":
		r.NotAfter = iosTime(val)
	case "renew date":
		r.Renew = iosTime(val)
	case "Fingerprint MD5":
		r.MD5 = groups(val)
	case "Fingerprint SHA1":
		r.SHA1 = groups(val)
	case "Associated Trustpoints":
		r.Trustpoints = strings.Fields(val)
	case "Key Label":
		r.KeyLabel = val
	case "Storage":
		r.Storage = val
	}
}

// prompt recognises an IOS prompt, with the command typed after it:
// "verybiggw#show crypto pki certificates verbose". It returns the
// hostname and which show crypto pki command it is ("" for another).
func prompt(l string) (host, cmd string, ok bool) {
	i := strings.IndexAny(l, "#>")
	if i <= 0 || strings.ContainsAny(l[:i], " =:") {
		return "", "", false
	}
	host = l[:i]
	if j := strings.IndexByte(host, '('); j > 0 {
		host = host[:j] // verybiggw(config)#
	}
	if !hostname(host) {
		return "", "", false // <#if ...>, </#list>: a template's lines
	}
	f := strings.Fields(l[i+1:])
	if len(f) >= 4 && isAbbrev(f[0], "show", 2) && isAbbrev(f[1], "crypto", 2) && f[2] == "pki" {
		switch {
		case isAbbrev(f[3], "certificates", 4):
			cmd = "certificates"
		case isAbbrev(f[3], "trustpoints", 8):
			cmd = "trustpoints"
		case isAbbrev(f[3], "trustpool", 8):
			cmd = "trustpool"
		}
	}
	return host, cmd, true
}

// hostname reports whether s can be an IOS hostname: letters, digits,
// hyphens, and the dots and underscores some configurations carry,
// starting with a letter or digit. A template's placeholders (${host},
// {{ host }}) and directives (<#if ...>) cannot.
func hostname(s string) bool {
	if s == "" || len(s) > 63 {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case i > 0 && (r == '-' || r == '.' || r == '_'):
		default:
			return false
		}
	}
	return true
}

// templateLine reports a line of a configuration template engine
// (FreeMarker <#if ...> and </#if>, Jinja {% ... %} and {# ... #},
// Velocity #if, #end, #set, #foreach), which is no IOS line.
func templateLine(l string) bool {
	for _, p := range []string{"<#", "</#", "<@", "</@", "{%", "{#", "#if", "#else", "#end", "#set", "#foreach"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// isAbbrev reports whether w abbreviates word as IOS takes it: at least
// min letters of it.
func isAbbrev(w, word string, min int) bool {
	return len(w) >= min && strings.HasPrefix(word, strings.ToLower(w))
}

// stateLine reads "Keys generated ............. Yes (General Purpose)".
func stateLine(l string) (string, string, bool) {
	i := strings.Index(l, " ..")
	if i < 0 {
		return "", "", false
	}
	v := strings.TrimLeft(l[i:], " .")
	return strings.TrimSpace(l[:i]), strings.TrimSpace(v), true
}

// addDN appends the attributes on one line ("cn=a" or "cn=a,o=b,c=US") to
// a name being read.
func addDN(dn *string, l string) {
	l = strings.TrimSpace(l)
	if l == "" {
		return
	}
	if *dn != "" {
		*dn += ","
	}
	*dn += l
}

// iosTime reads "06:35:09 UTC Feb 20 2024", spaced any way.
func iosTime(s string) time.Time {
	f := strings.Fields(s)
	if len(f) != 5 {
		return time.Time{}
	}
	t, err := time.Parse("15:04:05 MST Jan 2 2006", strings.Join(f, " "))
	if err != nil {
		return time.Time{}
	}
	return t
}

// groups normalises a fingerprint as printed to IOS's form: uppercase
// groups of 8 separated by single spaces, whatever blanks the capture has.
func groups(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), " "))
}

// matchRecord finds the certificate a record describes among certs: by its
// SHA-1 or MD5 fingerprint where the record has one, else by serial number
// together with the issuer (or, for show crypto pki trustpoints, which
// prints no issuer, the subject). It returns nil when none matches.
func matchRecord(r Record, certs []*x509.Certificate) *x509.Certificate {
	if r.SHA1 != "" || r.MD5 != "" {
		for _, c := range certs {
			if r.SHA1 != "" && r.SHA1 == FingerprintSHA1(c) || r.SHA1 == "" && r.MD5 == FingerprintMD5(c) {
				return c
			}
		}
		return nil
	}
	if r.Serial == "" {
		return nil
	}
	for _, c := range certs {
		if !sameSerial(r.Serial, c) {
			continue
		}
		switch {
		case r.Issuer != "" && sameName(r.Issuer, c.RawIssuer):
			return c
		case r.Issuer == "" && r.Subject != "" && sameName(r.Subject, c.RawSubject):
			return c
		}
	}
	return nil
}

// sameSerial reports whether hex, as IOS prints a serial number, is c's.
func sameSerial(hex string, c *x509.Certificate) bool {
	s, ok := new(big.Int).SetString(strings.TrimPrefix(strings.ReplaceAll(hex, ":", ""), "0x"), 16)
	return ok && c.SerialNumber != nil && s.Cmp(new(big.Int).Abs(c.SerialNumber)) == 0
}

// sameName reports whether a name as show crypto pki prints it ("cn=a,o=b,c=US",
// IOS's keys such as ea= and hostname= included) is the name in der,
// compared by meaning (x509text.EqualName). IOS lists the attributes most
// specific first, as RFC 4514 does; a capture listing them the other way
// round matches too.
func sameName(ios string, der []byte) bool {
	if x509text.EqualName(ios, der) {
		return true
	}
	parts := strings.Split(ios, ",")
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return x509text.EqualName(strings.Join(parts, ","), der)
}
