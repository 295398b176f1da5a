package convert

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/voicepki/certkit/internal/testkit"
)

const jksPassword = "changeit" // the generator's keystore password

// keystoreKinds are the generated keystores of each kind: file
// extension, the name Decode gives the kind, and its encoding.
var keystoreKinds = []struct{ ext, what, enc string }{{"jks", "JKS", "jks"}, {"jceks", "JCEKS", "jceks"}}

// TestDecodeJKS reads the generated keystores (JKS and JCEKS) as keytool
// makes them: two trusted entries and a key entry whose chain repeats
// them, in file order, its key counted (and kept with KeepKeys), never
// printed.
func TestDecodeJKS(t *testing.T) {
	for _, kind := range keystoreKinds {
		t.Run(kind.what, func(t *testing.T) {
			data := readTestdata(t, "convert/keystore."+kind.ext)
			res, err := Decode(data, Options{Password: jksPassword, KeepKeys: true})
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"Example Keystore Issuing CA", "Example Keystore Root CA", "uccx1.example.com"}
			if diff := cmp.Diff(want, names(res.Certificates)); diff != "" {
				t.Errorf("certificates (-want +got):\n%s", diff)
			}
			if res.Duplicates != 2 || !cmp.Equal(res.Encodings, []string{kind.enc}) || len(res.Notes) != 0 {
				t.Errorf("duplicates %d, encodings %q, notes %v", res.Duplicates, res.Encodings, res.Notes)
			}
			if !cmp.Equal(res.KeyKinds, []string{"RSA"}) || len(res.Keys) != 1 {
				t.Fatalf("keys %q (%d kept); want one RSA key", res.KeyKinds, len(res.Keys))
			}
			k, ok := res.Keys[0].(*rsa.PrivateKey)
			if !ok || !k.PublicKey.Equal(res.Certificates[2].PublicKey) {
				t.Errorf("the key is not the leaf's: %T", res.Keys[0])
			}
			// The chain is the leaf's: the leaf, its issuer, the root.
			if len(res.Certificates) == 3 && (res.Certificates[2].CheckSignatureFrom(res.Certificates[0]) != nil || res.Certificates[0].CheckSignatureFrom(res.Certificates[1]) != nil) {
				t.Errorf("the chain does not verify")
			}
			// Without KeepKeys the key is only counted.
			res, err = Decode(data, Options{Password: jksPassword})
			if err != nil || res.KeyCount != 1 || len(res.Keys) != 0 {
				t.Errorf("without KeepKeys: %v, %d keys, %d kept", err, res.KeyCount, len(res.Keys))
			}
		})
	}
}

// TestDecodeJKSKeyPassword: the store's password opens the keystore but
// not its key, whose password differs: the chain is read, the key counted
// as encrypted, and a finding on the leaf says which password failed.
func TestDecodeJKSKeyPassword(t *testing.T) {
	for _, kind := range keystoreKinds {
		t.Run(kind.what, func(t *testing.T) {
			res, err := Decode(readTestdata(t, "convert/keystore-keypass."+kind.ext), Options{Password: jksPassword, KeepKeys: true})
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"Example Keystore Root CA", "uccx1.example.com", "Example Keystore Issuing CA"}
			if diff := cmp.Diff(want, names(res.Certificates)); diff != "" {
				t.Errorf("certificates (-want +got):\n%s", diff)
			}
			if !cmp.Equal(res.KeyKinds, []string{"encrypted"}) || len(res.Keys) != 0 {
				t.Errorf("keys %q (%d kept); want one encrypted, none kept", res.KeyKinds, len(res.Keys))
			}
			if len(res.Notes) != 1 || res.Notes[0].Code != codeKeystoreKeyPassword || res.Notes[0].Certificate != res.Certificates[1] {
				t.Fatalf("notes %v; want %s on the leaf", res.Notes, codeKeystoreKeyPassword)
			}
			if m := res.Notes[0].Message; m != `the password given opens the keystore but not the private key of its entry "tomcat", whose key password differs: the key is not read` {
				t.Errorf("note %q", m)
			}
			// The key's own password opens the key but not the keystore.
			if _, err := Decode(readTestdata(t, "convert/keystore-keypass."+kind.ext), Options{Password: "key-secret"}); !errors.Is(err, ErrIncorrectPassword) {
				t.Errorf("the key password: %v; want ErrIncorrectPassword", err)
			}
		})
	}
}

