package convert

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDecodeDSAKeys: an unencrypted DSA private key, as openssl writes one
// (PKCS#8, DSA PRIVATE KEY, DER), is counted and named a DSA key, not
// taken for an encrypted key nor refused; none is returned.
func TestDecodeDSAKeys(t *testing.T) {
	for _, name := range []string{"dsa-root.key", "dsa-root-traditional.key", "dsa-root-key.der"} {
		res, err := Decode(readTestdata(t, "lenient/"+name), Options{KeepKeys: true})
		if !errors.Is(err, ErrNoCertificates) || res == nil {
			t.Fatalf("%s: %v; want ErrNoCertificates with a result", name, err)
		}
		if res.KeyCount != 1 || len(res.Keys) != 0 || !cmp.Equal(res.KeyKinds, []string{keyDSA}) {
			t.Errorf("%s: %d key(s), %d read, kinds %v; want one DSA key, unread", name, res.KeyCount, len(res.Keys), res.KeyKinds)
		}
	}
}

// TestDecodeKeyKinds: KeyKinds names every key in file order, in step
// with Keys for those read.
func TestDecodeKeyKinds(t *testing.T) {
	encrypted := []byte("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n")
	legacy := []byte("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nMAA=\n-----END RSA PRIVATE KEY-----\n")
	data := append(append(append(append([]byte{}, encrypted...), readTestdata(t, "convert/key-only.pem")...), legacy...), readTestdata(t, "lenient/dsa-root.key")...)
	res, err := Decode(data, Options{KeepKeys: true})
	if !errors.Is(err, ErrNoCertificates) {
		t.Fatalf("err = %v, want ErrNoCertificates", err)
	}
	if diff := cmp.Diff([]string{keyEncrypted, keyECDSA, keyEncrypted, keyDSA}, res.KeyKinds); diff != "" {
		t.Errorf("kinds (-want +got):\n%s", diff)
	}
	if res.KeyCount != 4 || len(res.Keys) != 1 {
		t.Errorf("%d keys counted, %d read; want 4 and 1", res.KeyCount, len(res.Keys))
	}
	p12, err := Decode(readTestdata(t, "convert/chain-modern.p12"), Options{Password: testPassword})
	if err != nil || !cmp.Equal(p12.KeyKinds, []string{keyECDSA}) {
		t.Errorf("PKCS#12: kinds %v, %v; want [ECDSA]", p12.KeyKinds, err)
	}
	merged := Merge(res, p12)
	if len(merged.KeyKinds) != merged.KeyCount {
		t.Errorf("Merge: %d kinds for %d keys", len(merged.KeyKinds), merged.KeyCount)
	}
}
