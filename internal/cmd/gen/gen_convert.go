package main

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"math/big"
	"strings"
	"unicode/utf16"

	"github.com/voicepki/certkit/pkg/convert"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
	"software.sslmate.com/src/go-pkcs12"
)

// convertPassword protects the generated PKCS#12 files.
const convertPassword = "certkit-test"

// genConvert writes testdata/convert (every encoding and bad input that
// pkg/convert reads) and testdata/samples/certnew.p7b (the README sample).
func genConvert() {
	root := newCA("Example Convert Root CA", ecKey("convert-ec/convert/root"), nil)
	inter := newCA("Example Convert Issuing CA", ecKey("convert-ec/convert/inter"), root)
	leafKey := ecKey("convert-ec/convert/leaf")
	leaf := newLeaf("cube1.example.com", []string{"cube1.example.com"}, leafKey, inter)
	chain := []*x509.Certificate{root.Cert, inter.Cert, leaf}

	dir := "convert/"
	chainPEM := certsPEM(chain...)
	write(dir+"chain.pem", chainPEM)
	write(dir+"leaf.der", leaf.Raw)
	write(dir+"leaf.cer", pemOf("CERTIFICATE", leaf.Raw))

	// PKCS#7 in every shape, leaf first as CAs often hand it out.
	p7 := encodeP7(leaf, root.Cert, inter.Cert)
	write(dir+"chain.p7b", p7)
	write(dir+"chain-p7b.pem", pemOf("PKCS7", p7))
	write(dir+"chain-p7b-signed-data.pem", pemOf("PKCS #7 SIGNED DATA", p7))
	write(dir+"certnew-cert-label.p7b", pemOf("CERTIFICATE", p7)) // AD CS
	write(dir+"chain-ber.p7b", indefinite(p7, 0, 4))
	write(dir+"chain-padded.p7b", append(bytes.Clone(p7), make([]byte, 64)...))
	write(dir+"chain-p7b.b64", []byte(wrapLines(base64.StdEncoding.EncodeToString(p7), 76, "\r\n")))
	write(dir+"chain-ber.b64", []byte(wrapLines(base64.StdEncoding.EncodeToString(indefinite(p7, 0, 4)), 64, "\n")))
	write(dir+"leaf-oneline.b64", []byte(base64.StdEncoding.EncodeToString(leaf.Raw)+"\n"))
	write(dir+"empty.p7b", encodeSignedData(nil, nil))
	crl := makeCRL(inter)
	write(dir+"crl-only.p7c", encodeSignedData(nil, [][]byte{crl}))
	write(dir+"crl.pem", pemOf("X509 CRL", crl))
	write(dir+"truncated.p7b", p7[:len(p7)/2])

	// PEM as people save it.
	write(dir+"messy.pem", messyPEM(chain))
	write(dir+"cr-only.pem", bytes.ReplaceAll(chainPEM, []byte("\n"), []byte("\r")))
	write(dir+"bom-utf8.pem", append([]byte("\xef\xbb\xbf"), chainPEM...))
	crlf := bytes.ReplaceAll(chainPEM, []byte("\n"), []byte("\r\n"))
	write(dir+"utf16le.pem", utf16Of(crlf, false))
	write(dir+"utf16be.pem", utf16Of(crlf, true))
	write(dir+"x509-label.pem", pemOf("X509 CERTIFICATE", leaf.Raw))
	write(dir+"trusted.pem", pemOf("TRUSTED CERTIFICATE", append(bytes.Clone(root.Cert.Raw), trustAux()...)))
	csrDER, err := x509.CreateCertificateRequest(rng("convert/csr"), &x509.CertificateRequest{
		Subject:  pkix.Name{CommonName: "cube1.example.com"},
		DNSNames: []string{"cube1.example.com"},
	}, leafKey)
	check(err)
	write(dir+"request.csr", pemOf("CERTIFICATE REQUEST", csrDER))
	write(dir+"request-new.csr", pemOf("NEW CERTIFICATE REQUEST", csrDER))
	keyDER, err := x509.MarshalPKCS8PrivateKey(leafKey)
	check(err)
	write(dir+"key-only.pem", pemOf("PRIVATE KEY", keyDER))
	write(dir+"leaf-and-key.pem", append(pemOf("PRIVATE KEY", keyDER), pemOf("CERTIFICATE", leaf.Raw)...))
	// PEM whose line breaks became spaces (pasted through a web form or a
	// chat window), and a chain quoted in an email reply.
	leafLines := strings.Split(strings.TrimSpace(string(pemOf("CERTIFICATE", leaf.Raw))), "\n")
	last := len(leafLines) - 1
	write(dir+"spaced-body.pem", []byte(leafLines[0]+"\n"+strings.Join(leafLines[1:last], " ")+"\n"+leafLines[last]+"\n"))
	write(dir+"spaced-oneline.pem", []byte(strings.Join(leafLines, " ")+"\n"))
	write(dir+"quoted.pem", quotedPEM(chainPEM))
	write(dir+"truncated.pem", chainPEM[:len(chainPEM)-200])
	write(dir+"truncated.der", leaf.Raw[:len(leaf.Raw)/2])

	// PKCS#12: OpenSSL 3's default (AES-256, PBKDF2) and the legacy forms.
	for name, enc := range map[string]*pkcs12.Encoder{
		"modern": pkcs12.Modern2023, "legacy-rc2": pkcs12.LegacyRC2, "legacy-3des": pkcs12.LegacyDES,
	} {
		pfx, err := enc.WithRand(rng("convert/p12/"+name)).Encode(leafKey, leaf, []*x509.Certificate{inter.Cert, root.Cert}, convertPassword)
		check(err)
		write(dir+"chain-"+name+".p12", pfx)
	}
	pfx, err := pkcs12.Passwordless.WithRand(rng("convert/p12/none")).Encode(leafKey, leaf, nil, "")
	check(err)
	write(dir+"leaf-nopassword.p12", pfx)

	// Bad inputs.
	write(dir+"bad/empty.bin", nil)
	random := make([]byte, 4096)
	_, err = rng("convert/random").Read(random)
	check(err)
	random[0] = 0x9e // never looks like a SEQUENCE or text
	write(dir+"bad/random.bin", random)
	write(dir+"bad/image.png", pngImage())
	write(dir+"bad/nested-ber.bin", bytes.Repeat([]byte{0x30, 0x80}, 100_000))
	write(dir+"bad/notes.txt", []byte("Please find the certificates attached.\r\nRegards, the PKI team\r\n"))

	genSample()
}

