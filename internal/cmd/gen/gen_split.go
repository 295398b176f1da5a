package main

import "fmt"

// genSplit writes a bundle of 120 roots, for the README's split example of
// file numbers as wide as the count (001 to 120). One key signs them all:
// each is self-signed, and names keep them apart.
func genSplit() {
	key := ecKey("split/many-roots")
	var ders [][]byte
	for i := 1; i <= 120; i++ {
		ders = append(ders, newCA(fmt.Sprintf("Example Site %03d Root CA", i), key, nil).Cert.Raw)
	}
	write("split/many-roots.pem", pemOf("CERTIFICATE", ders...))
}
