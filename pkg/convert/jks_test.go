package convert

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const jksPassword = "changeit" // the generator's keystore password

// TestDecodeJKS reads the generated keystore as keytool makes it: two
// trusted entries and a key entry whose chain repeats them, in file order,
// its key counted (and kept with KeepKeys), never printed.
func TestDecodeJKS(t *testing.T) {
	data := readTestdata(t, "convert/keystore.jks")
	res, err := Decode(data, Options{Password: jksPassword, KeepKeys: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Example Keystore Issuing CA", "Example Keystore Root CA", "uccx1.example.com"}
	if diff := cmp.Diff(want, names(res.Certificates)); diff != "" {
		t.Errorf("certificates (-want +got):\n%s", diff)
	}
	if res.Duplicates != 2 || !cmp.Equal(res.Encodings, []string{"jks"}) || len(res.Notes) != 0 {
		t.Errorf("duplicates %d, encodings %q, notes %v", res.Duplicates, res.Encodings, res.Notes)
	}
	if !cmp.Equal(res.KeyKinds, []string{"RSA"}) || len(res.Keys) != 1 {
		t.Fatalf("keys %q (%d kept); want one RSA key", res.KeyKinds, len(res.Keys))
	}
	k, ok := res.Keys[0].(*rsa.PrivateKey)
	if !ok || !k.PublicKey.Equal(res.Certificates[2].PublicKey) {
		t.Errorf("the key is not the leaf's: %T", res.Keys[0])
	}
	// Without KeepKeys the key is only counted.
	res, err = Decode(data, Options{Password: jksPassword})
	if err != nil || res.KeyCount != 1 || len(res.Keys) != 0 {
		t.Errorf("without KeepKeys: %v, %d keys, %d kept", err, res.KeyCount, len(res.Keys))
	}
}

// TestDecodeJKSKeyPassword: the store's password opens the keystore but
// not its key, whose password differs: the chain is read, the key counted
// as encrypted, and a finding on the leaf says which password failed.
func TestDecodeJKSKeyPassword(t *testing.T) {
	res, err := Decode(readTestdata(t, "convert/keystore-keypass.jks"), Options{Password: jksPassword, KeepKeys: true})
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
}

// TestDecodeJKSStorePassword: a keystore the password does not open is
// ErrIncorrectPassword and ErrJavaKeyStore, worded apart from none given.
func TestDecodeJKSStorePassword(t *testing.T) {
	data := readTestdata(t, "convert/keystore.jks")
	for pw, want := range map[string]string{
		"":      "convert: a Java keystore (JKS) protected by a password, and none was given",
		"wrong": "convert: a Java keystore (JKS) that the given password does not open: its integrity check fails",
	} {
		res, err := Decode(data, Options{Password: pw})
		if res != nil || !errors.Is(err, ErrIncorrectPassword) || !errors.Is(err, ErrJavaKeyStore) || err.Error() != want {
			t.Errorf("password %q: %v; want %q", pw, err, want)
		}
	}
}

// TestDecodeJKSDamaged: every truncation of a keystore, and every byte
// changed, is an error naming a JKS keystore (or, for a byte of its
// header, something else), never a panic.
func TestDecodeJKSDamaged(t *testing.T) {
	data := readTestdata(t, "convert/keystore.jks")
	for n := 8; n < len(data); n++ {
		_, err := Decode(data[:n], Options{Password: jksPassword})
		if !errors.Is(err, ErrJavaKeyStore) || !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrMalformed) {
			t.Fatalf("truncated to %d bytes: %v", n, err)
		}
	}
	for i := 12; i < len(data); i++ {
		bad := bytes.Clone(data)
		bad[i] ^= 0x55
		if _, err := Decode(bad, Options{Password: jksPassword}); !errors.Is(err, ErrJavaKeyStore) {
			t.Fatalf("byte %d changed: %v", i, err)
		}
	}
	if _, err := Decode(append(bytes.Clone(data), 0), Options{Password: jksPassword}); !errors.Is(err, ErrMalformed) {
		t.Errorf("trailing byte: %v", err)
	}
}

// jks builds a JKS keystore of entries (each a tag, an alias and its
// body) whose integrity check password opens, as keytool computes it.
func jks(password string, entries ...[]byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, 0xfeedfeed)
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
	e := binary.BigEndian.AppendUint32(nil, tag)
	e = append(e, 0, 1, 'a')
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
// leave it few runs): Decode never panics, and what starts as a JKS
// keystore is read, holds no certificate, or is an ErrJavaKeyStore.
func FuzzDecodeJKS(f *testing.F) {
	addSeeds(f, "convert/*.jks")
	f.Add(jks(jksPassword))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, pw := range []string{jksPassword, ""} {
			res, err := Decode(data, Options{Password: pw, KeepKeys: true})
			if javaKeyStore(data) != "JKS" || err == nil {
				continue
			}
			if !errors.Is(err, ErrJavaKeyStore) && !errors.Is(err, ErrNoCertificates) {
				t.Fatalf("a JKS keystore: %v", err)
			}
			if errors.Is(err, ErrNoCertificates) != (res != nil) {
				t.Fatalf("result %v with error %v", res, err)
			}
		}
	})
}
