package convert

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"runtime"
	"strings"

	"github.com/voicepki/certkit/internal/input"
	"github.com/voicepki/certkit/internal/par"
)

// pemBlock is one armoured block found by scanPEM.
type pemBlock struct {
	Type    string            // the label, such as "CERTIFICATE"
	Headers map[string]string // RFC 1421 headers (Proc-Type, DEK-Info), if any
	Bytes   []byte            // the decoded body
	Line    int               // 1-based line of the BEGIN line
}

// scanPEM finds every PEM block in text the way people save it: any chatter
// before, between and after blocks (Bag Attributes, subject= lines, x509
// -text dumps), CRLF, LF or lone CR line ends, indentation and trailing
// spaces, line breaks that became spaces, email quoting ("> "), and an IOS
// terminal's pager prompts and backspaces (see terminalLine). Unlike
// encoding/pem it never skips a block after a BOM or after text on the same
// line. A block with no END line, or whose body is not base64, is an error.
func scanPEM(data []byte) ([]pemBlock, error) {
	blocks, _, err := scanPEMText(data, input.TerminalMarks(data))
	return blocks, err
}

// scanPEMText is scanPEM of text whose terminal marks are known (terminal
// is input.TerminalMarks(data)). mentions is whether a line outside the
// blocks mentions a certificate (mentionsCertificate): the IOS reader
// needs no look at a store of PEM bodies, where searching for the word
// costs a fifth of the decode. It is complete only when blocks are found
// and err is nil.
func scanPEMText(data []byte, terminal bool) (blocks []pemBlock, mentions bool, err error) {
	if !terminal && !bytes.Contains(data, []byte("-----BEGIN ")) {
		// No block can start (an IOS configuration, bare base64): skip
		// the line walk and the arena.
		return nil, false, nil
	}
	if len(data) >= minScanChunk*2 {
		if blocks, mentions, ok := scanPEMChunks(data, terminal, runtime.GOMAXPROCS(0), minScanChunk); ok {
			return blocks, mentions, nil
		}
	}
	sc := newPEMScanner(data)
	mentions, err = sc.scan(data, terminal)
	if err != nil {
		return nil, false, err
	}
	if sc.cur != nil {
		return nil, false, decodeErr(ErrTruncated, "PEM block %s (line %d) has no END line (truncated)", sc.cur.Type, sc.cur.Line)
	}
	return sc.blocks, mentions, nil
}

// newPEMScanner returns a scanner for data, with one allocation for the
// decoded bodies sized from it, rather than one per block.
func newPEMScanner(data []byte) *pemScanner {
	return &pemScanner{arena: make([]byte, 0, len(data)*3/4)}
}

// scan reads data's lines, each piece by step, and returns whether a line
// outside the blocks mentions a certificate. It stops at the first error;
// a block still open at the end is left in sc.cur.
func (sc *pemScanner) scan(data []byte, terminal bool) (mentions bool, err error) {
	for len(data) > 0 {
		var l []byte
		l, data = input.NextLine(data)
		sc.line++
		if terminal {
			var pagerOnly bool
			if l, pagerOnly = input.TerminalLine(l); pagerOnly {
				continue
			}
		}
		// A line may hold several pieces: "-----BEGIN X-----MIIB...-----END
		// X-----" when the line breaks were lost (JSON, a mangled paste).
		line, outside := l, sc.cur == nil
		for l = unquote(bytes.TrimSpace(l)); ; {
			piece, rest := nextPiece(l)
			if err := sc.step(bytes.TrimSpace(piece)); err != nil {
				return false, err
			}
			if len(rest) == 0 {
				break
			}
			l = rest
		}
		if !mentions && (outside || sc.cur == nil) {
			mentions = mentionsCertificate(line)
		}
	}
	return mentions, nil
}

// A PEM store of thousands of certificates is megabytes of base64, and
// decoding it is most of scanning it. scanPEMChunks scans such a text on
// every core: it cuts it before lines that start with "-----BEGIN " into
// about as many pieces as cores, scans each on its own, and joins what
// they found, renumbering the lines. Where a BEGIN line starts a line,
// the sequential scan is outside any block or fails there ("no END line
// before the next BEGIN"), so the pieces give the same blocks as the
// whole whenever each ends outside a block and none fails; otherwise the
// whole text is scanned again in one piece, for the same error.

// minScanChunk is the least text a piece is given (smaller texts are
// scanned in one piece: starting goroutines would cost more than it saves).
const minScanChunk = 128 << 10

// beginLine is a BEGIN line's start, after the line end before it.
var beginLine = []byte("\n-----BEGIN ")

