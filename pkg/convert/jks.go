package convert

import (
	"bytes"
	"crypto/sha1"
	"crypto/subtle"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"strings"

	"github.com/pavlo-v-chernykh/keystore-go/v4"
	"github.com/square/certigo/jceks"
	"golang.org/x/crypto/cryptobyte"

	"github.com/voicepki/certkit/internal/input"
	"github.com/voicepki/certkit/pkg/finding"
)

// Java keystores are read with a library for each kind: JKS (magic
// 0xFEEDFEED) with keystore-go, JCEKS (0xCECECECE, keytool's -storetype
// JCEKS) with certigo's jceks. Both go one way: keystoreLayout checks
// every length against the input and lists the entries in file order;
// the library parses the keystore and checks its integrity with the
// password (javaStore.load); then each entry's certificates are added,
// and each key is tried with the same password (javaStore.key).

// The code of the finding Decode notes on a keystore (the package doc
// lists it).
const (
	// codeKeystoreKeyPassword: the finding on the first certificate of a
	// JKS or JCEKS key entry whose private key the password given does
	// not open, though it opens the keystore.
	codeKeystoreKeyPassword finding.Code = "keystore-key-password"
)

// The bounds Decode puts on a keystore, before the library, which
// allocates what a length says (keystore-go up to 4 GiB, or 4 billion
// chain slots) or derives a key for as many iterations as a JCEKS key
// asks, reads it.
const (
	maxKeystoreEntries = 100_000 // Java's cacerts holds about 150
	maxKeystoreChain   = 100     // certificates in one key entry's chain
	// maxJCEKSIterations bounds the key-derivation iterations of a JCEKS
	// keystore's keys, in all: Java's own limit for one key (KeyProtector's
	// MAX_ITERATION_COUNT). keytool asks 200,000 a key by default.
	maxJCEKSIterations = 5_000_000
)

// keystoreKind is the sentinel of a keystore that cannot be read: a
// kind of ErrJavaKeyStore and of another sentinel (ErrIncorrectPassword,
// ErrTruncated, ErrMalformed), so that errors.Is holds for both.
type keystoreKind struct{ other error }

func (k keystoreKind) Error() string   { return ErrJavaKeyStore.Error() + ": " + k.other.Error() }
func (k keystoreKind) Unwrap() []error { return []error{ErrJavaKeyStore, k.other} }

// errWrongPassword marks a library's error as a failed password check,
// of the keystore's integrity or of a key.
var errWrongPassword = errors.New("the password check failed")

// keystoreEntry is an entry of a keystore, as keystoreLayout finds it.
type keystoreEntry struct {
	alias string
	isKey bool           // a private key and its chain, else a trusted certificate
	key   []byte         // a key entry's protected key
	certs []keystoreCert // the trusted certificate, or the key's chain
}

// keystoreCert is a certificate in a keystore: its type ("X.509") and
// content, and the certificate crypto/x509 parsed, when it was parsed
// already.
type keystoreCert struct {
	typ    string
	der    []byte
	parsed *x509.Certificate
}

// javaStore is the library that reads one kind of keystore.
type javaStore interface {
	// load parses data and checks its integrity with pw: an error
	// wrapping errWrongPassword is a failed check, a *DecodeError says
	// itself what is wrong.
	load(data, pw []byte) error
	// certs returns the certificates of e: its trusted certificate, or
	// its key's chain.
	certs(e *keystoreEntry) ([]keystoreCert, error)
	// key reads the private key of e with pw, as readKey does: an error
	// wrapping errWrongPassword when pw does not open it.
	key(e *keystoreEntry, pw []byte) (any, string, error)
}

// keystore reads a Java keystore, what being "JKS" or "JCEKS" as
// javaKeyStore named it: the certificate of each trusted-certificate
// entry and the chain of each private-key entry, in file order. The
// password given (Options.Password) is the keystore's, and is tried for
// each key too: a key it does not open is counted as "encrypted", with a
// finding on its certificate.
func (d *decoder) keystore(data []byte, what string) error {
	entries, err := keystoreLayout(data, what)
	if err != nil {
		return err
	}
	var store javaStore = &jksStore{}
	enc := encJKS
	if what == "JCEKS" {
		store, enc = &jceksStore{entries: entries}, encJCEKS
	}
	pw := []byte(d.opts.Password)
	if err := guard(func() error { return store.load(data, pw) }); err != nil {
		var de *DecodeError
		switch {
		case errors.As(err, &de):
			return err
		case errors.Is(err, errWrongPassword) && d.opts.Password == "":
			return decodeErr(keystoreKind{ErrIncorrectPassword}, "a Java keystore (%s) protected by a password, and none was given", what)
		case errors.Is(err, errWrongPassword):
			return decodeErr(keystoreKind{ErrIncorrectPassword}, "a Java keystore (%s) that the given password does not open: its integrity check fails", what)
		}
		return libErr(keystoreKind{ErrMalformed}, err, "a Java keystore (%s) that could not be read: its structure is damaged", what)
	}
	d.res.addEncoding(enc)
	before := len(d.res.Certificates) + d.res.Duplicates
	defer func() {
		if len(d.res.Certificates)+d.res.Duplicates == before {
			d.emptyContainers = append(d.emptyContainers, "a Java keystore ("+what+")")
		}
	}()
	for _, e := range entries {
		certs, err := store.certs(e)
		if err != nil {
			return libErr(keystoreKind{ErrMalformed}, err, "a Java keystore (%s) whose entry %q could not be read", what, e.alias)
		}
		var first *x509.Certificate
		for i, kc := range certs {
			cert, err := d.keystoreCert(what, e.alias, kc)
			if err != nil {
				return err
			}
			if i == 0 {
				first = cert
			}
		}
		if e.isKey {
			d.keystoreKey(store, e, pw, first)
		}
	}
	return nil
}

