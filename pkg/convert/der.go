package convert

import (
	"bytes"
	"crypto/x509"
	"strings"

	"github.com/voicepki/certkit/internal/input"
)

// maxBERDepth bounds how deep Decode follows nested BER values. Real
// certificates and PKCS#7 files nest about a dozen levels; a hostile file
// of 100,000 nested headers stops here instead of exhausting the stack.
const maxBERDepth = 48

// header is one parsed BER/DER identifier and length.
type header struct {
	tag         byte // the first identifier octet (class, constructed bit, number)
	hdrLen      int  // identifier and length octets
	length      int  // content length, or -1 for indefinite
	constructed bool
	minimal     bool // the length is DER-minimal and definite
}

// readHeader parses the identifier and length at the start of b.
func readHeader(b []byte) (header, error) {
	var h header
	if len(b) < 2 {
		return h, decodeErr(ErrTruncated, "DER value ends after %s", input.Size(len(b)))
	}
	h.tag = b[0]
	h.constructed = b[0]&0x20 != 0
	i := 1
	if b[0]&0x1f == 0x1f { // high tag number form
		for {
			if i >= len(b) {
				return h, decodeErr(ErrTruncated, "DER tag ends after %s", input.Size(len(b)))
			}
			if i > 5 {
				return h, decodeErr(ErrMalformed, "DER tag number too long")
			}
			c := b[i]
			i++
			if c&0x80 == 0 {
				break
			}
		}
	}
	if i >= len(b) {
		return h, decodeErr(ErrTruncated, "DER value ends inside its header")
	}
	l := b[i]
	i++
	switch {
	case l < 0x80:
		h.length, h.minimal = int(l), true
	case l == 0x80:
		if !h.constructed {
			return h, decodeErr(ErrMalformed, "indefinite length on a primitive BER value")
		}
		h.length = -1
	case l == 0xff:
		return h, decodeErr(ErrMalformed, "invalid BER length octet 0xff")
	default:
		n := int(l & 0x7f)
		if n > 4 {
			return h, decodeErr(ErrMalformed, "BER length of %d octets is too large", n)
		}
		if i+n > len(b) {
			return h, decodeErr(ErrTruncated, "DER value ends inside its header")
		}
		v := 0
		for _, c := range b[i : i+n] {
			v = v<<8 | int(c)
		}
		i += n
		h.length = v
		h.minimal = v >= 0x80 && b[i-n] != 0
	}
	h.hdrLen = i
	return h, nil
}

// elementLen returns the length of the complete DER element at the start
// of b, failing if b is shorter.
func elementLen(b []byte) (int, error) {
	h, err := readHeader(b)
	if err != nil {
		return 0, err
	}
	if h.length < 0 {
		_, n, err := toDER(b, 0)
		return n, err
	}
	if total := h.hdrLen + h.length; total <= len(b) {
		return total, nil
	}
	return 0, decodeErr(ErrTruncated, "DER value ends after %d of %d bytes", len(b), h.hdrLen+h.length)
}

// toDER converts the BER value at the start of b to DER: indefinite lengths
// become definite, long-form lengths minimal, and constructed OCTET STRINGs
// primitive. It returns the DER and how many bytes of b it used. Nesting is
// bounded by maxBERDepth.
func toDER(b []byte, depth int) ([]byte, int, error) {
	return appendDER(make([]byte, 0, len(b)), b, depth)
}

