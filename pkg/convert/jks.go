package convert

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"strings"

	"github.com/pavlo-v-chernykh/keystore-go/v4"
	"golang.org/x/crypto/cryptobyte"

	"github.com/voicepki/certkit/internal/input"
	"github.com/voicepki/certkit/pkg/finding"
)

// Java keystores are read with keystore-go, which reads JKS (magic
// 0xFEEDFEED) only: a JCEKS keystore (0xCECECECE), which keytool writes
// with -storetype JCEKS, is named and refused.

// The code of the finding Decode notes on a keystore (the package doc
// lists it).
const (
	// codeKeystoreKeyPassword: the finding on the first certificate of a
	// JKS key entry whose private key the password given does not open,
	// though it opens the keystore.
	codeKeystoreKeyPassword finding.Code = "keystore-key-password"
)

// The bounds Decode puts on a keystore, before keystore-go, which
// allocates whatever a length says, reads it.
const (
	maxKeystoreEntries = 100_000 // Java's cacerts holds about 150
	maxKeystoreChain   = 100     // certificates in one key entry's chain
)

// keystoreKind is the sentinel of a keystore that cannot be read: a
// kind of ErrJavaKeyStore and of another sentinel (ErrIncorrectPassword,
// ErrTruncated, ErrMalformed), so that errors.Is holds for both.
type keystoreKind struct{ other error }

func (k keystoreKind) Error() string   { return ErrJavaKeyStore.Error() + ": " + k.other.Error() }
func (k keystoreKind) Unwrap() []error { return []error{ErrJavaKeyStore, k.other} }

// keystore reads a Java keystore, what being "JKS" or "JCEKS" as
// javaKeyStore named it: the certificate of each trusted-certificate
// entry and the chain of each private-key entry, in file order. The
// password given (Options.Password) is the keystore's, and is tried for
// each key too: a key it does not open is counted as "encrypted", with a
// finding on its certificate.
func (d *decoder) keystore(data []byte, what string) error {
	if what != "JKS" {
		return decodeErr(ErrJavaKeyStore, "a Java keystore (%s), which certkit cannot read: keystore-go, the library it reads keystores with, reads JKS only", what)
	}
	aliases, err := keystoreLayout(data)
	if err != nil {
		return err
	}
	ks := keystore.New(keystore.WithCaseExactAliases())
	pw := []byte(d.opts.Password)
	if err := guard(func() error { return ks.Load(bytes.NewReader(data), pw) }); err != nil {
		if failedCheck(err) {
			if d.opts.Password == "" {
				return decodeErr(keystoreKind{ErrIncorrectPassword}, "a Java keystore (JKS) protected by a password, and none was given")
			}
			return decodeErr(keystoreKind{ErrIncorrectPassword}, "a Java keystore (JKS) that the given password does not open: its integrity check fails")
		}
		return libErr(keystoreKind{ErrMalformed}, err, "a Java keystore (JKS) that could not be read: its structure is damaged")
	}
	d.res.addEncoding(encJKS)
	before := len(d.res.Certificates) + d.res.Duplicates
	defer func() {
		if len(d.res.Certificates)+d.res.Duplicates == before {
			d.emptyContainers = append(d.emptyContainers, "a Java keystore (JKS)")
		}
	}()
	for _, alias := range aliases {
		switch {
		case ks.IsTrustedCertificateEntry(alias):
			e, err := ks.GetTrustedCertificateEntry(alias)
			if err != nil {
				return libErr(keystoreKind{ErrMalformed}, err, "a Java keystore (JKS) whose entry %q could not be read", alias)
			}
			if _, err := d.keystoreCert(alias, e.Certificate); err != nil {
				return err
			}
		case ks.IsPrivateKeyEntry(alias):
			chain, err := ks.GetPrivateKeyEntryCertificateChain(alias)
			if err != nil {
				return libErr(keystoreKind{ErrMalformed}, err, "a Java keystore (JKS) whose entry %q could not be read", alias)
			}
			var first *x509.Certificate
			for i, c := range chain {
				cert, err := d.keystoreCert(alias, c)
				if err != nil {
					return err
				}
				if i == 0 {
					first = cert
				}
			}
			d.keystoreKey(ks, alias, pw, first)
		}
	}
	return nil
}

// keystoreCert adds the certificate of keystore entry alias.
func (d *decoder) keystoreCert(alias string, kc keystore.Certificate) (*x509.Certificate, error) {
	if kc.Type != "X.509" && kc.Type != "X509" {
		return nil, decodeErr(keystoreKind{ErrMalformed}, "a Java keystore (JKS) whose entry %q holds a certificate of type %q, not X.509", alias, kc.Type)
	}
	c, notes, err := parseCertificate(kc.Content)
	if err != nil {
		return nil, libErr(keystoreKind{ErrMalformed}, err, "a Java keystore (JKS) whose entry %q holds an invalid certificate", alias)
	}
	d.addCert(c, notes)
	return c, nil
}

