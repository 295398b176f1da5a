package convert

import (
	"errors"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"

	"software.sslmate.com/src/go-pkcs12"
)

// pkcs12 reads a .pfx/.p12: OpenSSL 3's AES-256/PBKDF2 and the legacy
// RC2/3DES forms.
func (d *decoder) pkcs12(der []byte) error {
	d.res.addEncoding(encPKCS12)
	if n := totalIterations(der, 0); n > maxPKCS12Iterations {
		return decodeErr(ErrMalformed, "PKCS#12 asking for %d key-derivation iterations in all (more than %d)", n, maxPKCS12Iterations)
	}
	pw := d.opts.Password
	if pw != "" && !hasMAC(der) {
		// A file without a MAC has no password to check, and go-pkcs12
		// refuses one given anyway: read it as the passwordless file it
		// is, as openssl does.
		pw = ""
	}
	key, cert, cas, err := pkcs12.DecodeChain(der, pw)
	if err == nil {
		d.addKey(kindOf(key))
		d.addCert(cert, acceptedDefects(cert))
		for _, c := range cas {
			d.addCert(c, acceptedDefects(c))
		}
		return nil
	}
	if wrongPassword(err) {
		return d.incorrectPassword()
	}
	// Not one key and its chain: a trust store, or several keys.
	if certs, terr := pkcs12.DecodeTrustStore(der, pw); terr == nil {
		for _, c := range certs {
			d.addCert(c, acceptedDefects(c))
		}
		return nil
	}
	// ToPEM is the one go-pkcs12 call that reads every bag whatever the
	// mix; its key encoding, the reason it is deprecated, does not matter
	// here because parseKey tries every form.
	//lint:ignore SA1019 the only reader of arbitrary bag mixes
	blocks, perr := pkcs12.ToPEM(der, pw)
	if perr == nil {
		for _, b := range blocks {
			switch b.Type {
			case "CERTIFICATE":
				c, notes, err := parseCertificate(b.Bytes)
				if err != nil {
					return libErr(ErrMalformed, err, "PKCS#12 holding an invalid certificate")
				}
				d.addCert(c, notes)
			default:
				d.addKey(readKey(b.Bytes))
			}
		}
		return nil
	}
	if wrongPassword(perr) {
		if !hasMAC(der) {
			return decodeErr(ErrMalformed, "PKCS#12 with no MAC whose contents are encrypted, which certkit cannot read")
		}
		return d.incorrectPassword()
	}
	return libErr(ErrMalformed, err, "PKCS#12 that could not be read%s", pkcs12Trouble(der, err, perr))
}

// pkcs12Trouble says, in certkit's words, why go-pkcs12 could not read a
// PKCS#12 file, when that can be told: ": its structure is damaged", ":
// it is encrypted with an algorithm certkit does not read"; else "".
func pkcs12Trouble(der []byte, errs ...error) string {
	for _, err := range errs {
		var ni pkcs12.NotImplementedError
		if errors.As(err, &ni) {
			return ": it is encrypted with an algorithm certkit does not read"
		}
	}
	if _, _, err := toDER(der, 0); err != nil {
		return ": its structure is damaged"
	}
	return ""
}

// hasMAC reports whether a PKCS#12 PFX carries macData, the password check
// that follows its authSafe. It answers true when der is not a PFX it can
// parse, so that the caller keeps the password it was given.
func hasMAC(der []byte) bool {
	s := cryptobyte.String(der)
	var pfx cryptobyte.String
	var version int64
	if !s.ReadASN1(&pfx, asn1.SEQUENCE) || !pfx.ReadASN1Integer(&version) || !pfx.SkipASN1(asn1.SEQUENCE) {
		return true
	}
	return !pfx.Empty()
}

func wrongPassword(err error) bool {
	return errors.Is(err, pkcs12.ErrIncorrectPassword) || errors.Is(err, pkcs12.ErrDecryption)
}

func (d *decoder) incorrectPassword() error {
	if d.opts.Password == "" {
		return decodeErr(ErrIncorrectPassword, "PKCS#12 protected by a password, and none was given")
	}
	return decodeErr(ErrIncorrectPassword, "PKCS#12 that the given password does not open")
}

// addKey counts a key, of kind kind, and keeps it with Options.KeepKeys:
// k is nil unless kind is one of the four kinds read.
func (d *decoder) addKey(k any, kind string) {
	d.res.KeyCount++
	d.res.KeyKinds = append(d.res.KeyKinds, kind)
	if d.opts.KeepKeys && k != nil {
		d.res.Keys = append(d.res.Keys, k)
	}
}

// maxPKCS12Iterations is the most key-derivation iterations, summed over
// its MAC and every encrypted part, that Decode accepts in a PKCS#12 file.
// OpenSSL and Windows use 2,048 or 2,000 per part and Java 10,000, a few
// parts per file; a file asking for billions would hang the caller.
const maxPKCS12Iterations = 500_000

// totalIterations sums the iteration counts in the PBE, PBKDF2 and MAC
// parameters of a PKCS#12 structure: an INTEGER that follows a salt (an
// OCTET STRING) in a SEQUENCE. It looks inside OCTET STRINGs that hold
// DER, where the bags are. The sum saturates instead of overflowing.
func totalIterations(der []byte, depth int) int64 {
	if depth > maxBERDepth {
		return 0
	}
	var total int64
	add := func(n int64) {
		if n > 0 {
			total = min(total+min(n, 1<<40), 1<<50)
		}
	}
	s := cryptobyte.String(der)
	prevOctets := false
	for !s.Empty() {
		var elem, body cryptobyte.String
		var tag asn1.Tag
		if !s.ReadAnyASN1Element(&elem, &tag) {
			return total
		}
		e := elem
		if !e.ReadAnyASN1(&body, &tag) {
			return total
		}
		switch {
		case tag == asn1.INTEGER && prevOctets:
			var n int64
			if !elem.ReadASN1Integer(&n) {
				n = 1 << 62 // too large for int64: certainly too many
			}
			add(n)
		case tag == asn1.OCTET_STRING, tag&0x20 != 0:
			add(totalIterations(body, depth+1))
		}
		prevOctets = tag == asn1.OCTET_STRING
	}
	return total
}