// keystoreCert adds the certificate of keystore entry alias.
func (d *decoder) keystoreCert(what, alias string, kc keystoreCert) (*x509.Certificate, error) {
	if kc.typ != "X.509" && kc.typ != "X509" {
		return nil, decodeErr(keystoreKind{ErrMalformed}, "a Java keystore (%s) whose entry %q holds a certificate of type %q, not X.509", what, alias, kc.typ)
	}
	if kc.parsed != nil { // as parseCertificate finds it
		d.addCert(kc.parsed, acceptedDefects(kc.parsed))
		return kc.parsed, nil
	}
	c, notes, err := parseCertificate(kc.der)
	if err != nil {
		return nil, libErr(keystoreKind{ErrMalformed}, err, "a Java keystore (%s) whose entry %q holds an invalid certificate", what, alias)
	}
	d.addCert(c, notes)
	return c, nil
}

// keystoreKey counts the private key of entry e, read with pw when it
// opens it. A key pw does not open is noted on cert, the first
// certificate of its chain (when it has one).
func (d *decoder) keystoreKey(store javaStore, e *keystoreEntry, pw []byte, cert *x509.Certificate) {
	var key any
	var kind string
	err := guard(func() (err error) {
		key, kind, err = store.key(e, pw)
		return err
	})
	switch {
	case err == nil:
		d.addKey(key, kind)
	case errors.Is(err, errWrongPassword):
		d.addKey(nil, keyEncrypted)
		if cert != nil {
			d.res.Notes = append(d.res.Notes, finding.Finding{
				Code: codeKeystoreKeyPassword, Severity: finding.Warning, Certificate: cert,
				Message: fmt.Sprintf("the password given opens the keystore but not the private key of its entry %q, whose key password differs: the key is not read", e.alias),
			})
		}
	default:
		d.addKey(nil, keyUnknown)
	}
}

// guard runs f, turning a panic of the library it calls into an error:
// keystore-go slices a key shorter than its salt and digest without
// checking.
func guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("keystore library: %v", r)
		}
	}()
	return f()
}

// jksStore reads JKS with keystore-go.
type jksStore struct{ ks keystore.KeyStore }

func (s *jksStore) load(data, pw []byte) error {
	s.ks = keystore.New(keystore.WithCaseExactAliases())
	err := s.ks.Load(bytes.NewReader(data), pw)
	if err != nil && failedCheck(err) {
		return fmt.Errorf("%w: %w", errWrongPassword, err)
	}
	return err
}

func (s *jksStore) certs(e *keystoreEntry) ([]keystoreCert, error) {
	if !e.isKey {
		te, err := s.ks.GetTrustedCertificateEntry(e.alias)
		if err != nil {
			return nil, err
		}
		return []keystoreCert{{typ: te.Certificate.Type, der: te.Certificate.Content}}, nil
	}
	chain, err := s.ks.GetPrivateKeyEntryCertificateChain(e.alias)
	if err != nil {
		return nil, err
	}
	certs := make([]keystoreCert, len(chain))
	for i, c := range chain {
		certs[i] = keystoreCert{typ: c.Type, der: c.Content}
	}
	return certs, nil
}

func (s *jksStore) key(e *keystoreEntry, pw []byte) (any, string, error) {
	pe, err := s.ks.GetPrivateKeyEntry(e.alias, pw)
	if err != nil {
		if failedCheck(err) {
			err = fmt.Errorf("%w: %w", errWrongPassword, err)
		}
		return nil, "", err
	}
	key, kind := readKey(pe.PrivateKey)
	return key, kind, nil
}