// keystoreKey counts the private key of entry alias, read with pw when
// it opens it. A key pw does not open is noted on cert, the first
// certificate of its chain (when it has one).
func (d *decoder) keystoreKey(ks keystore.KeyStore, alias string, pw []byte, cert *x509.Certificate) {
	var e keystore.PrivateKeyEntry
	err := guard(func() (err error) {
		e, err = ks.GetPrivateKeyEntry(alias, pw)
		return err
	})
	switch {
	case err == nil:
		d.addKey(readKey(e.PrivateKey))
	case failedCheck(err):
		d.addKey(nil, keyEncrypted)
		if cert != nil {
			d.res.Notes = append(d.res.Notes, finding.Finding{
				Code: codeKeystoreKeyPassword, Severity: finding.Warning, Certificate: cert,
				Message: fmt.Sprintf("the password given opens the keystore but not the private key of its entry %q, whose key password differs: the key is not read", alias),
			})
		}
	default:
		d.addKey(nil, keyUnknown)
	}
}

// failedCheck reports whether keystore-go's err is a failed password
// check (of the keystore's integrity or of a key), which it reports with
// a plain error "got invalid digest", not a sentinel.
func failedCheck(err error) bool {
	return strings.HasSuffix(err.Error(), "got invalid digest")
}

// guard runs f, turning a panic of the library it calls into an error:
// keystore-go slices a key shorter than its salt and digest without
// checking.
func guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("keystore-go: %v", r)
		}
	}()
	return f()
}

// keystoreLayout checks that every length a JKS keystore declares fits in
// data, before keystore-go, which allocates whatever a length says (up to
// 4 GiB, or 4 billion chain slots), reads it; and returns the aliases of
// its entries in file order, which keystore-go keeps in a map. It reads
// no content: keystore-go parses the keystore and checks its integrity.
func keystoreLayout(data []byte) ([]string, error) {
	s := cryptobyte.String(data)
	var magic, version, count uint32
	if !s.ReadUint32(&magic) || !s.ReadUint32(&version) || !s.ReadUint32(&count) {
		return nil, decodeErr(keystoreKind{ErrTruncated}, "a Java keystore (JKS) that ends within its header (%s)", input.Size(len(data)))
	}
	if count > maxKeystoreEntries {
		return nil, decodeErr(keystoreKind{ErrMalformed}, "a Java keystore (JKS) declaring %d entries (more than %d)", count, maxKeystoreEntries)
	}
	truncated := func(i uint32) error {
		return decodeErr(keystoreKind{ErrTruncated}, "a Java keystore (JKS) that ends within entry %d of the %d it declares (%s)", i+1, count, input.Size(len(data)))
	}
	cert := func() bool {
		var typ cryptobyte.String
		return (version == 1 || s.ReadUint16LengthPrefixed(&typ)) && readUint32Prefixed(&s)
	}
	aliases := make([]string, 0, min(count, 1024))
	seen := make(map[string]bool)
	for i := range count {
		var tag, n uint32
		var alias cryptobyte.String
		if !s.ReadUint32(&tag) || !s.ReadUint16LengthPrefixed(&alias) || !s.Skip(8) {
			return nil, truncated(i)
		}
		switch tag {
		case 1: // a private key and its chain
			if !readUint32Prefixed(&s) || !s.ReadUint32(&n) {
				return nil, truncated(i)
			}
			if n > maxKeystoreChain {
				return nil, decodeErr(keystoreKind{ErrMalformed}, "a Java keystore (JKS) whose entry %q declares a chain of %d certificates (more than %d)", string(alias), n, maxKeystoreChain)
			}
			for range n {
				if !cert() {
					return nil, truncated(i)
				}
			}
		case 2: // a trusted certificate
			if !cert() {
				return nil, truncated(i)
			}
		default:
			return nil, decodeErr(keystoreKind{ErrMalformed}, "a Java keystore (JKS) whose entry %d is of unknown type %d", i+1, tag)
		}
		if !seen[string(alias)] { // keystore-go keeps the last of a repeated alias
			seen[string(alias)] = true
			aliases = append(aliases, string(alias))
		}
	}
	if len(s) < 20 {
		return nil, decodeErr(keystoreKind{ErrTruncated}, "a Java keystore (JKS) that ends before its integrity check (%s)", input.Size(len(data)))
	}
	if len(s) > 20 {
		return nil, decodeErr(keystoreKind{ErrMalformed}, "a Java keystore (JKS) followed by %s of trailing data", input.Size(len(s)-20))
	}
	return aliases, nil
}

// readUint32Prefixed skips a 32-bit length and as many bytes.
func readUint32Prefixed(s *cryptobyte.String) bool {
	var n uint32
	return s.ReadUint32(&n) && s.Skip(int(n))
}