// genSample writes testdata/samples/certnew.p7b, a DER PKCS#7 as AD CS
// hands it out: issuing CA, gateway certificate and root, in that order.
func genSample() {
	root := newCA("Example Voice Root CA", rsaKey("convert-rsa/sample/root", 2048), nil)
	inter := newCA("Example Voice Issuing CA", rsaKey("convert-rsa/sample/issuing", 2048), root)
	gw := newLeaf("vgw1.example.com", []string{"vgw1.example.com"}, rsaKey("convert-rsa/sample/vgw1", 2048), inter)
	write("samples/certnew.p7b", encodeP7(inter.Cert, gw, root.Cert))
}

func encodeP7(certs ...*x509.Certificate) []byte {
	der, err := convert.Encode(certs, convert.EncodeOptions{Format: convert.FormatPKCS7})
	check(err)
	return der
}

// encodeSignedData builds a degenerate PKCS#7 by hand, for shapes Encode
// never writes (no certificates, CRLs only).
func encodeSignedData(certs, crls [][]byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier([]int{1, 2, 840, 113549, 1, 7, 2})
		b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1Int64(1)
				b.AddASN1(asn1.SET, func(*cryptobyte.Builder) {})
				b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier([]int{1, 2, 840, 113549, 1, 7, 1})
				})
				if len(certs) > 0 {
					b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
						for _, c := range certs {
							b.AddBytes(c)
						}
					})
				}
				if len(crls) > 0 {
					b.AddASN1(asn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
						for _, c := range crls {
							b.AddBytes(c)
						}
					})
				}
				b.AddASN1(asn1.SET, func(*cryptobyte.Builder) {})
			})
		})
	})
	return b.BytesOrPanic()
}

