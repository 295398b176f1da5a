package cucm

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/voicepki/certkit/internal/cucmrule"
)

// listEntry is one line of `show cert list trust` (or `own`), such as
// "CallManager-trust/vgw1.pem: Trust Certificate".
type listEntry struct {
	// Store is the part before the slash, spelled as StoreName spells it
	// when certkit knows it, else as printed.
	Store string
	// File is the file name after the slash.
	File string
	// Description is what follows the colon, trimmed ("Trust Certificate").
	Description string
	// Line is the line number in the text, from 1.
	Line int
}

// TrustList is what ParseTrustList read, for Options.List.
type TrustList struct {
	// Listed counts the STORE/FILE lines: the certificates listed.
	Listed int
	// Ignored counts the lines that were neither blank nor a STORE/FILE
	// line: prompts, the command itself, pager prompts, other chatter.
	Ignored int
	entries []listEntry
}

// errNoListEntries is what ParseTrustList's error matches (errors.Is)
// when the text holds no STORE/FILE line at all.
var errNoListEntries = errors.New("cucm: no STORE/FILE lines")

// ParseTrustList reads the text of CUCM's `show cert list trust` (or
// `show cert list own`) as captured from an SSH session: lines of the form
// "STORE/FILE: description", STORE a trust store's name (CallManager-trust,
// or any name ending in -trust) or, for `own`, a unit's (tomcat,
// CallManager, ...). Cisco does not document the exact format, so
// the parser is forgiving: it takes a UTF-8 byte-order mark, CRLF or CR
// line ends, indentation, the "admin:" prompt (with or without the command
// after it), pager prompts and any other chatter, which it counts in
// Ignored. A file name may hold spaces and colons; it ends at the first
// ": " after ".pem", ".der", ".crt" or ".cer" when there is one, else at
// the last ": ". Text that is not UTF-8 (such as UTF-16) and text with no
// STORE/FILE line are refused, the latter matching ErrNoListEntries.
func ParseTrustList(data []byte) (*TrustList, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, errors.New("cucm: the list holds NUL bytes: it is not plain text (saved as UTF-16? save the capture as UTF-8)")
	}
	if !utf8.Valid(data) {
		return nil, errors.New("cucm: the list is not UTF-8 text")
	}
	l := &TrustList{}
	text := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		e, ok := parseListLine(line)
		if !ok {
			l.Ignored++
			continue
		}
		e.Line = i + 1
		l.entries = append(l.entries, e)
	}
	l.Listed = len(l.entries)
	if len(l.entries) == 0 {
		return nil, fmt.Errorf("cucm: no line of the form STORE/FILE: description (such as CallManager-trust/vgw1.pem: Trust Certificate) in %d lines of text: %w", l.Ignored, errNoListEntries)
	}
	return l, nil
}

// parseListLine reads one trimmed, non-blank line.
func parseListLine(line string) (listEntry, bool) {
	// A prompt may precede the entry on the same line ("admin:CallManager-
	// trust/a.pem: ..." after a lost line end); the command line itself is
	// chatter.
	if rest, ok := cutPrefixFold(line, "admin:"); ok {
		line = strings.TrimSpace(rest)
	}
	slash := strings.IndexByte(line, '/')
	if slash <= 0 {
		return listEntry{}, false
	}
	store := line[:slash]
	if strings.ContainsAny(store, " \t:") {
		return listEntry{}, false
	}
	rest := line[slash+1:]
	file, desc := splitFileDescription(rest)
	file = strings.TrimSpace(file)
	if file == "" || strings.ContainsRune(file, '/') {
		return listEntry{}, false
	}
	// Only a trust store's or an own unit's name makes a line an entry,
	// so that text with other slashes in it (base64, dates, paths) is
	// chatter.
	if name, _ := StoreName(store); name != "" {
		store = name
	} else if unit := ownUnit(store); unit != "" {
		store = unit
	} else {
		return listEntry{}, false
	}
	return listEntry{Store: store, File: file, Description: strings.TrimSpace(desc)}, true
}

// ownUnit returns the unit name `show cert list own` prints (tomcat,
// CallManager, ipsec, ...) as CUCM spells it, or "".
func ownUnit(s string) string {
	if svc, ok := cucmrule.Lookup(s); ok {
		return svc.Name
	}
	return ""
}

// splitFileDescription splits "vgw1.pem: Trust Certificate" at the colon
// that ends the file name.
func splitFileDescription(s string) (file, desc string) {
	lower := strings.ToLower(s)
	for _, ext := range []string{".pem:", ".der:", ".crt:", ".cer:"} {
		if i := strings.Index(lower, ext); i >= 0 {
			end := i + len(ext) - 1
			return s[:end], s[end+1:]
		}
	}
	if i := strings.LastIndex(s, ": "); i >= 0 {
		return s[:i], s[i+2:]
	}
	if strings.HasSuffix(s, ":") {
		return s[:len(s)-1], ""
	}
	return s, ""
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// format writes the list back as "STORE/FILE: description" lines, LF
// ended, the form ParseTrustList reads back to the same entries.
func (l *TrustList) format() []byte {
	var b bytes.Buffer
	for _, e := range l.entries {
		fmt.Fprintf(&b, "%s/%s: %s\n", e.Store, e.File, e.Description)
	}
	return b.Bytes()
}

// inStore returns the entries of store, in list order.
func (l *TrustList) inStore(store string) []listEntry {
	if l == nil {
		return nil
	}
	var out []listEntry
	for _, e := range l.entries {
		if strings.EqualFold(e.Store, store) {
			out = append(out, e)
		}
	}
	return out
}
