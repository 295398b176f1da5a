package x509text

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPrintable: the characters a terminal acts on come out as \XX per
// byte, as Name writes a subject's; the rest, non-ASCII letters included,
// as it is.
func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"vgw1.example.com":                   "vgw1.example.com",
		"gw\x1b[2J\x1b[H.example.com":        `gw\1B[2J\1B[H.example.com`,
		"title\x1b]0;pwned\x07":              `title\1B]0;pwned\07`,
		"line\nbreak\ttab\rcr":               `line\0Abreak\09tab\0Dcr`,
		"del\x7f":                            `del\7F`,
		"c1 \u009b31m":                       `c1 \C2\9B31m`,
		"rlo \u202emoc.elgoog":               `rlo \E2\80\AEmoc.elgoog`,
		"zero\u200bwidth \ufeff":             `zero\E2\80\8Bwidth \EF\BB\BF`,
		"sep\u2028\u2029":                    `sep\E2\80\A8\E2\80\A9`,
		"bad \xff\xfe utf-8":                 `bad \FF\FE utf-8`,
		"Zürich Straße, 東京":                  "Zürich Straße, 東京",
		`CN=gw\1B,O=Already escaped by Name`: `CN=gw\1B,O=Already escaped by Name`,
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPrintableJSON: JSON from encoding/json comes out with DEL, the C1
// controls and the format characters as \u escapes, and reads back as the
// same value.
func TestPrintableJSON(t *testing.T) {
	in := []string{"del\x7f", "c1 \u009b31m", "rlo \u202e", "tag \U000E0041", "esc \x1b", "Zürich"}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	got := PrintableJSON(b)
	want := `["del\u007f","c1 \u009b31m","rlo \u202e","tag \udb40\udc41","esc \u001b","Zürich"]`
	if string(got) != want {
		t.Errorf("PrintableJSON = %s, want %s", got, want)
	}
	var back []string
	if err := json.Unmarshal(got, &back); err != nil || strings.Join(back, "|") != strings.Join(in, "|") {
		t.Errorf("read back %q (%v), want %q", back, err, in)
	}
}

// FuzzPrintable: whatever the input, Printable leaves nothing a terminal
// acts on, changes nothing it need not (a second pass is the same), and
// PrintableJSON of its JSON reads back as the input.
func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"", "a\x1b[2Jb", "\u009b\u202e\xff", "CN=x\\1B", "\t\n\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := Printable(s)
		for i, r := range p {
			if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == utf8.RuneError && !strings.HasPrefix(p[i:], "\ufffd") {
				t.Fatalf("Printable(%q) = %q holds %q", s, p, r)
			}
		}
		if pp := Printable(p); pp != p {
			t.Fatalf("Printable is not stable: %q, then %q", p, pp)
		}
		if !utf8.ValidString(s) {
			return // encoding/json writes U+FFFD for bad bytes
		}
		b, _ := json.Marshal(s)
		var back string
		if err := json.Unmarshal(PrintableJSON(b), &back); err != nil || back != s {
			t.Fatalf("PrintableJSON(%s) reads back as %q (%v)", b, back, err)
		}
		for _, r := range string(PrintableJSON(b)) {
			if r == 0x7f || r >= 0x80 && r < 0xa0 {
				t.Fatalf("PrintableJSON(%s) holds %q", b, r)
			}
		}
	})
}
