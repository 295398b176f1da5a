package convert

import (
	"crypto/x509"

	"github.com/voicepki/certkit/internal/par"
	"github.com/voicepki/certkit/pkg/finding"
)

// Parsing certificates is most of Decode's work on a large bundle, and
// each parse stands alone: a store of thousands is parsed on every core.
// The results are put back in file order, so the output does not depend
// on the number of cores.

// minParallel is the number of certificates from which parsing is spread
// over the cores (and the number each core takes at least); below it,
// starting goroutines costs more than it saves.
const minParallel = 32

// parsed is one certificate parsed ahead of its turn.
type parsed struct {
	cert     *x509.Certificate
	notes    []finding.Finding
	deferred *DeferredCertificate // Options.Defer: cut into its names, not parsed (see deferred.go)
	err      error
}

// parseAll parses each DER certificate of ders, on up to GOMAXPROCS
// goroutines when there are many, leniently where crypto/x509 refuses.
func parseAll(ders [][]byte) []parsed {
	out := make([]parsed, len(ders))
	par.For(len(ders), minParallel, func(i int) {
		c, notes, err := parseCertificate(ders[i])
		out[i] = parsed{cert: c, notes: notes, err: err}
	})
	return out
}

// preKey names a DER value by where it lies in the input and its length.
type preKey struct {
	at *byte
	n  int
}

func keyOf(der []byte) preKey {
	if len(der) == 0 {
		return preKey{}
	}
	return preKey{&der[0], len(der)}
}

// preparse parses, all at once, the certificates of the PEM blocks that
// are one DER certificate each, so that signed finds them ready. Blocks
// that turn out to be something else (a PKCS#7, a CSR) are left to the
// usual path.
func (d *decoder) preparse(blocks []pemBlock) {
	var ders [][]byte
	for _, b := range blocks {
		switch b.Type {
		case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE":
		default:
			continue
		}
		h, err := readHeader(b.Bytes)
		if err != nil || h.tag != 0x30 || h.length < 0 || h.hdrLen+h.length > len(b.Bytes) ||
			sniffKind(b.Bytes[h.hdrLen:]) != kindSigned {
			continue
		}
		ders = append(ders, b.Bytes[:h.hdrLen+h.length])
	}
	if d.opts.Defer {
		for _, der := range ders {
			if dc, ok := deferredOf(der); ok {
				if d.pre == nil {
					d.pre = make(map[preKey]parsed, len(ders))
				}
				d.pre[keyOf(der)] = parsed{deferred: &dc}
			}
		}
		return
	}
	if len(ders) < minParallel {
		return
	}
	if d.pre == nil {
		d.pre = make(map[preKey]parsed, len(ders))
	}
	for i, p := range parseAll(ders) {
		if p.err == nil {
			d.pre[keyOf(ders[i])] = p
		}
	}
}