// failedCheck reports whether keystore-go's err is a failed password
// check (of the keystore's integrity or of a key), which it reports with
// a plain error "got invalid digest", not a sentinel.
func failedCheck(err error) bool {
	return strings.HasSuffix(err.Error(), "got invalid digest")
}

// jceksStore reads JCEKS with certigo's jceks. That library hands out a
// key entry's chain only with its key, decrypted: so the certificates
// are taken where keystoreLayout found them, in the keystore the library
// has parsed (each certificate with crypto/x509) and checked the
// integrity of; the library reads the keys.
type jceksStore struct {
	entries []*keystoreEntry
	ks      jceks.KeyStore
}

func (s *jceksStore) load(data, pw []byte) error {
	if !jceksSealed(data, string(pw)) {
		return errWrongPassword
	}
	if err := s.check(); err != nil {
		return err
	}
	n := uint(len(data))
	err := s.ks.ParseWithOptions(bytes.NewReader(data), pw, jceks.WithMaxCertificateBytes(n), jceks.WithMaxPrivateKeyBytes(n))
	if errors.Is(err, jceks.ErrIntegrityProtectionViolation) || errors.Is(err, jceks.ErrInvalidPassword) {
		return fmt.Errorf("%w: %w", errWrongPassword, err)
	}
	return err
}

// jceksSealed reports whether the integrity check of a JCEKS keystore,
// its last 20 bytes, holds for pw: the SHA-1 of pw's UTF-16 code units,
// "Mighty Aphrodite" and the rest, as the library computes it. It is
// checked first, as keystore-go checks a JKS keystore's, because the
// library parses every certificate before it checks (and a wrong
// password would cost as much as a right one); the library checks it
// again. A password JCEKS cannot hold (empty, or beyond UTF-16's basic
// plane) cannot be the keystore's.
func jceksSealed(data []byte, pw string) bool {
	if pw == "" || len(data) < 20 {
		return false
	}
	h := sha1.New()
	for _, r := range pw {
		if r > 0xffff {
			return false
		}
		h.Write([]byte{byte(r >> 8), byte(r)})
	}
	h.Write([]byte("Mighty Aphrodite"))
	h.Write(data[:len(data)-20])
	return subtle.ConstantTimeCompare(h.Sum(nil), data[len(data)-20:]) == 1
}

// check refuses what the jceks library would misread or take too long
// over: a certificate crypto/x509 refuses (in a key entry's chain the
// library skips the rest of the entry without saying so, and reads on
// out of step), one of another type than "X.509", and keys asking for
// more than maxJCEKSIterations key-derivation iterations in all. The
// certificates it parses are kept for keystoreCert.
func (s *jceksStore) check() error {
	var iterations int64
	for _, e := range s.entries {
		for i, c := range e.certs {
			if c.typ != "X.509" {
				return decodeErr(keystoreKind{ErrMalformed}, "a Java keystore (JCEKS) whose entry %q holds a certificate of type %q, not X.509", e.alias, c.typ)
			}
			parsed, err := x509.ParseCertificate(c.der)
			if err != nil {
				return libErr(keystoreKind{ErrMalformed}, err, "a Java keystore (JCEKS) whose entry %q holds a certificate Go's crypto/x509 refuses, which the library certkit reads JCEKS with cannot read past", e.alias)
			}
			e.certs[i].parsed = parsed
		}
		if e.isKey {
			iterations += min(jceksKeyIterations(e.key), maxJCEKSIterations+1)
			if iterations > maxJCEKSIterations {
				return decodeErr(keystoreKind{ErrMalformed}, "a Java keystore (JCEKS) whose keys ask for more than %d key-derivation iterations in all", maxJCEKSIterations)
			}
		}
	}
	return nil
}

// jceksKeyIterations is the iteration count the jceks library derives
// the key of a protected key with: the PBE parameters, read as it reads
// them; 0 when it would not derive one.
func jceksKeyIterations(protected []byte) int64 {
	var info struct {
		Algo         pkix.AlgorithmIdentifier
		EncryptedKey []byte
	}
	var params struct {
		Salt       []byte
		Iterations int
	}
	if _, err := asn1.Unmarshal(protected, &info); err != nil || !info.Algo.Algorithm.Equal(oidPBEWithMD5AndTripleDES) {
		return 0
	}
	if _, err := asn1.Unmarshal(info.Algo.Parameters.FullBytes, &params); err != nil {
		return 0
	}
	return max(int64(params.Iterations), 0)
}

// oidPBEWithMD5AndTripleDES is Sun's PBEWithMD5AndTripleDES, with which
// Java protects a JCEKS keystore's keys.
var oidPBEWithMD5AndTripleDES = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 42, 2, 19, 1}

func (s *jceksStore) certs(e *keystoreEntry) ([]keystoreCert, error) {
	return e.certs, nil
}

