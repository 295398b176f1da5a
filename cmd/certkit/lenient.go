package main

import (
	"crypto/x509"
	"fmt"

	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/finding"
)

// noteDefects says on stderr, for each certificate of an input that
// crypto/x509 refuses but certkit read as openssl does, what is wrong
// with it.
func (e *env) noteDefects(d decoded) {
	if d.res == nil {
		return
	}
	for _, n := range d.res.Notes {
		fmt.Fprintf(e.stderr, "certkit: note: %s: %s: %s\n", displayName(d.name), x509text.Describe(n.Certificate), n.Message)
	}
}

// defectsOf lists the notes of res about c, for inspect.
func defectsOf(res *convert.Result, c *x509.Certificate) []finding.Finding {
	out := []finding.Finding{}
	for _, n := range res.Notes {
		if n.Certificate == c {
			out = append(out, n)
		}
	}
	return out
}
