package main

import (
	"bufio"
	"bytes"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/voicepki/certkit/internal/par"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
)

// A store of thousands of certificates gives thousands of chains that
// share a few roots and issuing CAs. order prints each certificate's
// JSON, hash and summary line once per chain; factCache computes those of
// the shared CAs once, and those of the certificate that ends each chain
// (which is in no other chain) a batch of chains at a time, as the chains
// are written, so that they are never all in memory at once.
// writeOrderJSON streams the chains instead of building the whole
// document in memory. The output is byte for byte what encoding/json
// writes for orderJSON (a test holds it to that).

// certFacts is what order prints about one certificate.
type certFacts struct {
	base certJSON              // its fields in --json, without the role
	json map[chain.Role][]byte // its object in --json, by role
	line string                // its line in the summary, after the role
}

// factCache holds the facts of the certificates above each chain's last,
// by pointer, and the summary line of each chain's last certificate.
type factCache struct {
	m    map[*x509.Certificate]*certFacts
	ends []string // by chain, once computed
	last [][]byte // the JSON of a batch's last certificates, reused from batch to batch
}

// summaryLine is c's line in order's summary on stderr, after the role.
func (fc *factCache) summaryLine(c *x509.Certificate) string {
	f := fc.of(c)
	if f.line == "" {
		f.line = summaryLine(c, f.base.SHA256)
	}
	return f.line
}

func summaryLine(c *x509.Certificate, sha256 string) string {
	return fmt.Sprintf("%-40s until %s  sha256 %s\n", x509text.Label(c), c.NotAfter.UTC().Format("2006-01-02"), sha256[:16])
}

func (fc *factCache) of(c *x509.Certificate) *certFacts {
	if fc.m == nil {
		fc.m = map[*x509.Certificate]*certFacts{}
	}
	f, ok := fc.m[c]
	if !ok {
		f = &certFacts{base: toCertJSON(c)}
		fc.m[c] = f
	}
	return f
}

// certJSON returns c's object in a chain, indented as it sits there.
func (fc *factCache) certJSON(c *x509.Certificate, role chain.Role) []byte {
	f := fc.of(c)
	if b, ok := f.json[role]; ok {
		return b
	}
	if f.json == nil {
		f.json = map[chain.Role][]byte{}
	}
	b := renderCertJSON(f.base, role)
	f.json[role] = b
	return b
}

// renderCertJSON writes a certificate's object in a chain as
// encoding/json does, which takes 10 µs a certificate, most of order's
// JSON time.
func renderCertJSON(base certJSON, role chain.Role) []byte {
	return appendCertJSON(make([]byte, 0, 400), base, role)
}

// appendCertJSON appends what renderCertJSON returns to b.
func appendCertJSON(b []byte, base certJSON, role chain.Role) []byte {
	const in = "\n          "
	start := len(b)
	b = append(b, '{')
	for _, kv := range [...][2]string{{"role", string(role)}, {"sha256", base.SHA256}, {"subject", base.Subject},
		{"common_name", base.CommonName}, {"not_after", base.NotAfter}} {
		if kv[0] == "role" && kv[1] == "" {
			continue // omitempty
		}
		if len(b) > start+1 {
			b = append(b, ',')
		}
		b = append(b, in...)
		b = appendJSONString(b, kv[0])
		b = append(b, ": "...)
		b = appendJSONString(b, kv[1])
	}
	return append(b, "\n        }"...)
}

// prepare computes, on every core, what order prints of each certificate
// of chains but their last ones: its JSON (with asJSON) and its summary
// line.
func (fc *factCache) prepare(chains []chain.Chain, asJSON bool) {
	type job struct {
		c     *x509.Certificate
		f     *certFacts
		roles []chain.Role
	}
	byCert := map[*x509.Certificate]*job{}
	var jobs []*job
	for _, ch := range chains {
		for k, c := range ch.Certificates[:max(len(ch.Certificates)-1, 0)] {
			j := byCert[c]
			if j == nil {
				if _, done := fc.m[c]; done {
					continue
				}
				j = &job{c: c, f: &certFacts{json: map[chain.Role][]byte{}}}
				byCert[c] = j
				jobs = append(jobs, j)
			}
			if !slices.Contains(j.roles, ch.Roles[k]) {
				j.roles = append(j.roles, ch.Roles[k])
			}
		}
	}
	par.For(len(jobs), 64, func(i int) {
		j := jobs[i]
		j.f.base = toCertJSON(j.c)
		j.f.line = summaryLine(j.c, j.f.base.SHA256)
		if asJSON {
			for _, r := range j.roles {
				j.f.json[r] = renderCertJSON(j.f.base, r)
			}
		}
	})
	if fc.m == nil {
		fc.m = make(map[*x509.Certificate]*certFacts, len(jobs))
	}
	for _, j := range jobs {
		fc.m[j.c] = j.f
	}
}

