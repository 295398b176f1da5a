package main

import (
	"crypto/dsa" //lint:ignore SA1019 the inherited-parameters case needs DSA keys, as old private PKIs had them
	"crypto/ecdsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// genLenient writes testdata/lenient: one certificate for each defect that
// crypto/x509 refuses (or reads only in part) and openssl reads, each made
// by hand-editing the DER of a normal certificate and signing the edited
// TBSCertificate again, so that its signature verifies. Beside each one,
// NAME.openssl.txt records what `openssl x509 -text` reads from it.
func genLenient() {
	rootKey := ecKey("lenient/root")
	root := newCA("Lenient Test Root", rootKey, nil)
	write("lenient/root.pem", certsPEM(root.Cert))
	leafKey := ecKey("lenient/leaf")

	// base issues a normal gateway certificate named cn under root, to be
	// edited; its serial is fixed so the edits are easy to see.
	base := func(cn string, serial int64) tbs {
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(serial),
			Subject:      pkix.Name{CommonName: cn, Organization: []string{"Example Voice"}, Country: []string{"US"}},
			DNSNames:     []string{cn},
			KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
			ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		}
		return splitTBS(sign(tmpl, leafKey.Public(), root, nil).Raw)
	}
	byRoot := func(name string, t tbs) {
		writeLenient(name, resignECDSA(t, rootKey, "lenient/sig/"+name))
	}

	// A negative serial number, as Cisco ASA and other appliances write:
	// the first content octet has its top bit set.
	t := base("negative-serial.example.net", 1)
	t.serial = tlv(0x02, []byte{0x88, 0x5e, 0x3a, 0x17, 0xc4, 0x02, 0x9b, 0x61})
	byRoot("negative-serial", t)

	// CRL distribution points named by a directoryName (then a URI), and
	// by a nameRelativeToCRLIssuer.
	t = base("crldp-dirname.example.net", 2)
	dirName := tlv(0xa4, pkixName(pkix.Name{CommonName: "CRL1", Organization: []string{"Example Voice"}}))
	uri := tlv(0x86, []byte("http://pki.example.net/root.crl"))
	t.exts = append(t.exts, ext("2.5.29.31", false, tlv(0x30, tlv(0x30, tlv(0xa0, tlv(0xa0, cat(dirName, uri)))))))
	byRoot("crldp-dirname", t)
	t = base("crldp-relative.example.net", 3)
	rdn := tlv(0x31, tlv(0x30, cat(oid("2.5.4.3"), tlv(0x0c, []byte("CRL1")))))
	t.exts = append(t.exts, ext("2.5.29.31", false, tlv(0x30, tlv(0x30, tlv(0xa0, tlv(0xa1, rdn))))))
	byRoot("crldp-relative", t)

	// The key usage extension twice.
	t = base("duplicate-extension.example.net", 4)
	for _, e := range t.exts {
		if extOID(e) == "2.5.29.15" {
			t.exts = append(t.exts, e)
			break
		}
	}
	byRoot("duplicate-extension", t)

	// A SAN with a good DNS name, an IP address of 5 bytes and a DNS name
	// that is not ASCII (IA5String).
	t = base("malformed-san.example.net", 5)
	san := cat(tlv(0x82, []byte("malformed-san.example.net")), tlv(0x87, []byte{10, 0, 0, 1, 9}), tlv(0x82, []byte("caf\xc3\xa9.example.net")))
	t.replaceExt("2.5.29.17", ext("2.5.29.17", false, tlv(0x30, san)))
	byRoot("malformed-san", t)

	// A PrintableString CN with '_' and '@', outside PrintableString's set.
	t = base("gw_1@example.net", 6)
	t.subject = tlv(0x30, cat(
		rdnOf("2.5.4.6", 0x13, "US"),
		rdnOf("2.5.4.10", 0x13, "Example Voice"),
		rdnOf("2.5.4.3", 0x13, "gw_1@example.net")))
	byRoot("printablestring", t)

	// Times not quite RFC 5280: UTCTime without seconds, and UTCTime with
	// an offset instead of Z.
	t = base("time-no-seconds.example.net", 7)
	t.validity = tlv(0x30, cat(tlv(0x17, []byte("2501010000Z")), tlv(0x18, []byte("21250101000000Z"))))
	byRoot("time-no-seconds", t)
	t = base("time-offset.example.net", 8)
	t.validity = tlv(0x30, cat(tlv(0x17, []byte("250101010000+0100")), tlv(0x18, []byte("21250101000000Z"))))
	byRoot("time-offset", t)
	t = base("time-no-zone.example.net", 10)
	t.validity = tlv(0x30, cat(tlv(0x18, []byte("20250101000000")), tlv(0x18, []byte("21241231000000.5Z"))))
	byRoot("time-no-zone", t)

	// DSA: a root with its parameters, a CA whose key inherits them
	// (RFC 3279: the subjectPublicKeyInfo has no parameters), and a
	// gateway certificate that CA signed, which only a key completed
	// with the root's parameters verifies.
	params := dsaParams("lenient/dsa-params")
	dsaRoot := dsaKey(params, "lenient/dsa-root")
	dsaCA := dsaKey(params, "lenient/dsa-ca")
	dummy := ecKey("lenient/dsa-dummy")
	rootSKI, caSKI := []byte{0xd5, 0xa0, 0x01}, []byte{0xd5, 0xa0, 0x02}
	caTmpl := func(cn string, ski []byte) *x509.Certificate {
		return &x509.Certificate{
			SerialNumber:          big.NewInt(int64(ski[2])),
			Subject:               pkix.Name{CommonName: cn, Organization: []string{"Example Voice"}, Country: []string{"US"}},
			KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
			BasicConstraintsValid: true, IsCA: true, SubjectKeyId: ski,
		}
	}
	// The templates are made with a throw-away ECDSA key, then given the
	// DSA key and signature.
	rootTmpl := sign(caTmpl("DSA Test Root", rootSKI), dummy.Public(), nil, dummy)
	t = splitTBS(rootTmpl.Raw)
	t.spki = dsaSPKI(&dsaRoot.PublicKey, true)
	dsaRootDER := resignDSA(t, dsaRoot, "lenient/sig/dsa-root")
	writeLenient("dsa-root", dsaRootDER)
	// The root's private key as openssl writes a DSA key: PKCS#8, the
	// traditional DSA PRIVATE KEY, and that in DER. certkit names such a
	// key and reads none.
	k := dsaRoot
	dsaPKCS8 := tlv(0x30, cat(intDER(big.NewInt(0)),
		tlv(0x30, cat(oid("1.2.840.10040.4.1"), tlv(0x30, cat(intDER(k.P), intDER(k.Q), intDER(k.G))))),
		tlv(0x04, intDER(k.X))))
	dsaTraditional := tlv(0x30, cat(intDER(big.NewInt(0)), intDER(k.P), intDER(k.Q), intDER(k.G), intDER(k.Y), intDER(k.X)))
	write("lenient/dsa-root.key", pemOf("PRIVATE KEY", dsaPKCS8))
	write("lenient/dsa-root-traditional.key", pemOf("DSA PRIVATE KEY", dsaTraditional))
	write("lenient/dsa-root-key.der", dsaTraditional)
	t = splitTBS(sign(caTmpl("DSA Inherited CA", caSKI), dummy.Public(), &ca{Cert: rootTmpl, Key: dummy}, nil).Raw)
	t.spki = dsaSPKI(&dsaCA.PublicKey, false)
	dsaCADER := resignDSA(t, dsaRoot, "lenient/sig/dsa-inherited")
	writeLenient("dsa-inherited", dsaCADER)
	gwTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(9),
		Subject:      pkix.Name{CommonName: "dsa-gw.example.net", Organization: []string{"Example Voice"}, Country: []string{"US"}},
		DNSNames:     []string{"dsa-gw.example.net"},
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	t = splitTBS(sign(gwTmpl, leafKey.Public(), &ca{Cert: standIn(caTmpl("DSA Inherited CA", caSKI), dummy), Key: dummy}, nil).Raw)
	writeLenient("dsa-leaf", resignDSA(t, dsaCA, "lenient/sig/dsa-leaf"))

	// What openssl reads from each, as a user would ask it.
	dir := filepath.Join(outDir, "lenient")
	names, err := filepath.Glob(filepath.Join(dir, "*.pem"))
	check(err)
	sort.Strings(names)
	for _, n := range names {
		base := filepath.Base(n)
		args := []string{"x509", "-in", base, "-noout", "-text"}
		// openssl prefixes its error lines with a thread ID that changes
		// from run to run.
		text := opensslThread.ReplaceAllString(openssl("lenient", args...), "error:")
		out := fmt.Sprintf("$ openssl %s\n%s", strings.Join(args, " "), text)
		check(os.WriteFile(strings.TrimSuffix(n, ".pem")+".openssl.txt", []byte(out), 0o644))
	}
}

