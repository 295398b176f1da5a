package convert

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/voicepki/certkit/internal/input"
)

// This file reads certificates out of Cisco IOS text: the hex that
// show running-config prints under crypto pki certificate chain, and the
// labelled PEM blocks of crypto pki export TP pem terminal. Decode calls it
// from its text reader, so that a configuration is one more input like a
// PEM file.

// referencesOnly describes a configuration whose certificates are all
// shown by reference.
func referencesOnly(refs []input.IOSReference) string {
	if len(refs) == 1 {
		return refs[0].String()
	}
	var tps, cmds []string
	for _, r := range refs {
		if len(tps) == 0 || tps[len(tps)-1] != r.Trustpoint {
			tps = append(tps, r.Trustpoint)
			cmds = append(cmds, "crypto pki export "+r.Trustpoint+" pem terminal")
		}
	}
	return fmt.Sprintf("IOS shows all %d certificates by reference only (trustpoints %s); capture show running-config (not brief, not startup-config) or %s",
		len(refs), strings.Join(tps, ", "), strings.Join(cmds, ", "))
}

// iosText is what iosScan found in a text: the certificates were added to
// the decoder as they were read.
type iosText struct {
	found  bool       // a chain or an export label was seen: the text is IOS's
	labels []iosLabel // export labels, in line order
	// base64 says a line of 64 or more base64 characters was seen, as a
	// request crypto pki enroll printed in the same session log has;
	// IOS's hex lines, with their blanks, are not.
	base64 bool
}

// iosLabel is a "% CA certificate:" line of an export capture.
type iosLabel struct {
	line       int
	role       input.IOSRole
	trustpoint string
	used       bool
}

// exportLabels maps crypto pki export's labels to roles.
var exportLabels = map[string]input.IOSRole{
	"% CA certificate:":                          input.IOSCA,
	"% Self-signed CA certificate:":              input.IOSSelfSigned,
	"% General Purpose Certificate:":             input.IOSDevice,
	"% Certificate:":                             input.IOSDevice,
	"% Signature Certificate:":                   input.IOSDevice,
	"% Encryption Certificate:":                  input.IOSDevice,
	"% Rollover CA certificate:":                 input.IOSRollover,
	"% Self-signed General Purpose certificate:": input.IOSSelfSigned,
}

