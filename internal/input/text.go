package input

import (
	"bytes"
	"fmt"
	"unicode/utf16"
)

// Unicode recognises text with a byte-order mark (UTF-8, UTF-16LE/BE)
// or UTF-16 without one, and returns it as UTF-8 with the name of its
// encoding: "utf-8-bom", "utf-16le" or "utf-16be".
func Unicode(b []byte) (text []byte, encoding string, ok bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return b[3:], "utf-8-bom", true
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return UTF16(b[2:], false), "utf-16le", true
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return UTF16(b[2:], true), "utf-16be", true
	case len(b) >= 4 && b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0 && b[0] < 0x80 && IsText(b[:1]):
		return UTF16(b, false), "utf-16le", true
	case len(b) >= 4 && b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0 && b[1] < 0x80 && IsText(b[1:2]):
		return UTF16(b, true), "utf-16be", true
	}
	return nil, "", false
}

// UTF16 decodes UTF-16 text without its byte-order mark to UTF-8.
func UTF16(b []byte, bigEndian bool) []byte {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return []byte(string(utf16.Decode(u)))
}

// IsText reports whether b looks like text: no control characters other
// than tab, CR, LF, form feed, backspace (a terminal erasing its pager
// prompt) and DOS's end-of-file mark in its first
// 4 KiB. Any 8-bit encoding passes, so that Latin-1 chatter around a PEM
// block does not make a file binary.
func IsText(b []byte) bool {
	for _, c := range b[:min(len(b), 4096)] {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1a && c != '\b' || c == 0x7f {
			return false
		}
	}
	return true
}

// NextLine splits off data's first line, ended by LF, CRLF or a lone CR
// (old Mac text), and returns it without its line end, with the rest.
func NextLine(data []byte) (line, rest []byte) {
	i := lineEnd(data)
	if i < 0 {
		return data, nil
	}
	line = data[:i]
	if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
		i++
	}
	return line, data[i+1:]
}

// lineEnd returns the index of the first CR or LF in b, or -1. Two
// IndexByte calls (vectorised) beat one IndexAny on long PEM input.
func lineEnd(b []byte) int {
	i := bytes.IndexByte(b, '\n')
	limit := b
	if i >= 0 {
		limit = b[:i]
	}
	if j := bytes.IndexByte(limit, '\r'); j >= 0 {
		return j
	}
	return i
}

// IOSLine returns a captured line as IOS printed it, for the IOS readers:
// when the text has terminal marks (terminal is TerminalMarks of it),
// a pager prompt left before the next line cut with its blanks and the
// rest cleaned as the one text scanner cleans it (TerminalLine); then a
// leading "[timestamp] " that a terminal program adds to each line
// dropped, and trailing blanks trimmed. Indentation stays.
func IOSLine(l []byte, terminal bool) []byte {
	if terminal {
		l = bytes.TrimPrefix(l, []byte(" --More-- "))
		l, _ = TerminalLine(l)
	}
	if t := bytes.TrimLeft(l, " "); len(t) > 0 && t[0] == '[' {
		if i := bytes.Index(t, []byte("] ")); i > 0 && i < 40 {
			l = t[i+2:]
		}
	}
	return bytes.TrimRight(l, " \t\r")
}

// Lines returns the lines of a terminal capture or configuration backup
// as IOS printed them, read as convert.Decode reads text (a BOM dropped, UTF-16
// decoded, LF, CRLF or CR line ends): pager prompts with their backspaces
// removed, a per-line timestamp dropped, trailing blanks trimmed,
// indentation kept. It is for readers of IOS's own text (show output,
// trustpoint configuration). Binary input is an error.
func Lines(data []byte) ([]string, error) {
	if len(data) > MaxSize {
		return nil, tooLarge()
	}
	if text, _, ok := Unicode(data); ok {
		data = text
	} else if !IsText(data) {
		return nil, fmt.Errorf("%s of binary data, not IOS text", Size(len(data)))
	}
	terminal := TerminalMarks(data)
	var out []string
	for len(data) > 0 {
		var l []byte
		l, data = NextLine(data)
		out = append(out, string(IOSLine(l, terminal)))
	}
	return out, nil
}
