// Package convert reads certificates, CSRs, keys and CRLs from every source
// a CA, a Windows export or a terminal produces, and writes certificates
// back out as PEM, DER or a certificates-only PKCS#7.
package convert

import (
	"fmt"
	"io"
)

// MaxInputSize is the largest input Decode and ReadAll accept: 64 MiB,
// far above any real bundle (a 5,000-certificate PKCS#7 is about 5 MiB).
const MaxInputSize = 64 << 20

// ReadAll reads r to the end, refusing more than MaxInputSize bytes.
func ReadAll(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("convert: %w", err)
	}
	if len(b) > MaxInputSize {
		return nil, fmt.Errorf("convert: input is larger than %d MiB", MaxInputSize>>20)
	}
	return b, nil
}