// iosScan reads the certificate chains of an IOS configuration in data,
// adding each certificate to d, and notes the labels of an export capture
// for iosExport. Lines are cleaned as a terminal capture needs: pager
// prompts (--More-- with or without its backspaces), a per-line timestamp
// in brackets, indentation, CR. terminal is input.TerminalMarks(data), and
// mentions whether the text names a certificate where IOS would
// (mentionsCertificate, or what scanPEM saw outside its blocks): without
// it there is nothing to read.
func (d *decoder) iosScan(data []byte, terminal, mentions bool) (iosText, error) {
	var t iosText
	if !mentions {
		return t, nil
	}
	var (
		tp      string // the chain being read; "" outside chains
		inChain bool
		blk     *iosBlock // the certificate being read
		export  string    // the trustpoint of the last crypto pki export echo
		hexBuf  []byte
	)
	finish := func() error { // a block ended with quit
		b := blk
		blk = nil
		if !b.hex {
			d.res.IOSReferences = append(d.res.IOSReferences, b.ref)
			return nil
		}
		return d.iosCert(b, hexBuf)
	}
	line := 0
	for len(data) > 0 {
		var raw []byte
		raw, data = input.NextLine(data)
		line++
		l := bytes.TrimSpace(input.IOSLine(raw, terminal))
		if len(l) >= 64 && !t.base64 {
			t.base64 = isBase64(l)
		}
		if blk != nil {
			switch {
			case isQuit(l):
				if err := finish(); err != nil {
					return t, err
				}
				continue
			case len(l) == 0:
				continue
			}
			if !blk.hex {
				if hexBuf == nil {
					hexBuf = make([]byte, 0, 4096) // most certificates fit
				}
				hexBuf, blk.half, blk.digits = hexBuf[:0], -1, 0
			}
			if buf, ok := blk.appendHex(hexBuf, l); ok {
				hexBuf, blk.hex = buf, true
				continue
			}
			switch {
			case blk.hex:
				what := fmt.Sprintf("line %d holds %q, which is not hex", line, firstWords(l))
				if bytes.HasPrefix(l, []byte("crypto ")) || bytes.HasPrefix(l, []byte("certificate ")) || l[0] == '!' {
					what = fmt.Sprintf("the hex has no quit before line %d (%q)", line, firstWords(l))
				}
				return t, blk.err(ErrMalformed, "%s", what)
			}
			// A header with no hex after it: show running-config brief.
			d.res.IOSReferences = append(d.res.IOSReferences, blk.ref)
			blk = nil
		}
		if name, ok := chainHeader(l); ok {
			tp, inChain, t.found = name, true, true
			continue
		}
		if inChain {
			if b, ok := iosHeader(l, tp, line); ok {
				blk = b
				continue
			}
			if len(l) > 0 {
				inChain = false
			}
		}
		if name, ok := exportEcho(l); ok {
			export = name
			continue
		}
		if len(l) > 0 && l[0] == '%' {
			if role, ok := exportLabels[string(bytes.TrimSpace(l))]; ok {
				t.found = true
				t.labels = append(t.labels, iosLabel{line: line, role: role, trustpoint: export})
			}
		}
	}
	if blk != nil {
		if blk.hex {
			return t, blk.err(ErrTruncated, "the input ends before the quit that closes the hex (truncated)")
		}
		d.res.IOSReferences = append(d.res.IOSReferences, blk.ref)
	}
	if t.found {
		d.res.addEncoding(encIOS)
	}
	return t, nil
}

// iosBlock is one certificate block of a chain being read.
type iosBlock struct {
	ref    input.IOSReference
	hex    bool // hex lines have started
	half   int  // a hex digit waiting for its pair, or -1
	digits int  // hex digits read
}

func (b *iosBlock) err(kind error, format string, args ...any) error {
	r := b.ref
	what := "certificate " + r.Serial
	if r.Role != input.IOSDevice {
		what = "certificate " + string(r.Role) + " " + r.Serial
	}
	return decodeErr(kind, "IOS %s of trustpoint %s (line %d): %s", what, r.Trustpoint, r.Line, fmt.Sprintf(format, args...))
}

// libErr is err for a certificate a lower library refused: its error
// stays behind the message (DecodeError.Cause).
func (b *iosBlock) libErr(cause error, what string) error {
	e := b.err(ErrMalformed, "%s", what).(*DecodeError)
	e.Cause = cause
	return e
}

// appendHex decodes a line of hex groups onto dst, a digit left over from
// the line before included. It reports false, and leaves the block as it
// was, for a line that is not hex.
func (b *iosBlock) appendHex(dst, l []byte) ([]byte, bool) {
	n, half, digits := len(dst), b.half, b.digits
	for _, c := range l {
		v := hexValue[c]
		switch {
		case v < 16:
			digits++
			if half < 0 {
				half = int(v)
			} else {
				dst = append(dst, byte(half<<4)|v)
				half = -1
			}
		case v == hexBlank:
		default:
			return dst[:n], false
		}
	}
	if digits == b.digits {
		return dst[:n], false // blanks only
	}
	b.half, b.digits = half, digits
	return dst, true
}

// hexValue maps a byte to its value as a hex digit, hexBlank for a space
// or tab, 0xFF for anything else.
var hexValue = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
	}
	for i := 0; i < 10; i++ {
		t['0'+i] = byte(i)
	}
	for i := 0; i < 6; i++ {
		t['a'+i], t['A'+i] = byte(10+i), byte(10+i)
	}
	t[' '], t['\t'] = hexBlank, hexBlank
	return t
}()

