package convert

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/voicepki/certkit/internal/input"
	"github.com/voicepki/certkit/pkg/finding"
)

// maxNesting bounds how often Decode re-enters itself (base64 of a PEM of a
// PKCS#7...): a real file needs two levels at most.
const maxNesting = 3

// decoder gathers what one Decode call finds.
type decoder struct {
	opts Options
	res  *Result
	seen certSet
	// emptyContainers names the containers found holding no certificate.
	emptyContainers []string
	crls            int               // CRLs seen, including those x509 cannot parse
	inPEM           bool              // decoding a PEM block's body: DER goes without saying
	signedHint      string            // what the PEM label says a signed structure is
	otherBlocks     []string          // PEM labels skipped (PUBLIC KEY, EC PARAMETERS)
	pre             map[preKey]parsed // certificates parsed ahead (see preparse)
	deferredSeen    deferredSet       // DER of Result.Deferred
}

func newDecoder(opts Options) *decoder {
	return &decoder{opts: opts, res: &Result{}}
}

// addCert adds c, with the notes its lenient reading left, unless the
// same certificate is there already.
func (d *decoder) addCert(c *x509.Certificate, notes []finding.Finding) {
	if !d.seen.add(c) {
		d.res.Duplicates++
		return
	}
	d.res.Certificates = append(d.res.Certificates, c)
	d.res.Notes = append(d.res.Notes, notes...)
}

// notesByCert groups notes by the certificate they concern.
func notesByCert(notes []finding.Finding) map[*x509.Certificate][]finding.Finding {
	if len(notes) == 0 {
		return nil
	}
	m := make(map[*x509.Certificate][]finding.Finding)
	for _, n := range notes {
		m[n.Certificate] = append(m[n.Certificate], n)
	}
	return m
}

// addRequest adds a CSR unless the same DER was found already (IOS shows
// a request again when "Redisplay enrollment request?" is answered yes):
// a repeat is counted in DuplicateRequests, as repeated certificates are
// in Duplicates.
func (d *decoder) addRequest(r *x509.CertificateRequest) {
	for _, o := range d.res.Requests {
		if bytes.Equal(o.Raw, r.Raw) {
			d.res.DuplicateRequests++
			return
		}
	}
	d.res.Requests = append(d.res.Requests, r)
}

// certSet remembers certificates by their signature, which is short and
// as good as unique; certificates whose signatures collide without being
// the same (only a crafted input does that) go to a list.
type certSet struct {
	bySig map[string]*x509.Certificate
	extra []*x509.Certificate
}

// add reports whether c was new, and remembers it.
func (s *certSet) add(c *x509.Certificate) bool {
	if s.bySig == nil {
		s.bySig = make(map[string]*x509.Certificate)
	}
	key := c.Signature
	if len(key) == 0 {
		key = c.Raw
	}
	o, ok := s.bySig[string(key)]
	if !ok {
		s.bySig[string(key)] = c
		return true
	}
	if bytes.Equal(o.Raw, c.Raw) {
		return false
	}
	for _, o := range s.extra {
		if bytes.Equal(o.Raw, c.Raw) {
			return false
		}
	}
	s.extra = append(s.extra, c)
	return true
}

// decode reads data of any supported form.
func (d *decoder) decode(data []byte, nesting int) error {
	if nesting > maxNesting {
		return decodeErr(ErrMalformed, "encodings nested more than %d deep", maxNesting)
	}
	if len(data) == 0 {
		return decodeErr(ErrUnrecognized, "an empty input (0 bytes)")
	}
	if allZero(data) {
		return decodeErr(ErrUnrecognized, "%s of zero bytes", input.Size(len(data)))
	}
	if text, enc, ok := input.Unicode(data); ok {
		d.res.addEncoding(enc)
		return d.text(text, nesting)
	}
	if data[0] == 0x30 {
		err := d.binary(data, nesting)
		if err == nil || !input.IsText(data) {
			return err
		}
		// "0" can start a text file too: fall back to text, but keep the
		// DER error if the text holds nothing either.
		if terr := d.text(data, nesting); terr == nil {
			return nil
		}
		return err
	}
	if what := javaKeyStore(data); what != "" {
		return d.keystore(data, what)
	}
	if what := magic(data); what != "" {
		return decodeErr(ErrUnrecognized, "%s, not a certificate", what)
	}
	if input.IsText(data) {
		return d.text(data, nesting)
	}
	return decodeErr(ErrUnrecognized, "%s of binary data that is neither DER nor text (starts % x)", input.Size(len(data)), data[:min(8, len(data))])
}

