package x509text

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Printable returns s, a value taken from a certificate, a request or a
// file (a SAN, a URL, extension text, a file name from a folder), as
// certkit prints it in text, CSV and on its page: the characters a
// terminal or a viewer would act on instead of showing are written as \XX
// for each of their bytes, as Name writes a subject's control characters
// (ESC as \1B), and everything else as it is. Those are the control
// characters (C0 such as ESC, BEL, tab and line breaks, DEL, and C1 such
// as U+009B, a one-character CSI), the format characters that reorder or
// hide text (right-to-left overrides, zero-width characters), the Unicode
// line and paragraph separators, and bytes that are not UTF-8. A value
// printed this way cannot clear the screen, set the window title or start
// a line of its own. JSON keeps the exact value (see PrintableJSON).
//
// Printable leaves a backslash as it is, so a name Name wrote already
// (CN=gw\1B) comes out the same.
func Printable(s string) string {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unprintable(r, size) {
			return printableFrom(s, i)
		}
		i += size
	}
	return s
}

func printableFrom(s string, start int) string {
	var b strings.Builder
	b.WriteString(s[:start])
	for i := start; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unprintable(r, size) {
			hexBytes(&b, s[i:i+size])
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unprintable reports whether the rune r, size bytes long in its string,
// is one Printable escapes.
func unprintable(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return true // a byte that is not UTF-8
	case r < 0x20 || r == 0x7f:
		return true
	case r < 0x80:
		return false
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)
}

// hexBytes writes each byte of s as \XX.
func hexBytes(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(b, "\\%02X", s[i])
	}
}

// PrintableJSON returns JSON as encoding/json writes it, with the
// characters Printable escapes that encoding/json leaves as they are (DEL,
// the C1 controls, format characters) written as \u escapes: the same JSON
// value, character for character, that no terminal acts on. encoding/json
// escapes the C0 controls and the line separators itself, and writes bytes
// that are not UTF-8 as U+FFFD. Those characters only occur inside JSON
// strings, so the escapes are valid there.
func PrintableJSON(b []byte) []byte {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r >= 0x7f && unprintable(r, size) && !(r == utf8.RuneError && size == 1) {
			return printableJSONFrom(b, i)
		}
		i += size
	}
	return b
}

func printableJSONFrom(b []byte, start int) []byte {
	out := append(make([]byte, 0, len(b)+16), b[:start]...)
	for i := start; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r >= 0x7f && unprintable(r, size) && !(r == utf8.RuneError && size == 1) {
			if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
				out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
			} else {
				out = fmt.Appendf(out, `\u%04x`, r)
			}
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}