// TestDecodeJKSStorePassword: a keystore the password does not open is
// ErrIncorrectPassword and ErrJavaKeyStore, worded apart from none given.
func TestDecodeJKSStorePassword(t *testing.T) {
	for _, kind := range keystoreKinds {
		data := readTestdata(t, "convert/keystore."+kind.ext)
		for pw, want := range map[string]string{
			"":      "convert: a Java keystore (" + kind.what + ") protected by a password, and none was given",
			"wrong": "convert: a Java keystore (" + kind.what + ") that the given password does not open: its integrity check fails",
			"😀":     "convert: a Java keystore (" + kind.what + ") that the given password does not open: its integrity check fails",
		} {
			res, err := Decode(data, Options{Password: pw})
			if res != nil || !errors.Is(err, ErrIncorrectPassword) || !errors.Is(err, ErrJavaKeyStore) || err.Error() != want {
				t.Errorf("%s, password %q: %v; want %q", kind.what, pw, err, want)
			}
		}
	}
}

// TestDecodeJKSDamaged: every truncation of a keystore (JKS or JCEKS),
// and every byte changed, is an error naming a Java keystore (or, for a
// byte of its header, something else), never a panic.
func TestDecodeJKSDamaged(t *testing.T) {
	for _, kind := range keystoreKinds {
		data := readTestdata(t, "convert/keystore."+kind.ext)
		for n := 8; n < len(data); n++ {
			_, err := Decode(data[:n], Options{Password: jksPassword})
			if !errors.Is(err, ErrJavaKeyStore) || !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrMalformed) {
				t.Fatalf("%s truncated to %d bytes: %v", kind.what, n, err)
			}
		}
		for i := 12; i < len(data); i++ {
			bad := bytes.Clone(data)
			bad[i] ^= 0x55
			if _, err := Decode(bad, Options{Password: jksPassword}); !errors.Is(err, ErrJavaKeyStore) {
				t.Fatalf("%s byte %d changed: %v", kind.what, i, err)
			}
		}
		if _, err := Decode(append(bytes.Clone(data), 0), Options{Password: jksPassword}); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s trailing byte: %v", kind.what, err)
		}
	}
}

// jks builds a JKS keystore of entries (each a tag, an alias and its
// body) whose integrity check password opens, as keytool computes it.
func jks(password string, entries ...[]byte) []byte {
	return keystoreFile(0xfeedfeed, password, entries...)
}

// jceksFile is jks for a JCEKS keystore.
func jceksFile(password string, entries ...[]byte) []byte {
	return keystoreFile(0xcececece, password, entries...)
}

func keystoreFile(magic uint32, password string, entries ...[]byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, magic)
	b = binary.BigEndian.AppendUint32(b, 2)
	b = binary.BigEndian.AppendUint32(b, uint32(len(entries)))
	for _, e := range entries {
		b = append(b, e...)
	}
	h := sha1.New()
	for _, c := range password {
		h.Write([]byte{byte(c >> 8), byte(c)})
	}
	h.Write([]byte("Mighty Aphrodite"))
	h.Write(b)
	return h.Sum(b)
}

// jksEntry is an entry of tag (1 a key, 2 a trusted certificate) under
// alias "a", created at time 0, followed by body.
func jksEntry(tag uint32, body []byte) []byte {
	return jksEntryAlias(tag, "a", body)
}

// jksEntryAlias is jksEntry under another alias.
func jksEntryAlias(tag uint32, alias string, body []byte) []byte {
	e := binary.BigEndian.AppendUint32(nil, tag)
	e = binary.BigEndian.AppendUint16(e, uint16(len(alias)))
	e = append(e, alias...)
	e = append(e, make([]byte, 8)...)
	return append(e, body...)
}