func (s *jceksStore) key(e *keystoreEntry, pw []byte) (any, string, error) {
	key, _, err := s.ks.GetPrivateKeyAndCerts(e.alias, pw)
	switch {
	case errors.Is(err, jceks.ErrDecryptionFailed):
		return nil, "", fmt.Errorf("%w: %w", errWrongPassword, err)
	case err != nil:
		return nil, "", err
	case key == nil: // an alias the library decoded otherwise (modified UTF-8)
		return nil, keyUnknown, nil
	}
	k, kind := kindOf(key)
	return k, kind, nil
}

// keystoreLayout checks that every length a keystore declares fits in
// data, before the library, which allocates whatever a length says,
// reads it; and returns its entries in file order, each alias once with
// what its last entry holds (as both libraries keep them). It reads no
// content: the library parses the keystore and checks its integrity.
func keystoreLayout(data []byte, what string) ([]*keystoreEntry, error) {
	s := cryptobyte.String(data)
	var magic, version, count uint32
	if !s.ReadUint32(&magic) || !s.ReadUint32(&version) || !s.ReadUint32(&count) {
		return nil, decodeErr(keystoreKind{ErrTruncated}, "a Java keystore (%s) that ends within its header (%s)", what, input.Size(len(data)))
	}
	if what == "JCEKS" && version != 2 {
		return nil, decodeErr(ErrJavaKeyStore, "a Java keystore (JCEKS) of version %d, which certkit cannot read: the library it reads JCEKS with reads version 2 only", version)
	}
	if count > maxKeystoreEntries {
		return nil, decodeErr(keystoreKind{ErrMalformed}, "a Java keystore (%s) declaring %d entries (more than %d)", what, count, maxKeystoreEntries)
	}
	truncated := func(i uint32) error {
		return decodeErr(keystoreKind{ErrTruncated}, "a Java keystore (%s) that ends within entry %d of the %d it declares (%s)", what, i+1, count, input.Size(len(data)))
	}
	cert := func(e *keystoreEntry) bool {
		var typ, der cryptobyte.String
		if version != 1 && !s.ReadUint16LengthPrefixed(&typ) || !readUint32Prefixed(&s, &der) {
			return false
		}
		e.certs = append(e.certs, keystoreCert{typ: string(typ), der: der})
		return true
	}
	entries := make([]*keystoreEntry, 0, min(count, 1024))
	index := make(map[string]int)
	for i := range count {
		var tag, n uint32
		var alias, key cryptobyte.String
		if !s.ReadUint32(&tag) || !s.ReadUint16LengthPrefixed(&alias) || !s.Skip(8) {
			return nil, truncated(i)
		}
		e := &keystoreEntry{alias: string(alias)}
		switch tag {
		case 1: // a private key and its chain
			if !readUint32Prefixed(&s, &key) || !s.ReadUint32(&n) {
				return nil, truncated(i)
			}
			if n > maxKeystoreChain {
				return nil, decodeErr(keystoreKind{ErrMalformed}, "a Java keystore (%s) whose entry %q declares a chain of %d certificates (more than %d)", what, e.alias, n, maxKeystoreChain)
			}
			e.isKey, e.key = true, key
			for range n {
				if !cert(e) {
					return nil, truncated(i)
				}
			}
		case 2: // a trusted certificate
			if !cert(e) {
				return nil, truncated(i)
			}
		case 3:
			if what == "JCEKS" { // a sealed Java object, of no declared length
				return nil, decodeErr(ErrJavaKeyStore, "a Java keystore (JCEKS) whose entry %q holds a secret key, which certkit cannot read: the library it reads JCEKS with reads only certificates and private keys", e.alias)
			}
			fallthrough
		default:
			return nil, decodeErr(keystoreKind{ErrMalformed}, "a Java keystore (%s) whose entry %d is of unknown type %d", what, i+1, tag)
		}
		if j, ok := index[e.alias]; ok { // the last of a repeated alias counts
			entries[j] = e
		} else {
			index[e.alias] = len(entries)
			entries = append(entries, e)
		}
	}
	if len(s) < 20 {
		return nil, decodeErr(keystoreKind{ErrTruncated}, "a Java keystore (%s) that ends before its integrity check (%s)", what, input.Size(len(data)))
	}
	if len(s) > 20 {
		return nil, decodeErr(keystoreKind{ErrMalformed}, "a Java keystore (%s) followed by %s of trailing data", what, input.Size(len(s)-20))
	}
	return entries, nil
}

// readUint32Prefixed reads a 32-bit length and as many bytes into out.
func readUint32Prefixed(s *cryptobyte.String, out *cryptobyte.String) bool {
	var n uint32
	return s.ReadUint32(&n) && s.ReadBytes((*[]byte)(out), int(n))
}