// endBatch is how many chains' last certificates are described at once.
const endBatch = 256

// lastOf returns the JSON object (with asJSON) of the last certificate of
// each of chains[lo:hi], computed on every core, and keeps its summary
// line. What it returns holds until its next call.
func (fc *factCache) lastOf(chains []chain.Chain, lo, hi int, asJSON bool) [][]byte {
	if fc.ends == nil {
		fc.ends = make([]string, len(chains))
	}
	var out [][]byte
	if asJSON {
		if fc.last == nil {
			fc.last = make([][]byte, endBatch)
		}
		out = fc.last[:hi-lo]
	}
	par.For(hi-lo, 64, func(k int) {
		ch := chains[lo+k]
		n := len(ch.Certificates)
		if n == 0 {
			return
		}
		c := ch.Certificates[n-1]
		base := toCertJSON(c)
		fc.ends[lo+k] = summaryLine(c, base.SHA256)
		if asJSON {
			out[k] = appendCertJSON(out[k][:0], base, ch.Roles[n-1])
		}
	})
	return out
}

// endLines makes sure the summary line of each chain's last certificate
// is computed.
func (fc *factCache) endLines(chains []chain.Chain) {
	if fc.ends != nil {
		return
	}
	for lo := 0; lo < len(chains); lo += endBatch {
		fc.lastOf(chains, lo, min(lo+endBatch, len(chains)), false)
	}
}

// indentedJSON encodes v as writeJSON does (two-space indent, & < > as
// they are, x509text.PrintableJSON), with prefix before every line but the
// first, and no final newline.
func indentedJSON(v any, prefix string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		panic(err) // only plain strings, bools and slices of them
	}
	return x509text.PrintableJSON(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

// writeOrderJSON writes order --json for chains, and fetched when not
// empty, to stdout.
func (e *env) writeOrderJSON(chains []chain.Chain, fetched []fetchedJSON, fc *factCache) error {
	w := bufio.NewWriterSize(e.stdout, 64<<10)
	w.WriteString("{\n  \"chains\": [")
	var last [][]byte // the objects of the last certificates of chains[lo:]
	lo := 0
	for n, ch := range chains {
		if n%endBatch == 0 {
			lo, last = n, fc.lastOf(chains, n, min(n+endBatch, len(chains)), true)
		}
		if n > 0 {
			w.WriteByte(',')
		}
		cj := chainHead(ch) // the certificates come from the cache
		w.WriteString("\n    {\n      \"complete\": ")
		w.WriteString(strconv.FormatBool(cj.Complete))
		w.WriteString(",\n      \"verified\": ")
		if cj.Verified == nil {
			w.WriteString("null")
		} else {
			w.WriteString(strconv.FormatBool(*cj.Verified))
		}
		if cj.VerifyError != "" {
			w.WriteString(",\n      \"verify_error\": ")
			w.Write(indentedJSON(cj.VerifyError, "      "))
		}
		if cj.VerifyDetail != "" {
			w.WriteString(",\n      \"verify_detail\": ")
			w.Write(indentedJSON(cj.VerifyDetail, "      "))
		}
		w.WriteString(",\n      \"certificates\": [")
		for k, c := range ch.Certificates {
			if k > 0 {
				w.WriteByte(',')
			}
			w.WriteString("\n        ")
			if k == len(ch.Certificates)-1 {
				w.Write(last[n-lo])
			} else {
				w.Write(fc.certJSON(c, ch.Roles[k]))
			}
		}
		if len(ch.Certificates) > 0 {
			w.WriteString("\n      ")
		}
		// Most chains are complete and clean: null and [] need no encoder.
		w.WriteString("],\n      \"missing\": ")
		if cj.Missing == nil {
			w.WriteString("null")
		} else {
			w.Write(indentedJSON(cj.Missing, "      "))
		}
		w.WriteString(",\n      \"warnings\": ")
		if len(cj.Warnings) == 0 {
			w.WriteString("[]")
		} else {
			w.Write(indentedJSON(cj.Warnings, "      "))
		}
		if len(cj.Revocations) > 0 {
			w.WriteString(",\n      \"revocations\": ")
			w.Write(indentedJSON(cj.Revocations, "      "))
		}
		w.WriteString("\n    }")
	}
	if len(chains) > 0 {
		w.WriteString("\n  ")
	}
	w.WriteString("]")
	if len(fetched) > 0 {
		w.WriteString(",\n  \"fetched\": ")
		w.Write(indentedJSON(fetched, "  "))
	}
	w.WriteString("\n}\n")
	if err := w.Flush(); err != nil {
		e.errorf("writing output: %v", err)
		return err
	}
	return nil
}

// appendJSONString appends s as encoding/json writes a string with HTML
// escaping off: quotes, backslashes and control characters escaped,
// invalid UTF-8 as U+FFFD, and U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