const hexBlank = 0xFE

// iosCert parses a block's decoded hex as its certificate.
func (d *decoder) iosCert(b *iosBlock, buf []byte) error {
	if b.half >= 0 {
		return b.err(ErrMalformed, "the hex has an odd number of digits (%d)", b.digits)
	}
	der := append([]byte(nil), buf...) // the certificate keeps its bytes
	cert, notes, err := parseCertificate(der)
	if err != nil {
		return b.libErr(err, "the hex is not one DER certificate")
	}
	d.addCert(cert, notes)
	d.res.IOS = append(d.res.IOS, input.IOSCertificate{
		Certificate:  cert,
		Trustpoint:   b.ref.Trustpoint,
		Role:         b.ref.Role,
		HeaderSerial: b.ref.Serial,
		Line:         b.ref.Line,
	})
	return nil
}

// iosExport records the certificate of a PEM block that follows an export
// label ("% CA certificate:") with that label's role. The block itself is
// decoded as any PEM block is.
func (d *decoder) iosExport(t *iosText, b pemBlock) {
	var label *iosLabel
	for i := range t.labels {
		if t.labels[i].line > b.Line {
			break
		}
		label = &t.labels[i]
	}
	if label == nil || label.used {
		return
	}
	label.used = true
	cert, _, err := parseCertificate(b.Bytes)
	if err != nil {
		return // not a certificate: the PEM reader says what it is
	}
	d.res.IOS = append(d.res.IOS, input.IOSCertificate{
		Certificate: cert,
		Trustpoint:  label.trustpoint,
		Role:        label.role,
		Line:        b.Line,
	})
}

// iosHeader reads " certificate [ca |self-signed |rollover ]SERIAL
// [LOCATION]".
func iosHeader(l []byte, tp string, line int) (*iosBlock, bool) {
	rest, ok := bytes.CutPrefix(l, []byte("certificate "))
	if !ok {
		return nil, false
	}
	f := strings.Fields(string(rest))
	role := input.IOSDevice
	if len(f) > 0 {
		switch f[0] {
		case "ca":
			role = input.IOSCA
		case "self-signed":
			role = input.IOSSelfSigned
		case "rollover":
			role = input.IOSRollover
		}
		if role != input.IOSDevice {
			f = f[1:]
		}
	}
	if len(f) == 0 || !isHexWord(f[0]) {
		return nil, false
	}
	ref := input.IOSReference{Trustpoint: tp, Role: role, Serial: f[0], Line: line}
	if len(f) > 1 {
		ref.Location = strings.Join(f[1:], " ")
	}
	return &iosBlock{ref: ref}, true
}

// exportEcho recognises the echoed command "crypto pki export TP pem
// terminal" (after a prompt such as "gw1(config)#") and returns TP.
func exportEcho(l []byte) (string, bool) {
	i := bytes.Index(l, []byte("crypto pki export "))
	if i < 0 || i > 0 && l[i-1] != '#' && l[i-1] != ' ' {
		return "", false
	}
	f := strings.Fields(string(l[i+len("crypto pki export "):]))
	if len(f) < 2 || f[1] != "pem" {
		return "", false
	}
	return f[0], true
}

// chainHeader recognises "crypto pki certificate chain NAME", or "crypto
// ca certificate chain NAME" as IOS wrote it before 12.3(7)T.
func chainHeader(l []byte) (string, bool) {
	if name, ok := cutWord(l, "crypto pki certificate chain "); ok {
		return name, true
	}
	return cutWord(l, "crypto ca certificate chain ")
}

// cutWord returns the first word after prefix at the start of l.
func cutWord(l []byte, prefix string) (string, bool) {
	rest, ok := bytes.CutPrefix(l, []byte(prefix))
	if !ok {
		return "", false
	}
	f := strings.Fields(string(rest))
	if len(f) == 0 {
		return "", false
	}
	return f[0], true
}