// scanPEMChunks is scanPEMText's scan on up to n pieces of data at once,
// each of at least min bytes but the last. ok is false when the pieces cannot stand for the whole (data has one
// piece, a piece fails or ends inside a block): the caller then scans data
// in one piece.
func scanPEMChunks(data []byte, terminal bool, n, min int) (blocks []pemBlock, mentions, ok bool) {
	cuts := chunkCuts(data, n, min)
	if len(cuts) < 2 {
		return nil, false, false
	}
	type result struct {
		sc       *pemScanner
		mentions bool
		err      error
	}
	res := make([]result, len(cuts))
	par.For(len(cuts), 1, func(i int) {
		end := len(data)
		if i+1 < len(cuts) {
			end = cuts[i+1]
		}
		piece := data[cuts[i]:end]
		sc := newPEMScanner(piece)
		m, err := sc.scan(piece, terminal)
		res[i] = result{sc, m, err}
	})
	total, line := 0, 0
	for _, r := range res {
		if r.err != nil || r.sc.cur != nil {
			return nil, false, false
		}
		total += len(r.sc.blocks)
	}
	blocks = make([]pemBlock, 0, total)
	for _, r := range res {
		for _, b := range r.sc.blocks {
			b.Line += line
			blocks = append(blocks, b)
		}
		line += r.sc.line
		mentions = mentions || r.mentions
	}
	return blocks, mentions, true
}

// chunkCuts returns where the pieces of data start: 0, then the start of a
// line that begins with "-----BEGIN " at or after each nth of data, each
// at least min bytes after the one before.
func chunkCuts(data []byte, n, min int) []int {
	cuts := []int{0}
	for i := 1; i < n; i++ {
		from := max(len(data)*i/n, cuts[len(cuts)-1]+min)
		if from >= len(data) {
			break
		}
		j := bytes.Index(data[from-1:], beginLine)
		if j < 0 {
			break
		}
		cuts = append(cuts, from-1+j+1)
	}
	return cuts
}

// pemScanner is scanPEM's state between pieces of text.
type pemScanner struct {
	blocks    []pemBlock
	cur       *pemBlock // the block being read, nil outside blocks
	body      []byte
	arena     []byte // decoded bodies, back to back; blocks point into it
	inHeaders bool
	line      int
}

// step takes one piece of a line: a BEGIN or END line, a body line, a
// header, or chatter.
func (sc *pemScanner) step(l []byte) error {
	if sc.cur == nil {
		if label, ok := armour(l, "-----BEGIN "); ok {
			sc.cur = &pemBlock{Type: label, Line: sc.line}
			sc.body = sc.body[:0]
			sc.inHeaders = true
		}
		return nil
	}
	cur := sc.cur
	if label, ok := armour(l, "-----END "); ok {
		if label != cur.Type {
			return decodeErr(ErrMalformed, "PEM block %s (line %d) ends with END %s", cur.Type, cur.Line, label)
		}
		if len(sc.body) == 0 {
			return decodeErr(ErrMalformed, "PEM block %s (line %d) is empty", cur.Type, cur.Line)
		}
		der, err := sc.decode(sc.body)
		if err != nil {
			// Line breaks that became spaces (a paste through a form, a
			// chat window, a web page) leave blanks in the body: drop them
			// and try again. Rare, so it costs nothing on the common path.
			der, err = sc.decode(dropBlanks(sc.body))
		}
		if err != nil {
			return decodeErr(ErrMalformed, "PEM block %s (line %d) is not valid base64", cur.Type, cur.Line)
		}
		cur.Bytes = der
		sc.blocks = append(sc.blocks, *cur)
		sc.cur = nil
		return nil
	}
	if _, ok := armour(l, "-----BEGIN "); ok {
		return decodeErr(ErrTruncated, "PEM block %s (line %d) has no END line before the next BEGIN", cur.Type, cur.Line)
	}
	if len(l) == 0 {
		return nil
	}
	if sc.inHeaders {
		if k, v, ok := bytes.Cut(l, []byte(":")); ok {
			if cur.Headers == nil {
				cur.Headers = make(map[string]string)
			}
			cur.Headers[string(bytes.TrimSpace(k))] = string(bytes.TrimSpace(v))
			return nil
		}
	}
	sc.inHeaders = false
	sc.body = append(sc.body, l...)
	return nil
}

// dropBlanks returns body without its white space (spaces, tabs, no-break
// spaces), in place.
func dropBlanks(body []byte) []byte {
	out := body[:0]
	for _, f := range bytes.Fields(body) {
		out = append(out, f...)
	}
	return out
}

// unquote drops the "> " marks that email puts before each quoted line,
// nested or not ("> > ", ">> ").
func unquote(l []byte) []byte {
	for len(l) > 0 && l[0] == '>' {
		l = bytes.TrimSpace(l[1:])
	}
	return l
}