var opensslThread = regexp.MustCompile(`(?m)^[0-9A-F]+:error:`)

// standIn makes a throw-away ECDSA certificate from a CA's template, so
// that x509.CreateCertificate writes the issuer name and AKI of a DSA CA
// it cannot sign with.
func standIn(tmpl *x509.Certificate, key *ecdsa.PrivateKey) *x509.Certificate {
	return sign(tmpl, key.Public(), nil, key)
}

func writeLenient(name string, der []byte) {
	write("lenient/"+name+".pem", pemOf("CERTIFICATE", der))
}

// tbs is a TBSCertificate cut into its fields, each a whole DER element,
// so that one can be replaced before the TBS is written again.
type tbs struct {
	version, serial, sigAlg, issuer, validity, subject, spki []byte
	exts                                                     [][]byte // each Extension SEQUENCE
}

func splitTBS(certDER []byte) tbs {
	s := cryptobyte.String(certDER)
	var cert, body cryptobyte.String
	var t tbs
	if !s.ReadASN1(&cert, cbasn1.SEQUENCE) || !cert.ReadASN1(&body, cbasn1.SEQUENCE) {
		check(fmt.Errorf("lenient: not a certificate"))
	}
	read := func(dst *[]byte) {
		var e cryptobyte.String
		if !body.ReadAnyASN1Element(&e, nil) {
			check(fmt.Errorf("lenient: short TBSCertificate"))
		}
		*dst = e
	}
	for _, f := range []*[]byte{&t.version, &t.serial, &t.sigAlg, &t.issuer, &t.validity, &t.subject, &t.spki} {
		read(f)
	}
	var exts, list cryptobyte.String
	if body.ReadASN1(&exts, cbasn1.Tag(3).Constructed().ContextSpecific()) && exts.ReadASN1(&list, cbasn1.SEQUENCE) {
		for !list.Empty() {
			var e cryptobyte.String
			list.ReadASN1Element(&e, cbasn1.SEQUENCE)
			t.exts = append(t.exts, e)
		}
	}
	return t
}

