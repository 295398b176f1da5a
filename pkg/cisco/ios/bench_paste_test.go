package ios

import (
	"testing"
)

func BenchmarkPasteSession(b *testing.B) {
	issuing, gw := readCert(b, "four/issuing.pem"), readCert(b, "four/gateway.pem")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PasteSession("gw2", issuing, gw, PasteOptions{Hostname: "gw2"}); err != nil {
			b.Fatal(err)
		}
	}
}
