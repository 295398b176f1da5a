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
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/x509text"
)

// A store of thousands of certificates gives thousands of chains that
// share a few roots and issuing CAs. order prints each certificate's
// JSON, hash and summary line once per chain; certFacts computes them
// once per certificate, and writeOrderJSON streams the chains instead of
// building the whole document in memory. The output is byte for byte
// what encoding/json writes for orderJSON (a test holds it to that).

// certFacts is what order prints about one certificate.
type certFacts struct {
	base certJSON              // its fields in --json, without the role
	json map[chain.Role][]byte // its object in --json, by role
	line string                // its line in the summary, after the role
}

// summaryLine is c's line in order's summary on stderr, after the role.
func (fc factCache) summaryLine(c *x509.Certificate) string {
	f := fc.of(c)
	if f.line == "" {
		f.line = summaryLine(c, f.base.SHA256)
	}
	return f.line
}

func summaryLine(c *x509.Certificate, sha256 string) string {
	return fmt.Sprintf("%-40s until %s  sha256 %s\n", x509text.Label(c), c.NotAfter.UTC().Format("2006-01-02"), sha256[:16])
}

// factCache holds the facts of each certificate met, by pointer.
type factCache map[*x509.Certificate]*certFacts

func (fc factCache) of(c *x509.Certificate) *certFacts {
	f, ok := fc[c]
	if !ok {
		f = &certFacts{base: toCertJSON(c)}
		fc[c] = f
	}
	return f
}

// certJSON returns c's object in a chain, indented as it sits there.
func (fc factCache) certJSON(c *x509.Certificate, role chain.Role) []byte {
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
	const in = "\n          "
	b := make([]byte, 0, 400)
	b = append(b, '{')
	for _, kv := range [...][2]string{{"role", string(role)}, {"sha256", base.SHA256}, {"subject", base.Subject},
		{"common_name", base.CommonName}, {"not_after", base.NotAfter}} {
		if kv[0] == "role" && kv[1] == "" {
			continue // omitempty
		}
		if len(b) > 1 {
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
// of chains: its JSON (with asJSON) and its summary line.
func (fc factCache) prepare(chains []chain.Chain, asJSON bool) {
	type job struct {
		c     *x509.Certificate
		f     *certFacts
		roles []chain.Role
	}
	byCert := map[*x509.Certificate]*job{}
	var jobs []*job
	for _, ch := range chains {
		for k, c := range ch.Certificates {
			j := byCert[c]
			if j == nil {
				if _, done := fc[c]; done {
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
	for _, j := range jobs {
		fc[j.c] = j.f
	}
}

// indentedJSON encodes v as writeJSON does (two-space indent, & < > as
// they are), with prefix before every line but the first, and no final
// newline.
func indentedJSON(v any, prefix string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		panic(err) // only plain strings, bools and slices of them
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// writeOrderJSON writes order --json for chains, and fetched when not
// empty, to stdout.
func (e *env) writeOrderJSON(chains []chain.Chain, fetched []fetchedJSON, fc factCache) error {
	w := bufio.NewWriterSize(e.stdout, 64<<10)
	w.WriteString("{\n  \"chains\": [")
	for n, ch := range chains {
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
			w.Write(fc.certJSON(c, ch.Roles[k]))
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