// mentionsCertificate reports whether text says "certificate" or
// "Certificate", which every IOS text certkit reads does (crypto pki
// certificate chain, show crypto pki certificates, an export capture).
func mentionsCertificate(text []byte) bool {
	return bytes.Contains(text, []byte("certificate")) || bytes.Contains(text, []byte("Certificate"))
}

func isQuit(l []byte) bool { return string(l) == "quit" }

// isHexWord reports whether s is hex digits only.
func isHexWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if hexValue[s[i]] >= 16 {
			return false
		}
	}
	return s != ""
}

// firstWords is the start of a line for a message.
func firstWords(l []byte) string {
	if len(l) > 40 {
		return string(l[:40]) + "..."
	}
	return string(l)
}

// showHeadings are the headings of a certificate's block in show crypto
// pki certificates and show crypto pki trustpool.
var showHeadings = map[string]bool{
	"Certificate": true, "CA Certificate": true, "Router Self-Signed Certificate": true,
	"Trustpool CA Certificate": true,
}

// showOutput recognises the output of show crypto pki certificates,
// trustpoints or trustpool, which describes certificates without holding
// them, and says what it is: "IOS show crypto pki certificates output:
// details of 3 certificates, not the certificates themselves". It returns
// "" for other text. A block counts when its heading is followed by the
// line IOS prints next (Status: for a certificate; Subject Name: or a
// "... configured:" line for a trustpoint), so prose is not taken for it.
func showOutput(data []byte) string {
	if !bytes.Contains(data, []byte("Certificate")) && !bytes.Contains(data, []byte("Trustpoint ")) {
		return ""
	}
	terminal := input.TerminalMarks(data)
	var certs, tps int
	command := ""
	prev := "" // the last line that was not blank
	for len(data) > 0 {
		var raw []byte
		raw, data = input.NextLine(data)
		l := string(bytes.TrimSpace(input.IOSLine(raw, terminal)))
		if l == "" {
			continue
		}
		switch {
		case showHeadings[prev] && strings.HasPrefix(l, "Status:"):
			certs++
		case strings.HasPrefix(prev, "Trustpoint ") && strings.HasSuffix(prev, ":") && !strings.Contains(prev[len("Trustpoint "):], " ") &&
			(strings.HasPrefix(l, "Subject Name:") || strings.HasSuffix(l, " configured:")):
			tps++
		}
		if c := showCommand(l); c != "" && command == "" {
			command = c
		}
		prev = l
	}
	if certs == 0 && tps == 0 {
		return ""
	}
	var parts []string
	for _, n := range []struct {
		n    int
		what string
	}{{certs, "certificate"}, {tps, "trustpoint"}} {
		switch {
		case n.n == 1:
			parts = append(parts, "1 "+n.what)
		case n.n > 1:
			parts = append(parts, fmt.Sprintf("%d %ss", n.n, n.what))
		}
	}
	return fmt.Sprintf("IOS show crypto pki%s output: details of %s, not the certificates themselves", command, strings.Join(parts, " and "))
}

// showCommand names the show crypto pki command a prompt line shows, any
// abbreviation IOS takes ("verybiggw#sh cry pki cert"): " certificates",
// " trustpoints" or " trustpool"; "" for any other line.
func showCommand(l string) string {
	i := strings.IndexAny(l, "#>")
	if i <= 0 || strings.ContainsAny(l[:i], " =:") {
		return ""
	}
	f := strings.Fields(l[i+1:])
	if len(f) < 4 || len(f[0]) < 2 || !strings.HasPrefix("show", f[0]) || len(f[1]) < 3 || !strings.HasPrefix("crypto", f[1]) || f[2] != "pki" {
		return ""
	}
	for _, c := range []struct {
		name string
		min  int
	}{{"certificates", 4}, {"trustpoints", 8}, {"trustpool", 8}} {
		if len(f[3]) >= c.min && strings.HasPrefix(c.name, f[3]) {
			return " " + c.name
		}
	}
	return ""
}