// indefinite re-encodes the constructed values of a DER structure down to
// maxDepth with BER indefinite lengths, as Windows and NSS write them.
func indefinite(der []byte, depth, maxDepth int) []byte {
	var out []byte
	s := cryptobyte.String(der)
	for !s.Empty() {
		var elem, content cryptobyte.String
		var tag asn1.Tag
		if !s.ReadAnyASN1Element(&elem, &tag) {
			panic("indefinite: bad DER")
		}
		if c := elem; !c.ReadAnyASN1(&content, &tag) {
			panic("indefinite: bad DER")
		}
		if depth >= maxDepth || tag&0x20 == 0 {
			out = append(out, elem...)
			continue
		}
		out = append(out, elem[0], 0x80)
		out = append(out, indefinite(content, depth+1, maxDepth)...)
		out = append(out, 0, 0)
	}
	return out
}

func makeCRL(issuer *ca) []byte {
	der, err := x509.CreateRevocationList(rng("convert/crl"), &x509.RevocationList{
		Number:     big.NewInt(1),
		ThisUpdate: notBefore,
		NextUpdate: notAfter,
		RevokedCertificateEntries: []x509.RevocationListEntry{
			{SerialNumber: big.NewInt(42), RevocationTime: notBefore},
		},
	}, issuer.Cert, issuer.Key)
	check(err)
	return der
}

// trustAux is OpenSSL's X509_CERT_AUX trailer of a TRUSTED CERTIFICATE:
// trusted for serverAuth.
func trustAux() []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier([]int{1, 3, 6, 1, 5, 5, 7, 3, 1})
		})
	})
	return b.BytesOrPanic()
}

// messyPEM is a chain as people paste it: openssl Bag Attributes and
// subject= lines, an x509 -text dump, CRLF, indentation, trailing spaces
// and a mail signature.
func messyPEM(chain []*x509.Certificate) []byte {
	var sb strings.Builder
	sb.WriteString("Hi, here is the chain you asked for.\r\n\r\n")
	for i, c := range chain {
		block := string(pemOf("CERTIFICATE", c.Raw))
		switch i {
		case 0:
			sb.WriteString("Bag Attributes\r\n    friendlyName: root\r\n    localKeyID: 01 02 03 04\r\n")
			sb.WriteString("subject=" + c.Subject.String() + "\r\n\r\nissuer=" + c.Issuer.String() + "\r\n\r\n")
			sb.WriteString(strings.ReplaceAll(block, "\n", "\r\n"))
		case 1:
			sb.WriteString("Certificate:\n    Data:\n        Version: 3 (0x2)\n        Serial Number:\n            " +
				"4d:2a:9e:01\n    Signature Algorithm: ecdsa-with-SHA256\n        Issuer: CN = " + c.Issuer.CommonName +
				"\n        Subject: CN = " + c.Subject.CommonName + "\n")
			sb.WriteString(block)
		default:
			for _, l := range strings.Split(strings.TrimSuffix(block, "\n"), "\n") {
				sb.WriteString("    " + l + "  \r\n")
			}
		}
		sb.WriteString("\r\n")
	}
	sb.WriteString("-- \r\nThe PKI team\r\n")
	return []byte(sb.String())
}

// quotedPEM is text as an email reply quotes it: every line behind "> ",
// after an attribution line.
func quotedPEM(text []byte) []byte {
	var sb strings.Builder
	sb.WriteString("Please use these.\r\n\r\nOn Mon, 2 Jun 2025 at 09:14, PKI team <pki@example.com> wrote:\r\n")
	for _, l := range strings.Split(strings.TrimSuffix(string(text), "\n"), "\n") {
		sb.WriteString("> " + l + "\r\n")
	}
	return []byte(sb.String())
}

func utf16Of(text []byte, bigEndian bool) []byte {
	u := utf16.Encode([]rune(string(text)))
	out := []byte{0xff, 0xfe}
	if bigEndian {
		out = []byte{0xfe, 0xff}
	}
	for _, c := range u {
		if bigEndian {
			out = append(out, byte(c>>8), byte(c))
		} else {
			out = append(out, byte(c), byte(c>>8))
		}
	}
	return out
}

func wrapLines(s string, width int, eol string) string {
	var sb strings.Builder
	for len(s) > width {
		sb.WriteString(s[:width] + eol)
		s = s[width:]
	}
	sb.WriteString(s + eol)
	return sb.String()
}

func pngImage() []byte {
	img := image.NewGray(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.White)
	var buf bytes.Buffer
	check(png.Encode(&buf, img))
	return buf.Bytes()
}