// TestDecodeJKSHostile: lengths that keystore-go would allocate as they
// say (a 4 GiB certificate, 4 billion chain slots or entries) are refused
// before it reads them, and a key it would slice out of range is counted,
// not a panic.
func TestDecodeJKSHostile(t *testing.T) {
	u32 := func(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
	for name, tc := range map[string]struct {
		data []byte
		kind error
	}{
		"4 GiB certificate": {jks("x", jksEntry(2, append([]byte{0, 5, 'X', '.', '5', '0', '9'}, u32(0xffffffff)...))), ErrTruncated},
		"4 GiB key":         {jks("x", jksEntry(1, u32(0xffffffff))), ErrTruncated},
		"huge chain":        {jks("x", jksEntry(1, append(u32(0), u32(0xffffffff)...))), ErrMalformed},
		"huge count":        {append([]byte("\xfe\xed\xfe\xed\x00\x00\x00\x02\xff\xff\xff\xff"), make([]byte, 20)...), ErrMalformed},
		"unknown tag":       {jks("x", jksEntry(3, nil)), ErrMalformed},
		"not X.509":         {jks("x", jksEntry(2, append([]byte{0, 3, 'P', 'G', 'P'}, u32(0)...))), ErrMalformed},
		"empty certificate": {jks("x", jksEntry(2, append([]byte{0, 5, 'X', '.', '5', '0', '9'}, u32(0)...))), ErrMalformed},
	} {
		_, err := Decode(tc.data, Options{Password: "x"})
		if !errors.Is(err, ErrJavaKeyStore) || !errors.Is(err, tc.kind) {
			t.Errorf("%s: %v; want %v", name, err, tc.kind)
		}
	}
	// A key entry, no chain, whose protected key (Sun's JKS algorithm)
	// holds 10 bytes, fewer than its salt and check: keystore-go slices
	// it with a negative length.
	key := []byte{0x30, 0x1c, 0x30, 0x0e, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x2a, 0x02, 0x11, 0x01, 0x01, 0x05, 0x00,
		0x04, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	body := append(u32(uint32(len(key))), key...)
	body = append(body, u32(0)...)
	res, err := Decode(jks("x", jksEntry(1, body)), Options{Password: "x"})
	if !errors.Is(err, ErrNoCertificates) || res == nil || !cmp.Equal(res.KeyKinds, []string{"unknown"}) {
		t.Errorf("short key: %v, %+v", err, res)
	}
	if want := "convert: a Java keystore (JKS) holding a private key but no certificates"; err.Error() != want {
		t.Errorf("short key: %q; want %q", err, want)
	}
	if _, err := Decode(jks("x"), Options{Password: "x"}); err == nil || err.Error() != "convert: a Java keystore (JKS) holding no certificates" {
		t.Errorf("empty keystore: %v", err)
	}
}

// FuzzDecodeJKS fuzzes the keystore path alone (FuzzDecode's many seeds
// leave it few runs): Decode never panics, and what starts as a JKS or
// JCEKS keystore is read, holds no certificate, or is an ErrJavaKeyStore.
func FuzzDecodeJKS(f *testing.F) {
	addSeeds(f, "convert/*.jks", "convert/*.jceks")
	f.Add(jks(jksPassword))
	f.Add(jceksFile(jksPassword))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, pw := range []string{jksPassword, ""} {
			res, err := Decode(data, Options{Password: pw, KeepKeys: true})
			if javaKeyStore(data) == "" || err == nil {
				continue
			}
			if !errors.Is(err, ErrJavaKeyStore) && !errors.Is(err, ErrNoCertificates) {
				t.Fatalf("a %s keystore: %v", javaKeyStore(data), err)
			}
			if errors.Is(err, ErrNoCertificates) != (res != nil) {
				t.Fatalf("result %v with error %v", res, err)
			}
		}
	})
}

// jceksKey is a JCEKS key entry's body: a protected key under
// PBEWithMD5AndTripleDES asking for iterations, and a chain of certs
// (each of type typ).
func jceksKey(t *testing.T, iterations int, typ string, certs ...[]byte) []byte {
	t.Helper()
	params, err := asn1.Marshal(struct {
		Salt       []byte
		Iterations int
	}{[]byte("12345678"), iterations})
	if err != nil {
		t.Fatal(err)
	}
	key, err := asn1.Marshal(struct {
		Algo         pkix.AlgorithmIdentifier
		EncryptedKey []byte
	}{pkix.AlgorithmIdentifier{Algorithm: oidPBEWithMD5AndTripleDES, Parameters: asn1.RawValue{FullBytes: params}}, make([]byte, 16)})
	if err != nil {
		t.Fatal(err)
	}
	body := binary.BigEndian.AppendUint32(nil, uint32(len(key)))
	body = append(body, key...)
	body = binary.BigEndian.AppendUint32(body, uint32(len(certs)))
	for _, c := range certs {
		body = binary.BigEndian.AppendUint16(body, uint16(len(typ)))
		body = append(body, typ...)
		body = binary.BigEndian.AppendUint32(body, uint32(len(c)))
		body = append(body, c...)
	}
	return body
}