// text reads a text input: PEM blocks among any chatter, else bare base64.
func (d *decoder) text(data []byte, nesting int) error {
	terminal := input.TerminalMarks(data)
	blocks, mentions, pemErr := scanPEMText(data, terminal)
	if pemErr != nil || len(blocks) == 0 {
		mentions = mentionsCertificate(data)
	}
	ios, err := d.iosScan(data, terminal, mentions)
	if err != nil {
		return err
	}
	if err := pemErr; err != nil {
		d.res.addEncoding(encPEM)
		return err
	}
	if len(blocks) > 0 {
		d.res.addEncoding(encPEM)
		d.preparse(blocks)
		for i, b := range blocks {
			d.iosExport(&ios, b)
			if err := d.pemBlock(b, nesting); err != nil {
				return within(fmt.Sprintf("PEM block %d (%s, line %d)", i+1, b.Type, b.Line), err)
			}
		}
		return nil
	}
	if ios.found && !ios.base64 {
		return nil // the hex of a configuration stands alone
	}
	// Bare base64, the whole text or blocks of it among other text (as
	// IOS takes a certificate: "Enter the base 64 encoded certificate.").
	// Each candidate is decoded on its own, so that one that fails half
	// way leaves nothing behind.
	var firstErr error
	try := func(text []byte, where string) bool {
		raw, ok := bareBase64(text)
		if !ok {
			return false
		}
		sub := newDecoder(d.opts)
		if err := sub.decode(raw, nesting+1); err != nil {
			if firstErr == nil {
				firstErr = within(where, err)
			}
			return false
		}
		d.res.addEncoding(encBase64)
		d.absorb(sub)
		return true
	}
	if !ios.found && try(data, "base64") { // a configuration's hex is not one base64 text
		return nil
	}
	found := false
	for _, run := range base64Runs(data) {
		where := fmt.Sprintf("base64 at line %d", run.line)
		// The short last line may be a word ("quit") after a block that
		// ended with a full line.
		if try(run.text, where) || run.full > 0 && try(run.text[:run.full], where) {
			found = true
			continue
		}
		// Blocks joined across blank lines that are not one: each alone.
		for _, p := range run.parts {
			where := fmt.Sprintf("base64 at line %d", p.line)
			if try(p.text, where) || p.full > 0 && try(p.text[:p.full], where) {
				found = true
			}
		}
	}
	if found || ios.found {
		return nil // the hex of a configuration stands alone
	}
	if what := showOutput(data); what != "" {
		return decodeErr(ErrShowOutput, "%s", what)
	}
	if firstErr != nil {
		return firstErr
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return decodeErr(ErrUnrecognized, "only white space (%s)", input.Size(len(data)))
	}
	return decodeErr(ErrUnrecognized, "text with no PEM block or base64 (starts %q)", firstLine(data))
}

