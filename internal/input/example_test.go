package input_test

import (
	"crypto/x509"
	"fmt"
	"os"

	"github.com/voicepki/certkit/internal/input"
)

func ExampleReadAll() {
	f, err := os.Open("../../testdata/convert/leaf.der")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	data, err := input.ReadAll(f) // refuses more than MaxSize
	if err != nil {
		panic(err)
	}
	c, err := x509.ParseCertificate(data)
	fmt.Println(c.Subject.CommonName, err)
	// Output: cube1.example.com <nil>
}

func ExampleLines() {
	lines, err := input.Lines([]byte("gw1#show run\r\n --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b hostname gw1\r\n"))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%q\n", lines)
	// Output:
	// ["gw1#show run" " hostname gw1"]
}

func ExamplePassword() {
	// A password file saved by PowerShell's Out-File: UTF-16LE with a
	// byte-order mark and a CRLF at the end.
	file := []byte{0xFF, 0xFE, 'c', 0, 'h', 0, 'a', 0, 'n', 0, 'g', 0, 'e', 0, 'i', 0, 't', 0, '\r', 0, '\n', 0}
	pw, err := input.Password(file)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%q\n", pw)
	// Output: "changeit"
}