// TestDecodeJCEKSHostile: what certigo's jceks would misread or take too
// long over is refused before it reads it: keys asking for billions of
// key-derivation iterations (one key, or several in all), a certificate
// crypto/x509 refuses in a key's chain (after which the library reads
// on out of step), lengths beyond the input; and a secret-key entry,
// which it does not read, is named.
func TestDecodeJCEKSHostile(t *testing.T) {
	leaf := readTestdata(t, "convert/leaf.der")
	u32 := func(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
	for name, tc := range map[string]struct {
		data []byte
		kind error
		want string
	}{
		"2^31 iterations": {jceksFile("x", jksEntry(1, jceksKey(t, 1<<31-1, "X.509", leaf))), ErrMalformed,
			"convert: a Java keystore (JCEKS) whose keys ask for more than 5000000 key-derivation iterations in all"},
		"3,000,000 iterations twice": {jceksFile("x", jksEntry(1, jceksKey(t, 3_000_000, "X.509", leaf)), jksEntryAlias(1, "b", jceksKey(t, 3_000_000, "X.509", leaf))), ErrMalformed,
			"convert: a Java keystore (JCEKS) whose keys ask for more than 5000000 key-derivation iterations in all"},
		"certificate x509 refuses": {jceksFile("x", jksEntry(1, jceksKey(t, 20, "X.509", []byte{0x30, 0x03, 0x02, 0x01, 0x01}))), ErrMalformed,
			`convert: a Java keystore (JCEKS) whose entry "a" holds a certificate Go's crypto/x509 refuses, which the library certkit reads JCEKS with cannot read past`},
		"not X.509": {jceksFile("x", jksEntry(1, jceksKey(t, 20, "X509", leaf))), ErrMalformed,
			`convert: a Java keystore (JCEKS) whose entry "a" holds a certificate of type "X509", not X.509`},
		"4 GiB certificate": {jceksFile("x", jksEntry(2, append([]byte{0, 5, 'X', '.', '5', '0', '9'}, u32(0xffffffff)...))), ErrTruncated,
			"convert: a Java keystore (JCEKS) that ends within entry 1 of the 1 it declares (58 bytes)"},
		"huge chain": {jceksFile("x", jksEntry(1, append(u32(0), u32(0x80000000)...))), ErrMalformed,
			`convert: a Java keystore (JCEKS) whose entry "a" declares a chain of 2147483648 certificates (more than 100)`},
		"secret key": {jceksFile("x", jksEntry(3, []byte("\xac\xed\x00\x05"))), ErrJavaKeyStore,
			`convert: a Java keystore (JCEKS) whose entry "a" holds a secret key, which certkit cannot read: the library it reads JCEKS with reads only certificates and private keys`},
	} {
		_, err := Decode(tc.data, Options{Password: "x"})
		if !errors.Is(err, ErrJavaKeyStore) || !errors.Is(err, tc.kind) || err.Error() != tc.want {
			t.Errorf("%s: %v; want %q (%v)", name, err, tc.want, tc.kind)
		}
	}
	// A key under 20 iterations (as certigo's keytool wrote them) whose
	// content does not decrypt: the chain is read, the key counted as
	// encrypted, with the finding.
	res, err := Decode(jceksFile("x", jksEntry(1, jceksKey(t, 20, "X.509", leaf))), Options{Password: "x"})
	if err != nil || len(res.Certificates) != 1 || !cmp.Equal(res.KeyKinds, []string{"encrypted"}) || len(res.Notes) != 1 || res.Notes[0].Code != codeKeystoreKeyPassword {
		t.Errorf("undecryptable key: %v, %+v", err, res)
	}
}

// TestDecodeKeystoreCertigo reads certigo's public keystores (made by
// keytool, password "password"), when the public test data is there
// (testkit.PeerDir): each holds the key entry of certigo's certificate of
// the same name, the certificate its .crt neighbour holds, and an RSA key.
func TestDecodeKeystoreCertigo(t *testing.T) {
	dir := testkit.PeerDir(t, "formats", "certigo")
	var files []string
	for _, g := range []string{"*.jceks", "*.jks"} {
		m, err := filepath.Glob(filepath.Join(dir, g))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatalf("no certigo keystores in %s", dir)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Decode(data, Options{Password: "password", KeepKeys: true})
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		crt, err := os.ReadFile(strings.TrimSuffix(f, filepath.Ext(f)) + ".crt")
		if err != nil {
			t.Fatal(err)
		}
		want, err := Decode(crt, Options{})
		if err != nil || len(want.Certificates) != 1 {
			t.Fatalf("%s.crt: %v", f, err)
		}
		enc := strings.TrimPrefix(filepath.Ext(f), ".")
		if len(res.Certificates) != 1 || !bytes.Equal(res.Certificates[0].Raw, want.Certificates[0].Raw) || !cmp.Equal(res.Encodings, []string{enc}) {
			t.Errorf("%s: certificates %q, encodings %q; want the one of its .crt, %q", filepath.Base(f), names(res.Certificates), res.Encodings, want.Certificates[0].Subject)
			continue
		}
		if !cmp.Equal(res.KeyKinds, []string{"RSA"}) || len(res.Keys) != 1 || !res.Keys[0].(*rsa.PrivateKey).PublicKey.Equal(res.Certificates[0].PublicKey) {
			t.Errorf("%s: keys %q; want the certificate's RSA key", filepath.Base(f), res.KeyKinds)
		}
		// A wrong password is refused, naming the kind.
		if _, err := Decode(data, Options{Password: "wrong"}); !errors.Is(err, ErrIncorrectPassword) || !strings.Contains(err.Error(), "("+strings.ToUpper(enc)+")") {
			t.Errorf("%s, wrong password: %v", filepath.Base(f), err)
		}
	}
}