// nextPiece splits a BEGIN or END marker off line: it returns the text
// before the first marker, or the marker itself when the line starts with
// one, and the rest. A line without markers is one piece.
func nextPiece(l []byte) (piece, rest []byte) {
	if bytes.IndexByte(l, '-') < 0 {
		return l, nil // most lines: base64 has no '-'
	}
	i := bytes.Index(l, []byte("-----"))
	if i < 0 {
		return l, nil
	}
	m := markerAt(l, i)
	for m < 0 {
		j := bytes.Index(l[i+5:], []byte("-----"))
		if j < 0 {
			return l, nil
		}
		i += 5 + j
		m = markerAt(l, i)
	}
	if i > 0 {
		return l[:i], l[i:]
	}
	return l[:m], l[m:]
}

// markerAt returns the end of a "-----BEGIN X-----" or "-----END X-----"
// marker starting at l[i], or -1.
func markerAt(l []byte, i int) int {
	rest := l[i:]
	var prefix string
	switch {
	case bytes.HasPrefix(rest, []byte("-----BEGIN ")):
		prefix = "-----BEGIN "
	case bytes.HasPrefix(rest, []byte("-----END ")):
		prefix = "-----END "
	default:
		return -1
	}
	j := bytes.Index(rest[len(prefix):], []byte("-----"))
	if j < 0 {
		return -1
	}
	return i + len(prefix) + j + 5
}

// armour recognises "-----BEGIN LABEL-----" (prefix "-----BEGIN ") and
// returns LABEL. Text after the closing dashes (as in a pasted terminal
// line) is ignored.
func armour(l []byte, prefix string) (string, bool) {
	if !bytes.HasPrefix(l, []byte(prefix)) {
		return "", false
	}
	rest := l[len(prefix):]
	i := bytes.Index(rest, []byte("-----"))
	if i < 0 {
		return "", false
	}
	return strings.TrimSpace(string(rest[:i])), true
}

// decode decodes a block's base64 body into the arena. The result's
// capacity ends at its length, so that nobody appending to one block's
// bytes can overwrite the next block's.
func (sc *pemScanner) decode(b64 []byte) ([]byte, error) {
	enc := base64.StdEncoding
	if len(b64)%4 != 0 && bytes.IndexByte(b64, '=') < 0 {
		enc = base64.RawStdEncoding
	}
	n := enc.DecodedLen(len(b64))
	if cap(sc.arena)-len(sc.arena) < n {
		// A new arena; the blocks already decoded keep the old one.
		sc.arena = make([]byte, 0, max(n, 64<<10))
	}
	start := len(sc.arena)
	out := sc.arena[start : start+n]
	m, err := enc.Decode(out, b64)
	if err != nil {
		return nil, err
	}
	sc.arena = sc.arena[:start+m]
	return out[:m:m], nil
}

// keyLabels are the PEM labels of private keys: counted, never decoded
// unless Options.KeepKeys.
var keyLabels = map[string]bool{
	"PRIVATE KEY":           true,
	"RSA PRIVATE KEY":       true,
	"EC PRIVATE KEY":        true,
	"DSA PRIVATE KEY":       true,
	"ENCRYPTED PRIVATE KEY": true,
	"OPENSSH PRIVATE KEY":   true,
	"ANY PRIVATE KEY":       true,
}

// pemBlock handles one block by its label.
func (d *decoder) pemBlock(b pemBlock, nesting int) error {
	d.inPEM = true
	defer func() { d.inPEM, d.signedHint = false, "" }()
	switch b.Type {
	case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST":
		d.signedHint = "DER CSR"
	case "X509 CRL":
		d.signedHint = "DER CRL"
	}
	switch b.Type {
	case "CERTIFICATE", "X509 CERTIFICATE", "PKCS7", "PKCS #7 SIGNED DATA", "CMS",
		"CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST", "X509 CRL":
		// The label is a hint: AD CS puts a PKCS#7 under CERTIFICATE, so
		// the content decides.
		return d.binary(b.Bytes, nesting)
	case "TRUSTED CERTIFICATE":
		// OpenSSL appends its trust settings after the certificate.
		n, err := elementLen(b.Bytes)
		if err != nil {
			return err
		}
		return d.binary(b.Bytes[:n], nesting)
	case "PKCS12":
		return d.binary(b.Bytes, nesting)
	}
	if keyLabels[b.Type] {
		switch {
		case b.Headers["Proc-Type"] != "" || b.Type == "ENCRYPTED PRIVATE KEY":
			d.addKey(nil, keyEncrypted)
		case b.Type == "OPENSSH PRIVATE KEY":
			d.addKey(nil, keyOpenSSH)
		case b.Type == "DSA PRIVATE KEY":
			d.addKey(nil, keyDSA)
		default:
			d.addKey(readKey(b.Bytes))
		}
		return nil
	}
	d.otherBlocks = append(d.otherBlocks, b.Type)
	return nil
}

// parseKey parses an unencrypted PKCS#8, PKCS#1 or SEC 1 private key, or
// returns nil.
func parseKey(der []byte) any {
	if k, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		return k
	}
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return k
	}
	if k, err := x509.ParseECPrivateKey(der); err == nil {
		return k
	}
	return nil
}