// absorb adds what a sub-decoder found.
func (d *decoder) absorb(sub *decoder) {
	for _, e := range sub.res.Encodings {
		d.res.addEncoding(e)
	}
	d.res.Duplicates += sub.res.Duplicates
	notes := notesByCert(sub.res.Notes)
	for _, c := range sub.res.Certificates {
		d.addCert(c, notes[c])
	}
	d.res.DuplicateRequests += sub.res.DuplicateRequests
	for _, r := range sub.res.Requests {
		d.addRequest(r)
	}
	d.res.KeyCount += sub.res.KeyCount
	d.res.KeyKinds = append(d.res.KeyKinds, sub.res.KeyKinds...)
	d.res.Keys = append(d.res.Keys, sub.res.Keys...)
	d.res.CRLs = append(d.res.CRLs, sub.res.CRLs...)
	d.res.IOS = append(d.res.IOS, sub.res.IOS...)
	d.res.IOSReferences = append(d.res.IOSReferences, sub.res.IOSReferences...)
	d.res.SignedBundles = append(d.res.SignedBundles, sub.res.SignedBundles...)
	for _, c := range sub.res.Deferred {
		d.addDeferred(c)
	}
	d.crls += sub.crls
	d.emptyContainers = append(d.emptyContainers, sub.emptyContainers...)
	d.otherBlocks = append(d.otherBlocks, sub.otherBlocks...)
}

// nothingFound describes a result with no certificate and no CSR.
func (d *decoder) nothingFound() string {
	r := d.res
	if len(r.IOSReferences) > 0 {
		return referencesOnly(r.IOSReferences)
	}
	var parts []string
	if r.KeyCount == 1 {
		parts = append(parts, "a private key")
	} else if r.KeyCount > 1 {
		parts = append(parts, fmt.Sprintf("%d private keys", r.KeyCount))
	}
	if n := max(len(r.CRLs), d.crls); n == 1 {
		parts = append(parts, "a CRL")
	} else if n > 1 {
		parts = append(parts, fmt.Sprintf("%d CRLs", n))
	}
	for _, l := range d.otherBlocks {
		parts = append(parts, "a PEM "+l)
	}
	if len(d.emptyContainers) > 0 {
		c := d.emptyContainers[0]
		if len(parts) == 0 {
			return c + " holding no certificates"
		}
		return c + " holding " + strings.Join(parts, " and ") + " but no certificates"
	}
	if len(parts) == 0 {
		return "no certificate"
	}
	return strings.Join(parts, " and ") + " but no certificate"
}

func allZero(b []byte) bool {
	return len(bytes.TrimLeft(b, "\x00")) == 0
}

// magic names common non-certificate files by their first bytes.
func magic(b []byte) string {
	for _, m := range []struct{ prefix, name string }{
		{"\x89PNG\r\n\x1a\n", "PNG image"},
		{"\xff\xd8\xff", "JPEG image"},
		{"GIF87a", "GIF image"},
		{"GIF89a", "GIF image"},
		{"%PDF-", "PDF document"},
		{"PK\x03\x04", "ZIP archive (unzip it first)"},
		{"\x1f\x8b", "gzip data (gunzip it first)"},
		{"\x7fELF", "ELF executable"},
		{"MZ", "Windows executable"},
		{"{\\rtf", "RTF document"},
		{"\xd0\xcf\x11\xe0", "Microsoft Office document"},
		{"BM", "BMP image"},
	} {
		if bytes.HasPrefix(b, []byte(m.prefix)) {
			return m.name
		}
	}
	return ""
}

// javaKeyStore names the kind of a Java keystore by its magic number,
// followed by its version (1 or 2): "JKS" (0xFEEDFEED) or "JCEKS"
// (0xCECECECE); "" for anything else.
func javaKeyStore(b []byte) string {
	if len(b) < 8 || b[4] != 0 || b[5] != 0 || b[6] != 0 || b[7] != 1 && b[7] != 2 {
		return ""
	}
	switch string(b[:4]) {
	case "\xfe\xed\xfe\xed":
		return "JKS"
	case "\xce\xce\xce\xce":
		return "JCEKS"
	}
	return ""
}

