package csr

import "testing"

// BenchmarkParse reads a whole IOS terminal capture (prompts, base64 and
// the ---End line) and checks the RSA 2048 signature.
func BenchmarkParse(b *testing.B) {
	for _, file := range []string{"ios-capture.txt", "ios-capture-utf16.txt", "vgw1.der", "sha1-1024.csr"} {
		data := readTestdata(b, file)
		b.Run(file, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Parse(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLint lints the CUCM multi-server request for CallManager.
func BenchmarkLint(b *testing.B) {
	req, err := Parse(readTestdata(b, "cucm-ms.csr"))
	if err != nil {
		b.Fatal(err)
	}
	p := Policy{FQDN: "cucm-pub.example.com", Service: "CallManager"}
	for b.Loop() {
		Lint(req, p)
	}
}
