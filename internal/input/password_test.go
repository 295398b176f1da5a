package input

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf16"
)

// utf16File encodes s as UTF-16 with a byte-order mark, as PowerShell's
// Out-File writes it.
func utf16File(s string, bigEndian bool) []byte {
	b := []byte{0xFF, 0xFE}
	if bigEndian {
		b = []byte{0xFE, 0xFF}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

func TestPassword(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"bare", []byte("changeit"), "changeit"},
		{"LF", []byte("changeit\n"), "changeit"},
		{"CRLF", []byte("changeit\r\n"), "changeit"},
		{"a lone CR is not a line break", []byte("changeit\r"), "changeit\r"},
		{"one line break only", []byte("changeit\n\n"), "changeit\n"},
		{"CRLF twice", []byte("changeit\r\n\r\n"), "changeit\r\n"},
		{"spaces kept", []byte(" change it \t\n"), " change it \t"},
		{"UTF-8 BOM", []byte("\xEF\xBB\xBFchangeit\r\n"), "changeit"},
		{"UTF-8 accents", []byte("pässwörd€\n"), "pässwörd€"},
		{"UTF-16LE BOM CRLF (Out-File)", utf16File("pässwörd€\r\n", false), "pässwörd€"},
		{"UTF-16BE BOM LF", utf16File("changeit\n", true), "changeit"},
		{"UTF-16LE astral", utf16File("key🔑\r\n", false), "key🔑"},
		{"empty", nil, ""},
		{"only a line break", []byte("\r\n"), ""},
		{"UTF-16 BOM only", []byte{0xFF, 0xFE}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Password(tc.in)
			if err != nil || got != tc.want {
				t.Errorf("Password(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"Latin-1", []byte("p\xe4ssword\n")},
		{"odd UTF-16", append(utf16File("changeit", false), 'x')},
		{"lone surrogate", []byte{0xFF, 0xFE, 0x00, 0xD8, 'a', 0}},
		{"NUL", []byte("change\x00it")},
		{"UTF-16 NUL", utf16File("change\x00it", false)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := Password(tc.in); !errors.Is(err, ErrPasswordText) {
				t.Errorf("Password(%q) = %q, %v; want an error matching ErrPasswordText", tc.in, got, err)
			}
		})
	}
}

// FuzzPassword: Password never panics, its errors match ErrPasswordText,
// and a password read back after one more CRLF is the same (unless it
// starts with U+FEFF, which reads back as a byte-order mark).
func FuzzPassword(f *testing.F) {
	for _, s := range []string{"changeit\r\n", "\xEF\xBB\xBFx\n", "p\xe4ss", "a\n\n", ""} {
		f.Add([]byte(s))
	}
	f.Add(utf16File("pässwörd\r\n", false))
	f.Add(utf16File("key🔑", true))
	f.Fuzz(func(t *testing.T, data []byte) {
		pw, err := Password(data)
		if err != nil {
			if !errors.Is(err, ErrPasswordText) {
				t.Fatalf("error %v does not match ErrPasswordText", err)
			}
			return
		}
		if strings.HasPrefix(pw, "\uFEFF") {
			return
		}
		again, err := Password([]byte(pw + "\r\n"))
		if err != nil || again != pw {
			t.Fatalf("Password(%q + CRLF) = %q, %v; want %q", pw, again, err, pw)
		}
	})
}