// appendDER appends the DER form of the BER value at the start of b to
// dst. A constructed value is written after room for its longest header,
// and moved back once its length is known, so that nothing is allocated
// per value.
func appendDER(dst, b []byte, depth int) ([]byte, int, error) {
	if depth > maxBERDepth {
		return nil, 0, decodeErr(ErrMalformed, "BER nested more than %d levels deep", maxBERDepth)
	}
	h, err := readHeader(b)
	if err != nil {
		return nil, 0, err
	}
	id := b[:h.hdrLen-lengthOctets(b, h)]
	end := -1
	if h.length >= 0 {
		end = h.hdrLen + h.length
		if end > len(b) {
			return nil, 0, decodeErr(ErrTruncated, "BER value ends after %d of %d bytes", len(b), end)
		}
		if !h.constructed || h.minimal && h.tag != 0x24 && isDER(b[h.hdrLen:end], depth+1) {
			// Already DER (as every certificate inside a BER PKCS#7 is):
			// copy it as it is, without rebuilding it.
			return appendTLV(dst, id, b[h.hdrLen:end]), end, nil
		}
	}
	// Room for the header. The DER content is never longer than what is
	// left of the BER input, so a length field sized for that is enough;
	// for the large containers of a bundle it is also exactly what is
	// needed, and their content then never moves.
	start := len(dst)
	room := len(id) + lengthSize(len(b)-h.hdrLen)
	dst = append(dst, make([]byte, room)...)
	contentStart := len(dst)
	pos := h.hdrLen
	for {
		if end >= 0 {
			if pos == end {
				break
			}
		} else {
			if pos+2 > len(b) {
				return nil, 0, decodeErr(ErrTruncated, "BER ends after %s, before an end-of-contents marker", input.Size(len(b)))
			}
			if b[pos] == 0 && b[pos+1] == 0 {
				pos += 2
				break
			}
		}
		limit := len(b)
		if end >= 0 {
			limit = end
		}
		var n int
		dst, n, err = appendDER(dst, b[pos:limit], depth+1)
		if err != nil {
			return nil, 0, err
		}
		pos += n
	}
	content := dst[contentStart:]
	if len(id) == 1 && id[0] == 0x24 {
		// A constructed OCTET STRING: its chunks, now DER OCTET STRINGs,
		// become one primitive OCTET STRING. Flatten in place.
		w := 0
		for rest := content; len(rest) > 0; {
			ch, err := readHeader(rest)
			if err != nil || ch.length < 0 || ch.hdrLen+ch.length > len(rest) {
				return nil, 0, decodeErr(ErrMalformed, "BER constructed OCTET STRING with a malformed chunk")
			}
			w += copy(content[w:], rest[ch.hdrLen:ch.hdrLen+ch.length])
			rest = rest[ch.hdrLen+ch.length:]
		}
		content = content[:w]
		id = []byte{0x04}
	}
	var buf [16]byte
	hdr := appendLength(append(buf[:0], id...), len(content))
	copy(dst[start:], hdr)
	if len(hdr) == room {
		return dst[:contentStart+len(content)], pos, nil
	}
	n := copy(dst[start+len(hdr):], content)
	return dst[:start+len(hdr)+n], pos, nil
}

// isDER reports whether b is a sequence of values that are DER already:
// definite minimal lengths all the way down, no constructed OCTET STRING.
// It allocates nothing.
func isDER(b []byte, depth int) bool {
	if depth > maxBERDepth {
		return false
	}
	for len(b) > 0 {
		h, err := readHeader(b)
		if err != nil || !h.minimal || h.tag == 0x24 {
			return false
		}
		end := h.hdrLen + h.length
		if end > len(b) {
			return false
		}
		if h.constructed && !isDER(b[h.hdrLen:end], depth+1) {
			return false
		}
		b = b[end:]
	}
	return true
}

// lengthOctets returns how many octets of h's header are the length.
func lengthOctets(b []byte, h header) int {
	idLen := 1
	if b[0]&0x1f == 0x1f {
		for idLen < len(b) && b[idLen]&0x80 != 0 {
			idLen++
		}
		idLen++
	}
	return h.hdrLen - idLen
}

// appendTLV appends identifier id, a minimal DER length and content.
func appendTLV(dst, id, content []byte) []byte {
	dst = append(dst, id...)
	dst = appendLength(dst, len(content))
	return append(dst, content...)
}

// lengthSize is how many octets appendLength writes for n.
func lengthSize(n int) int {
	size := 1
	if n >= 0x80 {
		for ; n > 0; n >>= 8 {
			size++
		}
	}
	return size
}

