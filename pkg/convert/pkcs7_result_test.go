package convert

import (
	"fmt"
	"os"
	"testing"
)

// Result.PKCS7 says whether an input was a .p7b, however it was wrapped.
func TestResultPKCS7(t *testing.T) {
	for file, want := range map[string]bool{
		"chain.p7b":                 true,
		"chain-ber.p7b":             true,
		"chain-padded.p7b":          true,
		"chain-p7b.pem":             true,
		"chain-p7b.b64":             true,
		"chain-p7b-signed-data.pem": true,
		"certnew-cert-label.p7b":    true,
		"chain.pem":                 false,
		"leaf.der":                  false,
		"chain-modern.p12":          false,
	} {
		data, err := os.ReadFile("../../testdata/convert/" + file)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Decode(data, Options{Password: testPassword})
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if got := res.PKCS7(); got != want {
			t.Errorf("%s: PKCS7() = %v, want %v (encodings %v)", file, got, want, res.Encodings)
		}
	}
	if (*Result)(nil).PKCS7() {
		t.Error("a nil Result is a PKCS#7")
	}
}

func ExampleResult_PKCS7() {
	for _, f := range []string{"../../testdata/samples/certnew.p7b", "../../testdata/convert/chain.pem"} {
		data, err := os.ReadFile(f)
		if err != nil {
			panic(err)
		}
		res, err := Decode(data, Options{})
		if err != nil {
			panic(err)
		}
		fmt.Println(res.PKCS7(), len(res.Certificates))
	}
	// Output:
	// true 3
	// false 3
}
