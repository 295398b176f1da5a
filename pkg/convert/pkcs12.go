package convert

import (
	"crypto/x509"
	"errors"

	"software.sslmate.com/src/go-pkcs12"
)

// pkcs12 reads a .pfx/.p12: OpenSSL 3's AES-256/PBKDF2 and the legacy
// RC2/3DES forms.
func (d *decoder) pkcs12(der []byte) error {
	d.res.addEncoding(EncodingPKCS12)
	pw := d.opts.Password
	key, cert, cas, err := pkcs12.DecodeChain(der, pw)
	if err == nil {
		d.addKey(key)
		d.addCert(cert)
		for _, c := range cas {
			d.addCert(c)
		}
		return nil
	}
	if wrongPassword(err) {
		return d.incorrectPassword()
	}
	// Not one key and its chain: a trust store, or several keys.
	if certs, terr := pkcs12.DecodeTrustStore(der, pw); terr == nil {
		for _, c := range certs {
			d.addCert(c)
		}
		return nil
	}
	blocks, perr := pkcs12.ToPEM(der, pw)
	if perr == nil {
		for _, b := range blocks {
			switch b.Type {
			case "CERTIFICATE":
				c, err := x509.ParseCertificate(b.Bytes)
				if err != nil {
					return decodeErr(ErrMalformed, "PKCS#12 holding an invalid certificate: %v", err)
				}
				d.addCert(c)
			default:
				d.addKey(parseKey(b.Bytes))
			}
		}
		return nil
	}
	if wrongPassword(perr) {
		return d.incorrectPassword()
	}
	return decodeErr(ErrMalformed, "PKCS#12 that could not be read: %v", err)
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

// addKey counts a key and keeps it with Options.KeepKeys.
func (d *decoder) addKey(k any) {
	d.res.KeyCount++
	if d.opts.KeepKeys && k != nil {
		d.res.Keys = append(d.res.Keys, k)
	}
}
