package convert

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"

	"github.com/voicepki/certkit/internal/certrole"
)

// Format is an output encoding for Encode.
type Format string

// The formats Encode writes.
const (
	FormatPEM      Format = "pem"     // CERTIFICATE blocks, LF line ends, 64 columns
	FormatDER      Format = "der"     // one certificate's DER
	FormatPKCS7    Format = "p7b"     // certificates-only PKCS#7 signed-data, DER
	FormatPKCS7PEM Format = "p7b-pem" // the same under a PKCS7 PEM label
)

// EncodeOptions controls Encode. The zero value writes canonical PEM of
// every certificate given.
type EncodeOptions struct {
	Format Format // "" means FormatPEM
	// NoLeaf leaves out every leaf of the set certs form: a certificate
	// not marked as a CA that signed none of the others. A version 1
	// certificate that issued another one of certs is kept.
	// CUCM refuses a .p7b that holds the device certificate.
	NoLeaf bool
}

// Encode writes certs, in the order given, in opts.Format. It fails with
// ErrNoCertificates when nothing is left to write (with NoLeaf, when every
// certificate is a leaf), with ErrMultipleCertificates when FormatDER is
// asked for several, and when certs holds a nil.
func Encode(certs []*x509.Certificate, opts EncodeOptions) ([]byte, error) {
	given := len(certs)
	for i, c := range certs {
		if c == nil {
			return nil, fmt.Errorf("convert: certificate %d of %d is nil", i+1, given)
		}
	}
	if opts.NoLeaf {
		var cas []*x509.Certificate
		leaf := certrole.Leaves(certs)
		for i, c := range certs {
			if !leaf[i] {
				cas = append(cas, c)
			}
		}
		certs = cas
	}
	if len(certs) == 0 {
		if given > 0 {
			return nil, fmt.Errorf("%w to encode: all %d are leaf (end-entity) certificates, and no CA certificate was given", ErrNoCertificates, given)
		}
		return nil, fmt.Errorf("%w to encode", ErrNoCertificates)
	}
	switch opts.Format {
	case "", FormatPEM, FormatDER:
		ders := make([][]byte, len(certs))
		for i, c := range certs {
			ders[i] = c.Raw
		}
		return EncodeRaw(ders, opts.Format)
	case FormatPKCS7, FormatPKCS7PEM:
		der, err := encodePKCS7(certs)
		if err != nil {
			return nil, err
		}
		if opts.Format == FormatPKCS7 {
			return der, nil
		}
		return pem.EncodeToMemory(&pem.Block{Type: "PKCS7", Bytes: der}), nil
	}
	return nil, fmt.Errorf("convert: unknown output format %q (want pem, der, p7b or p7b-pem)", opts.Format)
}

// EncodeRaw writes certificates given as DER, in the order given, as
// FormatPEM ("" too) or FormatDER: the re-encodings that need no field of
// a certificate, so that a caller holding thousands of them unparsed (see
// Options.Defer) need not parse them. It fails as Encode does, and for
// the other formats, which need parsed certificates.
func EncodeRaw(ders [][]byte, format Format) ([]byte, error) {
	if len(ders) == 0 {
		return nil, fmt.Errorf("%w to encode", ErrNoCertificates)
	}
	switch format {
	case "", FormatPEM:
		n := 0
		for _, der := range ders {
			n += pemSize(der)
		}
		out := make([]byte, 0, n)
		for _, der := range ders {
			out = appendPEM(out, der)
		}
		return out, nil
	case FormatDER:
		if len(ders) > 1 {
			return nil, fmt.Errorf("%w, not %d (write a PKCS#7 instead)", ErrMultipleCertificates, len(ders))
		}
		return bytes.Clone(ders[0]), nil
	case FormatPKCS7, FormatPKCS7PEM:
		return nil, fmt.Errorf("convert: %s needs parsed certificates: use Encode", format)
	}
	return nil, fmt.Errorf("convert: unknown output format %q (want pem, der, p7b or p7b-pem)", format)
}

// The lines around a certificate in PEM.
const (
	pemBegin = "-----BEGIN CERTIFICATE-----\n"
	pemEnd   = "-----END CERTIFICATE-----\n"
)

// pemSize is the length of der as a PEM CERTIFICATE block.
func pemSize(der []byte) int {
	n := base64.StdEncoding.EncodedLen(len(der))
	return len(pemBegin) + n + (n+63)/64 + len(pemEnd)
}

// appendPEM appends der as a CERTIFICATE block, byte for byte as
// encoding/pem writes it: 64 columns, LF line ends.
func appendPEM(dst, der []byte) []byte {
	dst = append(dst, pemBegin...)
	for len(der) > 0 {
		line := der[:min(48, len(der))] // 48 bytes make 64 columns
		dst = base64.StdEncoding.AppendEncode(dst, line)
		dst = append(dst, '\n')
		der = der[len(line):]
	}
	return append(dst, pemEnd...)
}