// bareBase64 decodes text that is nothing but base64 (any line width, CRLF,
// surrounding blank lines).
func bareBase64(b []byte) ([]byte, bool) {
	clean := make([]byte, 0, len(b))
	for _, c := range b {
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f':
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/', c == '=':
			clean = append(clean, c)
		default:
			return nil, false
		}
	}
	if len(clean) < 8 {
		return nil, false
	}
	enc := base64.StdEncoding
	if bytes.IndexByte(clean, '=') < 0 {
		enc = base64.RawStdEncoding
	}
	out := make([]byte, enc.DecodedLen(len(clean)))
	n, err := enc.Decode(out, clean)
	if err != nil {
		return nil, false
	}
	return out[:n], true
}

// b64Run is a block of base64 lines found among other text.
type b64Run struct {
	text []byte
	line int // 1-based line of its first line
	full int // length of text before a shorter last line, or 0
	// parts are the blocks text was joined from across blank lines, each
	// a run of its own, to try one by one when the joined text fails.
	parts []b64Run
}

// b64Segment is a block of base64 lines with no blank line inside.
type b64Segment struct {
	b64Run
	width     int  // length of its lines but the last
	closed    bool // it ends with a shorter line
	lines     int
	blankNext bool // only blank lines separate it from the next segment
}

// base64Runs finds blocks of base64 in text: consecutive lines made only of
// base64 characters, all as long as the first but the last, which may be
// shorter, together at least 64 characters. A short word that happens to
// be base64 ("Regards") does not join a block of full lines. Blank lines
// inside a block (a copy that double-spaced every line, the pager's
// erased prompt) do not end it; pager prompts are skipped.
func base64Runs(data []byte) []b64Run {
	var segs []b64Segment
	var cur *b64Segment
	flush := func(blankNext bool) {
		if cur != nil {
			cur.blankNext = blankNext
			segs = append(segs, *cur)
			cur = nil
		}
	}
	terminal := input.TerminalMarks(data)
	line := 0
	for len(data) > 0 {
		var l []byte
		l, data = input.NextLine(data)
		line++
		if terminal {
			var pagerOnly bool
			if l, pagerOnly = input.TerminalLine(l); pagerOnly {
				continue
			}
		}
		l = unquote(bytes.TrimSpace(l))
		switch {
		case len(l) == 0:
			flush(true)
			continue
		case !isBase64(l):
			flush(false)
			if len(segs) > 0 {
				// Text, not only blank lines, follows the last block.
				segs[len(segs)-1].blankNext = false
			}
			continue
		}
		if cur != nil {
			switch {
			case !cur.closed && len(l) == cur.width:
				cur.text = append(cur.text, l...)
				cur.lines++
				continue
			case !cur.closed && len(l) < cur.width:
				cur.full = len(cur.text)
				cur.text = append(cur.text, l...)
				cur.lines++
				cur.closed = true
				continue
			}
			flush(false)
		}
		cur = &b64Segment{b64Run: b64Run{text: append([]byte(nil), l...), line: line}, width: len(l), lines: 1}
	}
	flush(false)

	var runs []b64Run
	keep := func(r b64Run) {
		if len(r.text) >= 64 {
			runs = append(runs, r)
		}
	}
	for i := 0; i < len(segs); {
		// Join the segments that only blank lines separate, while each
		// continues the lines of the one before: same width, or one
		// shorter line that ends the block.
		j := i + 1
		width := segs[i].width
		for j < len(segs) && segs[j-1].blankNext && !segs[j-1].closed &&
			(segs[j].width == width || segs[j].lines == 1 && segs[j].width < width) {
			j++
		}
		if j == i+1 {
			keep(segs[i].b64Run)
			i = j
			continue
		}
		joined := b64Run{line: segs[i].line}
		for _, s := range segs[i:j] {
			if s.closed {
				joined.full = len(joined.text) + s.full
			} else if s.width < width {
				joined.full = len(joined.text)
			}
			joined.text = append(joined.text, s.text...)
			if len(s.text) >= 64 {
				joined.parts = append(joined.parts, s.b64Run)
			}
		}
		keep(joined)
		i = j
	}
	return runs
}

func isBase64(l []byte) bool {
	for _, c := range l {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=') {
			return false
		}
	}
	return true
}

func firstLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return s
}
