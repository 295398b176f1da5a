package input

import (
	"bytes"
	"unicode/utf8"
)

// What an IOS terminal capture adds around the text that matters, and
// that the one text scanner (pkg/convert's) and Lines take away:
//
//   - the pager's " --More-- " prompt (terminal length not 0), left on a
//     line of its own, or erased by the terminal with backspaces and
//     spaces and the next line written over it, or run together with the
//     next line when the terminal had no room;
//   - prompts and "% ..." messages, "Certificate Request follows:", and
//     "---End - This line not part of the certificate request---": text
//     lines, which end a block of base64 like any chatter;
//   - the request shown again ("Redisplay enrollment request?" answered
//     yes): the same DER twice, which Decode counts as one request and a
//     duplicate.

// pagerPrompt is what the IOS pager prints while it waits for a key.
var pagerPrompt = []byte("--More--")

// TerminalMarks reports whether data holds a pager prompt or a
// backspace, so that the scanners clean each line only when there is
// something to clean.
func TerminalMarks(data []byte) bool {
	return bytes.IndexByte(data, '\b') >= 0 || bytes.Contains(data, pagerPrompt)
}

// TerminalLine returns line as the terminal showed it: backspaces played
// (each moves the cursor left, and what follows overwrites) and pager
// prompts dropped. pagerOnly is true when the line held nothing but a
// pager prompt: the scanners then skip it as if it were not there.
func TerminalLine(line []byte) (out []byte, pagerOnly bool) {
	if bytes.IndexByte(line, '\b') >= 0 {
		line = playBackspaces(line)
	}
	if !bytes.Contains(line, pagerPrompt) {
		return line, false
	}
	line = bytes.ReplaceAll(line, pagerPrompt, nil)
	return line, len(bytes.TrimSpace(line)) == 0
}

// playBackspaces applies the backspaces in l, by character.
func playBackspaces(l []byte) []byte {
	var out []rune
	pos := 0
	for len(l) > 0 {
		r, n := utf8.DecodeRune(l)
		l = l[n:]
		switch {
		case r == '\b':
			if pos > 0 {
				pos--
			}
		case pos < len(out):
			out[pos] = r
			pos++
		default:
			out = append(out, r)
			pos++
		}
	}
	return []byte(string(out))
}