// appendLength appends n as a minimal DER length.
func appendLength(dst []byte, n int) []byte {
	switch {
	case n < 0x80:
		dst = append(dst, byte(n))
	case n < 1<<8:
		dst = append(dst, 0x81, byte(n))
	case n < 1<<16:
		dst = append(dst, 0x82, byte(n>>8), byte(n))
	case n < 1<<24:
		dst = append(dst, 0x83, byte(n>>16), byte(n>>8), byte(n))
	default:
		dst = append(dst, 0x84, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	return dst
}

// kind is what a DER SEQUENCE holds, judged from its first fields.
type kind int

const (
	kindUnknown kind = iota
	kindPKCS7        // ContentInfo: OID, [0] content
	kindPFX          // PFX: INTEGER 3, ContentInfo, MacData
	kindKey          // PKCS#1, PKCS#8 or SEC 1 private key: INTEGER first
	kindSigned       // certificate, CSR or CRL: SEQUENCE first
)

var kindNames = map[kind]string{
	kindUnknown: "DER value",
	kindPKCS7:   "PKCS#7",
	kindPFX:     "PKCS#12",
	kindKey:     "DER private key",
	kindSigned:  "DER certificate",
}

// sniffKind looks at the first fields inside the SEQUENCE whose content
// starts at body (BER or DER, possibly truncated).
func sniffKind(body []byte) kind {
	h, err := readHeader(body)
	if err != nil {
		return kindUnknown
	}
	switch h.tag {
	case 0x06:
		return kindPKCS7
	case 0x30:
		return kindSigned
	case 0x02:
		if h.length == 1 && len(body) > h.hdrLen && body[h.hdrLen] == 3 {
			next := body[h.hdrLen+1:]
			if len(next) > 0 && next[0] == 0x30 {
				return kindPFX
			}
		}
		return kindKey
	}
	return kindUnknown
}

// binary reads DER or BER: one structure, or several concatenated, maybe
// followed by zero padding.
func (d *decoder) binary(data []byte, nesting int) error {
	for first := true; len(data) > 0; first = false {
		if !first && len(bytes.Trim(data, "\x00\r\n\t ")) == 0 {
			// Zero padding (some tools write it) or a line end (a text
			// tool touched the file) after the structure.
			return nil
		}
		n, err := d.element(data, nesting, first)
		if err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

// element reads the one structure at the start of data.
func (d *decoder) element(data []byte, nesting int, first bool) (int, error) {
	h, err := readHeader(data)
	if err == nil && h.tag != 0x30 {
		err = decodeErr(ErrMalformed, "DER value with tag 0x%02x where a SEQUENCE should start", h.tag)
	}
	if err != nil {
		if !first {
			return 0, decodeErr(ErrMalformed, "%s of trailing data that is not DER after the structure", input.Size(len(data)))
		}
		return 0, err
	}
	k := sniffKind(data[h.hdrLen:])
	what := kindNames[k]
	switch {
	case k == kindSigned && d.signedHint != "":
		what = d.signedHint
	case k == kindSigned && looksLikeRequest(data[h.hdrLen:]):
		what = "DER CSR"
	}
	elem := data
	n := 0
	ber := false
	if h.length >= 0 {
		n = h.hdrLen + h.length
		if n > len(data) {
			return 0, decodeErr(ErrTruncated, "%s ends after %d of %d bytes", what, len(data), n)
		}
		elem = data[:n]
	} else {
		der, m, err := toDER(data, 0)
		if err != nil {
			return 0, err
		}
		elem, n, ber = der, m, true
	}
	switch k {
	case kindPKCS7:
		return n, d.pkcs7(elem, ber)
	case kindPFX:
		return n, d.pkcs12(elem)
	case kindKey:
		key, kind := readKey(elem)
		if key == nil && kind != keyDSA {
			return 0, decodeErr(ErrMalformed, "a DER structure starting with an INTEGER that is not a private key")
		}
		d.addDEREncoding(false)
		d.addKey(key, kind)
		return n, nil
	case kindSigned:
		return n, d.signed(elem, ber)
	}
	return 0, decodeErr(ErrUnrecognized, "a DER SEQUENCE that is not a certificate, CSR, CRL, PKCS#7, PKCS#12 or key")
}

// looksLikeRequest reports whether body, the content (maybe cut short) of
// a signed structure's outer SEQUENCE, starts as a certificate request's
// does: a CertificationRequestInfo SEQUENCE holding INTEGER 0 and then the
// subject Name, a SEQUENCE of SETs. A version 1 certificate, which also
// starts with an INTEGER (its serial number), has an AlgorithmIdentifier
// there, whose content starts with an OID.
func looksLikeRequest(body []byte) bool {
	h, err := readHeader(body)
	if err != nil || h.tag != 0x30 {
		return false
	}
	info := body[h.hdrLen:]
	if len(info) < 5 || info[0] != 0x02 || info[1] != 1 || info[2] != 0 || info[3] != 0x30 {
		return false
	}
	name, err := readHeader(info[3:])
	if err != nil {
		return false
	}
	rest := info[3+name.hdrLen:]
	return name.length == 0 || len(rest) > 0 && rest[0] == 0x31
}

// requestShaped reports whether the signed structure der starts as a
// certificate request does.
func requestShaped(der []byte) bool {
	h, err := readHeader(der)
	return err == nil && looksLikeRequest(der[h.hdrLen:])
}

// signed reads a certificate, a CSR or a CRL.
func (d *decoder) signed(der []byte, ber bool) error {
	if p, ok := d.pre[keyOf(der)]; ok {
		d.addDEREncoding(ber)
		if p.deferred != nil {
			d.addDeferred(*p.deferred)
		} else {
			d.addCert(p.cert, p.notes)
		}
		return nil
	}
	if requestShaped(der) {
		// Most likely a CSR: spare it the certificate parser.
		if csr, err := x509.ParseCertificateRequest(der); err == nil {
			d.addDEREncoding(ber)
			d.addRequest(csr)
			return nil
		}
	}
	cert, certErr := x509.ParseCertificate(der)
	var fixed []byte
	if certErr != nil && !ber {
		// A certificate with non-minimal BER lengths: try it as DER.
		if f, _, err := toDER(der, 0); err == nil && !bytes.Equal(f, der) {
			fixed = f
			if c, err := x509.ParseCertificate(fixed); err == nil {
				cert, certErr, ber = c, nil, true
			}
		}
	}
	if certErr == nil {
		d.addDEREncoding(ber)
		d.addCert(cert, acceptedDefects(cert))
		return nil
	}
	csr, csrErr := x509.ParseCertificateRequest(der)
	if csrErr == nil {
		d.addDEREncoding(ber)
		d.addRequest(csr)
		return nil
	}
	if crl, err := x509.ParseRevocationList(der); err == nil {
		d.addDEREncoding(ber)
		d.res.CRLs = append(d.res.CRLs, crl)
		d.crls++
		return nil
	}
	// A certificate crypto/x509 refuses but openssl reads (a request that
	// does not parse is not one).
	if !requestShaped(der) {
		if c, notes, err := parseLenient(der); err == nil {
			d.addDEREncoding(ber)
			d.addCert(c, notes)
			return nil
		}
		if fixed != nil {
			if c, notes, err := parseLenient(fixed); err == nil {
				d.addDEREncoding(true)
				d.addCert(c, notes)
				return nil
			}
		}
	}
	if d.signedHint == "DER CSR" || d.signedHint == "" && requestShaped(der) {
		// Say what is wrong with the request, and keep the parser's
		// error behind Unwrap.
		return libErr(ErrMalformed, csrErr, "a CSR that is not valid")
	}
	if d.signedHint != "" {
		return decodeErr(ErrMalformed, "a %s that is not valid", strings.TrimPrefix(d.signedHint, "DER "))
	}
	return libErr(ErrMalformed, certErr, "a DER structure that is not a valid certificate, CSR or CRL")
}

func (d *decoder) addDEREncoding(ber bool) {
	switch {
	case ber:
		d.res.addEncoding(encBER)
	case !d.inPEM:
		d.res.addEncoding(encDER)
	}
}