// encode writes the TBSCertificate, with sigAlg as its signature algorithm.
func (t tbs) encode(sigAlg []byte) []byte {
	body := cat(t.version, t.serial, sigAlg, t.issuer, t.validity, t.subject, t.spki)
	if len(t.exts) > 0 {
		body = cat(body, tlv(0xa3, tlv(0x30, cat(t.exts...))))
	}
	return tlv(0x30, body)
}

func (t *tbs) replaceExt(id string, e []byte) {
	for i, x := range t.exts {
		if extOID(x) == id {
			t.exts[i] = e
			return
		}
	}
	t.exts = append(t.exts, e)
}

// resignECDSA signs the TBS with an ECDSA key, as ecdsa-with-SHA256.
func resignECDSA(t tbs, key *ecdsa.PrivateKey, label string) []byte {
	alg := tlv(0x30, oid("1.2.840.10045.4.3.2"))
	tbsDER := t.encode(alg)
	sum := sha256.Sum256(tbsDER)
	sig, err := ecdsa.SignASN1(rng(label), key, sum[:])
	check(err)
	return tlv(0x30, cat(tbsDER, alg, bitString(sig)))
}

// resignDSA signs the TBS with a DSA key, as dsa-with-SHA256 (the digest
// cut to the size of Q, as DSA does).
func resignDSA(t tbs, key *dsa.PrivateKey, label string) []byte {
	alg := tlv(0x30, oid("2.16.840.1.101.3.4.3.2"))
	tbsDER := t.encode(alg)
	sum := sha256.Sum256(tbsDER)
	r, s, err := dsa.Sign(rng(label), key, sum[:key.Q.BitLen()/8])
	check(err)
	sig, err := asn1.Marshal(struct{ R, S *big.Int }{r, s})
	check(err)
	return tlv(0x30, cat(tbsDER, alg, bitString(sig)))
}

func dsaParams(label string) dsa.Parameters {
	var p dsa.Parameters
	check(dsa.GenerateParameters(&p, rng(label), dsa.L1024N160))
	return p
}

func dsaKey(p dsa.Parameters, label string) *dsa.PrivateKey {
	k := &dsa.PrivateKey{PublicKey: dsa.PublicKey{Parameters: p}}
	check(dsa.GenerateKey(k, rng(label)))
	return k
}

// dsaSPKI writes a DSA subjectPublicKeyInfo, with the parameters or,
// inherited from the issuer, without them.
func dsaSPKI(pub *dsa.PublicKey, withParams bool) []byte {
	alg := oid("1.2.840.10040.4.1")
	if withParams {
		alg = cat(alg, tlv(0x30, cat(intDER(pub.P), intDER(pub.Q), intDER(pub.G))))
	}
	return tlv(0x30, cat(tlv(0x30, alg), bitString(intDER(pub.Y))))
}

func ext(id string, critical bool, value []byte) []byte {
	body := oid(id)
	if critical {
		body = cat(body, []byte{0x01, 0x01, 0xff})
	}
	return tlv(0x30, cat(body, tlv(0x04, value)))
}

func extOID(e []byte) string {
	s := cryptobyte.String(e)
	var body cryptobyte.String
	var id asn1.ObjectIdentifier
	if !s.ReadASN1(&body, cbasn1.SEQUENCE) || !body.ReadASN1ObjectIdentifier(&id) {
		return ""
	}
	return id.String()
}

func rdnOf(id string, tag byte, value string) []byte {
	return tlv(0x31, tlv(0x30, cat(oid(id), tlv(tag, []byte(value)))))
}

func pkixName(n pkix.Name) []byte {
	der, err := asn1.Marshal(n.ToRDNSequence())
	check(err)
	return der
}

func oid(s string) []byte {
	var id asn1.ObjectIdentifier
	for _, p := range strings.Split(s, ".") {
		var v int
		fmt.Sscan(p, &v)
		id = append(id, v)
	}
	der, err := asn1.Marshal(id)
	check(err)
	return der
}

func intDER(v *big.Int) []byte {
	der, err := asn1.Marshal(v)
	check(err)
	return der
}

func bitString(b []byte) []byte { return tlv(0x03, cat([]byte{0}, b)) }

// tlv writes one DER element.
func tlv(tag byte, content []byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.Tag(tag), func(b *cryptobyte.Builder) { b.AddBytes(content) })
	return b.BytesOrPanic()
}

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
