package main

import (
	"crypto"
	"crypto/md5"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/internal/x509text"
	"go.mozilla.org/pkcs7"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// genIOS writes testdata/ios: IOS configurations holding certificates in
// the hex layout show running-config prints, one file per variant the
// reader must take (config/) or refuse (config/bad/), with manifest.json
// saying what each must yield; the output of show crypto pki certificates,
// trustpoints and trustpool (show/); and a three-gateway fleet for the
// audit (fleet/).
func genIOS() {
	root := newCA("Example Voice Root CA", rsaKey("ios-rsa/root", 2048), nil)
	issuing := newCA("Example Voice Issuing CA", rsaKey("ios-rsa/issuing", 2048), root)
	gwKey := rsaKey("ios-rsa/verybiggw", 2048)
	gw := iosLeaf("verybiggw", "verybiggw.example.com", big.NewInt(0x1A2B3C4D5E6F), gwKey, issuing)
	licensing := newCA("Cisco Licensing Root CA", rsaKey("ios-rsa/licensing", 2048), nil)
	selfKey := rsaKey("ios-rsa/self-signed", 2048)
	selfSigned := iosSelfSigned("IOS-Self-Signed-Certificate-3735928559", "", selfKey, crypto.SHA256, notBefore, notAfter)

	m := iosManifest{}
	voice := iosChain{"verybiggw", []iosEntry{{"", gw}, {"ca", issuing.Cert}}}
	sla := iosChain{"SLA-TrustPoint", []iosEntry{{"ca", licensing.Cert}}}
	self := iosChain{"TP-self-signed-3735928559", []iosEntry{{"self-signed", selfSigned}}}

	// The layout exactly as show running-config prints it.
	plain := iosChains(voice)
	m.add("basic.txt", plain, voice)
	m.add("quit-spaces.txt", strings.ReplaceAll(plain, "  \tquit\n", "  quit\n"), voice)
	m.add("quit-tab-expanded.txt", strings.ReplaceAll(plain, "  \tquit\n", "        quit\n"), voice)
	m.add("crlf.txt", strings.ReplaceAll(plain, "\n", "\r\n"), voice)
	m.add("lowercase.txt", lowerHex(plain), voice)
	m.add("ca-first.txt", iosChains(iosChain{"verybiggw", []iosEntry{{"ca", issuing.Cert}, {"", gw}}}), iosChain{"verybiggw", []iosEntry{{"ca", issuing.Cert}, {"", gw}}})
	m.add("several-chains.txt", iosChains(self, sla, voice), self, sla, voice)
	m.add("rollover.txt", iosChains(iosChain{"CA-SERVER", []iosEntry{{"ca", root.Cert}, {"rollover", issuing.Cert}}}),
		iosChain{"CA-SERVER", []iosEntry{{"ca", root.Cert}, {"rollover", issuing.Cert}}})
	full := iosConfig(iosGateway{hostname: "verybiggw", trustpoints: voiceTrustpoints("verybiggw", true), chains: []iosChain{self, sla, voice}, signaling: "verybiggw"})
	m.add("full-config.txt", full, self, sla, voice)
	m.add("crypto-ca.txt", strings.ReplaceAll(plain, "crypto pki certificate chain", "crypto ca certificate chain"), voice)

	// Terminal captures: the command echoed, the pager, PuTTY and
	// SecureCRT logs, PowerShell's UTF-16.
	echoed := "verybiggw#show running-config\nBuilding configuration...\n\n" + full + "verybiggw#\n"
	m.add("prompt.txt", echoed, self, sla, voice)
	m.add("pager.txt", pager(echoed, true), self, sla, voice)
	m.add("pager-plain.txt", pager(echoed, false), self, sla, voice)
	m.add("putty.log", "=~=~=~=~=~=~=~=~=~=~=~= PuTTY log 2026.12.01 09:14:07 =~=~=~=~=~=~=~=~=~=~=~=\r\n"+
		strings.ReplaceAll(echoed, "\n", "\r\n"), self, sla, voice)
	m.add("securecrt.log", secureCRT(echoed), self, sla, voice)
	m.addBytes("powershell-utf16.txt", utf16LE("\uFEFF"+strings.ReplaceAll(echoed, "\n", "\r\n")), self, sla, voice)

	// crypto pki export TP pem terminal.
	export := "verybiggw(config)#crypto pki export verybiggw pem terminal\n" +
		"% CA certificate:\n" + string(certsPEM(issuing.Cert)) +
		"\n% General Purpose Certificate:\n" + string(certsPEM(gw)) + "\nverybiggw(config)#\n"
	m.add("export.txt", export, iosChain{"verybiggw", []iosEntry{{"ca", issuing.Cert}, {"", gw}}})
	selfExport := "verybiggw(config)#crypto pki export TP-self-signed-3735928559 pem terminal\n" +
		"% Self-signed CA certificate:\n" + string(certsPEM(selfSigned)) +
		"\n% General Purpose Certificate:\n" + string(certsPEM(selfSigned)) + "\nverybiggw(config)#\n"
	m.add("export-self-signed.txt", selfExport, iosChain{"TP-self-signed-3735928559", []iosEntry{{"self-signed", selfSigned}, {"", selfSigned}}})

	// The header serial is a check: this one names another serial.
	mismatch := strings.Replace(plain, " certificate "+x509text.IOSSerial(gw)+"\n", " certificate 0BADC0DE\n", 1)
	m.add("serial-mismatch.txt", mismatch, voice)
	m.files["serial-mismatch.txt"].Mismatch = []string{"0BADC0DE"}

	// References: no hex at all.
	ref := "crypto pki certificate chain SLA-TrustPoint\n certificate ca 01 nvram:CiscoLicensi#1CA.cer\ncrypto pki certificate chain verybiggw\n" +
		" certificate " + x509text.IOSSerial(gw) + " nvram:verybiggw#6F.cer\n certificate ca " + x509text.IOSSerial(issuing.Cert) + " nvram:ExampleVoic#1CA.cer\n!\n"
	m.addRefs("startup-config.txt", ref, []iosRef{{"SLA-TrustPoint", "ca", "01", "nvram:CiscoLicensi#1CA.cer"},
		{"verybiggw", "device", x509text.IOSSerial(gw), "nvram:verybiggw#6F.cer"}, {"verybiggw", "ca", x509text.IOSSerial(issuing.Cert), "nvram:ExampleVoic#1CA.cer"}})
	brief := "crypto pki certificate chain SLA-TrustPoint\n certificate ca 01\ncrypto pki certificate chain verybiggw\n" +
		" certificate " + x509text.IOSSerial(gw) + "\n certificate ca " + x509text.IOSSerial(issuing.Cert) + "\n!\n"
	m.addRefs("brief.txt", brief, []iosRef{{"SLA-TrustPoint", "ca", "01", ""},
		{"verybiggw", "device", x509text.IOSSerial(gw), ""}, {"verybiggw", "ca", x509text.IOSSerial(issuing.Cert), ""}})
	empty := "crypto pki certificate chain TP-self-signed-3735928559\n certificate self-signed 01\n  \tquit\n!\n"
	m.addRefs("empty-block.txt", empty, []iosRef{{"TP-self-signed-3735928559", "self-signed", "01", ""}})
	// A reference beside real hex: the certificates are read, the
	// reference reported.
	mixed := iosChains(voice) + "crypto pki certificate chain SLA-TrustPoint\n certificate ca 01 nvram:CiscoLicensi#1CA.cer\n!\n"
	m.add("reference-and-hex.txt", mixed, voice)
	m.files["reference-and-hex.txt"].References = []iosRef{{"SLA-TrustPoint", "ca", "01", "nvram:CiscoLicensi#1CA.cer"}}

	// What the reader must refuse.
	gwHex := strings.Split(strings.TrimSuffix(testkit.HexLines(gw.Raw, false), "\n"), "\n")
	lastHex := gwHex[len(gwHex)-1]
	m.bad("bad/odd-length.txt", strings.Replace(plain, lastHex+"\n", lastHex+"A\n", 1), "malformed")
	m.bad("bad/non-hex.txt", strings.Replace(plain, gwHex[3], "  3082ZZ"+gwHex[3][8:], 1), "malformed")
	m.bad("bad/no-quit.txt", strings.Replace(plain, lastHex+"\n  \tquit\n certificate ca", lastHex+"\n certificate ca", 1), "malformed")
	m.bad("bad/no-quit-crypto.txt", iosChains(voice)[:len(iosChains(voice))-len("  \tquit\n")]+"crypto pki certificate chain SLA-TrustPoint\n", "malformed")
	m.bad("bad/not-a-certificate.txt", "crypto pki certificate chain verybiggw\n certificate 01\n"+testkit.HexLines(gw.RawTBSCertificate, false)+"  \tquit\n", "malformed")
	m.bad("bad/truncated.txt", strings.Join(strings.Split(plain, "\n")[:20], "\n")+"\n", "truncated")

	m.write("ios/config/manifest.json")

	genIOSShow(gw, issuing.Cert, licensing.Cert, root.Cert)
	genIOSFleet(root, issuing, gwKey, licensing.Cert)
	write("ios/trustpool/custom-ca.pem", certsPEM(issuing.Cert, root.Cert))
	write("ios/trustpool/gateway.pem", certsPEM(gw))
	genTrustpoolBundle(root.Cert, issuing.Cert, licensing.Cert)
}

// genTrustpoolBundle writes a bundle shaped as Cisco's ios_core.p7b: a
// signed PKCS#7 whose content is a PKCS#7 of CA certificates, signed by a
// signing certificate carried in the outer PKCS#7 with its root; and the
// same with its signature broken.
func genTrustpoolBundle(cas ...*x509.Certificate) {
	tpRoot := newCA("Example Trustpool Root CA", rsaKey("ios-rsa/trustpool-root", 2048), nil)
	signerKey := rsaKey("ios-rsa/trustpool-signer", 2048)
	signer := newLeaf("Example Trustpool Signing", nil, signerKey, tpRoot)
	var raw []byte
	for _, c := range cas {
		raw = append(raw, c.Raw...)
	}
	inner, err := pkcs7.DegenerateCertificate(raw)
	check(err)
	sd, err := pkcs7.NewSignedData(inner)
	check(err)
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	check(sd.SignWithoutAttr(signer, signerKey, pkcs7.SignerInfoConfig{}))
	sd.AddCertificate(tpRoot.Cert)
	der, err := sd.Finish()
	check(err)
	write("ios/trustpool/ios_core.p7b", der)
	// One bit of the signature (the last bytes of the file) flipped.
	bad := append([]byte(nil), der...)
	bad[len(bad)-1] ^= 0x01
	write("ios/trustpool/ios_core-bad-signature.p7b", bad)
}

// iosLeaf makes a gateway certificate as an AD CS or IOS CA issues it:
// CN the hostname, SAN the FQDN, serverAuth and clientAuth.
func iosLeaf(cn, fqdn string, serial *big.Int, key crypto.Signer, parent *ca) *x509.Certificate {
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: cn, Organization: []string{"Example Voice"}, Country: []string{"US"}},
		DNSNames:     []string{fqdn},
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	return sign(tmpl, key.Public(), parent, key)
}

// iosSelfSigned makes a certificate as IOS makes one for a self-signed
// trustpoint (enrollment selfsigned), field by field as the public IOS
// configurations testdata/README.md names show them: serial 01, issuer
// equal to subject; the CN is IOS-Self-Signed-Certificate-N (the
// TP-self-signed-N trustpoint) or the trustpoint's subject-name, and
// unless fqdn none is set IOS adds the FQDN as unstructuredName (an
// IA5String); basicConstraints critical CA:TRUE, subject and authority
// key identifiers, and no key usage. It is signed with h: SHA-256 with
// hash sha256 under the trustpoint, else SHA-1 on IOS-XE and MD5 on IOS
// 12.2, which Go will not do, so the signature is replaced.
func iosSelfSigned(cn, fqdn string, key *rsa.PrivateKey, h crypto.Hash, from, until time.Time) *x509.Certificate {
	name := pkix.Name{CommonName: cn}
	if fqdn != "" {
		name.ExtraNames = []pkix.AttributeTypeAndValue{{Type: oidUnstructuredName, Value: asn1.RawValue{Tag: asn1.TagIA5String, Bytes: []byte(fqdn)}}}
	}
	ski := sha1.Sum(x509.MarshalPKCS1PublicKey(&key.PublicKey))
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      name,
		NotBefore:    from,
		NotAfter:     until,
		SubjectKeyId: ski[:], AuthorityKeyId: ski[:],
		IsCA: true, BasicConstraintsValid: true,
	}
	c := sign(tmpl, key.Public(), nil, key)
	if h == crypto.SHA256 {
		return c
	}
	return resignCert(c, key, h)
}

// iosSelfSignedCN is the CN IOS gives the certificate of its
// TP-self-signed-N trustpoint; N, which IOS derives from the device, is
// taken here from the hostname.
func iosSelfSignedCN(host string) string {
	sum := sha256.Sum256([]byte(host))
	return fmt.Sprintf("IOS-Self-Signed-Certificate-%d", binary.BigEndian.Uint32(sum[:4]))
}

// resignCert re-signs a certificate with sha1WithRSAEncryption or
// md5WithRSAEncryption, rewriting the algorithm inside the TBS too.
func resignCert(c *x509.Certificate, key *rsa.PrivateKey, h crypto.Hash) *x509.Certificate {
	oid := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 5}
	if h == crypto.MD5 {
		oid = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 4}
	}
	alg, err := asn1.Marshal(pkix.AlgorithmIdentifier{Algorithm: oid, Parameters: asn1.NullRawValue})
	check(err)
	// TBSCertificate: [0] version, serial, signature algorithm, the rest.
	in := cryptobyte.String(c.RawTBSCertificate)
	var body cryptobyte.String
	if !in.ReadASN1(&body, cbasn1.SEQUENCE) {
		check(fmt.Errorf("resignCert: bad TBS"))
	}
	var version, serial cryptobyte.String
	if !body.ReadASN1Element(&version, cbasn1.Tag(0).Constructed().ContextSpecific()) ||
		!body.ReadASN1Element(&serial, cbasn1.INTEGER) || !body.SkipASN1(cbasn1.SEQUENCE) {
		check(fmt.Errorf("resignCert: bad TBS fields"))
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(version)
		b.AddBytes(serial)
		b.AddBytes(alg)
		b.AddBytes(body)
	})
	tbs := b.BytesOrPanic()
	var digest []byte
	if h == crypto.MD5 {
		s := md5.Sum(tbs)
		digest = s[:]
	} else {
		s := sha1.Sum(tbs)
		digest = s[:]
	}
	sig, err := rsa.SignPKCS1v15(nil, key, h, digest)
	check(err)
	der, err := asn1.Marshal(struct {
		TBS asn1.RawValue
		Alg asn1.RawValue
		Sig asn1.BitString
	}{asn1.RawValue{FullBytes: tbs}, asn1.RawValue{FullBytes: alg}, asn1.BitString{Bytes: sig, BitLength: 8 * len(sig)}})
	check(err)
	out, err := x509.ParseCertificate(der)
	check(err)
	return out
}

// iosEntry is one certificate of a chain: its header word ("", "ca",
// "self-signed", "rollover") and the certificate.
type iosEntry struct {
	role string
	cert *x509.Certificate
}

// iosChain is a crypto pki certificate chain.
type iosChain struct {
	trustpoint string
	entries    []iosEntry
}

// iosChains writes chains as show running-config does.
func iosChains(chains ...iosChain) string {
	var b strings.Builder
	for _, ch := range chains {
		fmt.Fprintf(&b, "crypto pki certificate chain %s\n", ch.trustpoint)
		for _, e := range ch.entries {
			word := ""
			if e.role != "" {
				word = e.role + " "
			}
			fmt.Fprintf(&b, " certificate %s%s\n", word, x509text.IOSSerial(e.cert))
			b.WriteString(testkit.HexLines(e.cert.Raw, false))
			b.WriteString("  \tquit\n")
		}
	}
	return b.String()
}

// lowerHex lowercases the hex lines of a configuration (a capture passed
// through a tool that lowercases, or hand-typed).
func lowerHex(cfg string) string {
	lines := strings.Split(cfg, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "  ") && !strings.Contains(l, "quit") {
			lines[i] = strings.ToLower(l)
		}
	}
	return strings.Join(lines, "\n")
}

// pager inserts IOS's --More-- prompt every 24 lines, as a terminal with
// terminal length 24 shows it: erased by backspaces, spaces and
// backspaces, or (a log that dropped control characters) left before the
// next line.
func pager(text string, erased bool) string {
	lines := strings.SplitAfter(text, "\n")
	var b strings.Builder
	for i, l := range lines {
		if i > 0 && i%24 == 0 {
			if erased {
				b.WriteString(" --More-- " + strings.Repeat("\b", 10) + strings.Repeat(" ", 10) + strings.Repeat("\b", 10))
			} else {
				b.WriteString(" --More-- ")
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// secureCRT is a SecureCRT session log with its custom header and a
// timestamp before each line.
func secureCRT(text string) string {
	var b strings.Builder
	b.WriteString("Session log: verybiggw.example.com  2026-12-01 09:14:07\r\n")
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		fmt.Fprintf(&b, "[09:14:08] %s\r\n", l)
	}
	return b.String()
}

// iosTrustpoint is a crypto pki trustpoint block, sub-commands in order.
type iosTrustpoint struct {
	name string
	cmds []string
}

// iosGateway is everything a generated configuration holds.
type iosGateway struct {
	hostname    string
	version     string
	trustpoints []iosTrustpoint
	chains      []iosChain
	signaling   string // the trustpoint of crypto signaling default, or ""
}

// voiceTrustpoints are the trustpoints of a CA-enrolled gateway: the
// licensing trustpoint IOS-XE ships, the self-signed one for the HTTP
// server, and the voice trustpoint named after the host.
func voiceTrustpoints(host string, selfSigned bool) []iosTrustpoint {
	var tps []iosTrustpoint
	if selfSigned {
		tps = append(tps, iosTrustpoint{"TP-self-signed-3735928559", []string{"enrollment selfsigned",
			"subject-name cn=IOS-Self-Signed-Certificate-3735928559", "revocation-check none", "rsakeypair TP-self-signed-3735928559"}})
	}
	tps = append(tps,
		iosTrustpoint{"SLA-TrustPoint", []string{"enrollment pkcs12", "revocation-check crl", "hash sha256"}},
		iosTrustpoint{host, []string{"enrollment url http://ca.example.com:80/certsrv/mscep/mscep.dll", "serial-number none",
			"fqdn " + host + ".example.com", "ip-address none", "subject-name cn=" + host, "subject-alt-name " + host + ".example.com",
			"revocation-check none", "rsakeypair " + host + " 2048", "auto-enroll 80 regenerate", "hash sha256"}})
	return tps
}

// iosConfig writes a whole show running-config.
func iosConfig(g iosGateway) string {
	v := g.version
	if v == "" {
		v = "17.9"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Current configuration : 9120 bytes\n!\n! Last configuration change at 09:12:44 UTC Tue Dec 1 2026 by admin\n!\nversion %s\n", v)
	b.WriteString("service timestamps debug datetime msec\nservice timestamps log datetime msec\n!\n")
	fmt.Fprintf(&b, "hostname %s\n!\nboot-start-marker\nboot-end-marker\n!\n!\nno aaa new-model\n!\nip domain name example.com\n!\n", g.hostname)
	for _, tp := range g.trustpoints {
		fmt.Fprintf(&b, "crypto pki trustpoint %s\n", tp.name)
		for _, c := range tp.cmds {
			fmt.Fprintf(&b, " %s\n", c)
		}
		b.WriteString("!\n")
	}
	b.WriteString(iosChains(g.chains...))
	b.WriteString("!\nlicense udi pid ISR4331/K9 sn FDO21520TGH\n!\ninterface GigabitEthernet0/0/0\n ip address 192.0.2.10 255.255.255.0\n!\n")
	b.WriteString("voice service voip\n ip address trusted list\n  ipv4 192.0.2.20\n sip\n  session transport tcp tls\n!\n")
	if g.signaling != "" {
		fmt.Fprintf(&b, "sip-ua\n crypto signaling default trustpoint %s\n!\n", g.signaling)
	}
	b.WriteString("line con 0\n transport input none\nline vty 0 4\n login local\n transport input ssh\n!\nend\n")
	return b.String()
}

// iosManifest says what each generated configuration must yield.
type iosManifest struct {
	files map[string]*iosExpect
}

type iosExpect struct {
	Certificates []iosWant `json:"certificates,omitempty"`
	References   []iosRef  `json:"references,omitempty"`
	Mismatch     []string  `json:"serial_mismatch,omitempty"`
	Error        string    `json:"error,omitempty"` // malformed, truncated, no-certificates
}

type iosWant struct {
	SHA256     string `json:"sha256"`
	Trustpoint string `json:"trustpoint"`
	Role       string `json:"role"`
}

type iosRef struct {
	Trustpoint string `json:"trustpoint"`
	Role       string `json:"role"`
	Serial     string `json:"serial"`
	Location   string `json:"location,omitempty"`
}

func (m *iosManifest) addBytes(name string, data []byte, chains ...iosChain) {
	if m.files == nil {
		m.files = map[string]*iosExpect{}
	}
	e := &iosExpect{}
	for _, ch := range chains {
		for _, en := range ch.entries {
			role := en.role
			if role == "" {
				role = "device"
			}
			sum := sha256.Sum256(en.cert.Raw)
			e.Certificates = append(e.Certificates, iosWant{hex.EncodeToString(sum[:]), ch.trustpoint, role})
		}
	}
	m.files[name] = e
	write("ios/config/"+name, data)
}

func (m *iosManifest) add(name, text string, chains ...iosChain) {
	m.addBytes(name, []byte(text), chains...)
}

func (m *iosManifest) addRefs(name, text string, refs []iosRef) {
	m.add(name, text)
	m.files[name].References = refs
	m.files[name].Error = "no-certificates"
}

func (m *iosManifest) bad(name, text, kind string) {
	m.add(name, text)
	m.files[name].Error = kind
}

func (m *iosManifest) write(rel string) {
	names := make([]string, 0, len(m.files))
	for n := range m.files {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("{\n")
	for i, n := range names {
		j, err := json.Marshal(m.files[n])
		check(err)
		fmt.Fprintf(&b, "  %q: %s", n, j)
		if i < len(names)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	write(rel, []byte(b.String()))
}

// iosDN writes a name as show crypto pki prints it: one attribute a line,
// the most specific first, short lowercase keys.
func iosDN(n pkix.Name) []string {
	keys := map[string]string{
		"2.5.4.3": "cn", "2.5.4.11": "ou", "2.5.4.10": "o", "2.5.4.7": "l", "2.5.4.8": "st", "2.5.4.6": "c",
		"2.5.4.5": "serialNumber", "1.2.840.113549.1.9.1": "ea", "1.2.840.113549.1.9.2": "hostname",
		"0.9.2342.19200300.100.1.25": "dc",
	}
	var out []string
	for i := len(n.Names) - 1; i >= 0; i-- {
		a := n.Names[i]
		k := keys[a.Type.String()]
		if k == "" {
			k = a.Type.String()
		}
		out = append(out, fmt.Sprintf("%s=%v", k, a.Value))
	}
	return out
}

// iosDate is a date as show crypto pki prints it: "00:00:00 UTC Jan 1 2025".
func iosDate(t time.Time) string { return t.UTC().Format("15:04:05 MST Jan 2 2006") }

// iosFP is a fingerprint as IOS prints it, groups of 8.
func iosFP(sum []byte) string {
	h := strings.ToUpper(hex.EncodeToString(sum))
	var g []string
	for i := 0; i < len(h); i += 8 {
		g = append(g, h[i:i+8])
	}
	return strings.Join(g, " ")
}

// iosStorage is the NVRAM file name IOS gives a certificate: the issuer's
// name without blanks cut to 12 characters, # and the serial's last byte.
func iosStorage(c *x509.Certificate, isCA bool) string {
	name := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, c.Issuer.CommonName)
	if len(name) > 12 {
		name = name[:12]
	}
	b := c.SerialNumber.Bytes()
	last := strings.ToUpper(fmt.Sprintf("%x", b[len(b)-1]))
	if isCA {
		last += "CA"
	}
	return "nvram:" + name + "#" + last + ".cer"
}

// showRecord is what the show output says about one certificate, in the
// manifest the parser's tests compare with.
type showRecord struct {
	Kind        string   `json:"kind"`
	Status      string   `json:"status,omitempty"`
	Serial      string   `json:"serial,omitempty"`
	Usage       string   `json:"usage,omitempty"`
	Issuer      string   `json:"issuer,omitempty"`
	Subject     string   `json:"subject"`
	NotBefore   string   `json:"not_before,omitempty"`
	NotAfter    string   `json:"not_after,omitempty"`
	Renew       string   `json:"renew,omitempty"`
	MD5         string   `json:"md5,omitempty"`
	SHA1        string   `json:"sha1,omitempty"`
	Trustpoints []string `json:"trustpoints,omitempty"`
	KeyLabel    string   `json:"key_label,omitempty"`
	Storage     string   `json:"storage,omitempty"`
	SHA256      string   `json:"sha256"` // the certificate it describes
}

// showCert is one certificate of show crypto pki certificates.
type showCert struct {
	kind     string // Certificate, CA Certificate, Router Self-Signed Certificate
	cert     *x509.Certificate
	tps      []string
	keyLabel string
	// renew is the renew date IOS prints for a certificate auto-enroll
	// renews; zero for the others.
	renew time.Time
}

func (s showCert) record(verbose, trustpool bool) showRecord {
	c := s.cert
	usage := "General Purpose"
	if s.kind == "CA Certificate" {
		usage = "Signature"
	}
	sum := sha256.Sum256(c.Raw)
	r := showRecord{Kind: s.kind, Status: "Available", Serial: x509text.IOSSerial(c), Usage: usage,
		Issuer: strings.Join(iosDN(c.Issuer), ","), Subject: strings.Join(iosDN(c.Subject), ","),
		NotBefore: c.NotBefore.UTC().Format(time.RFC3339), NotAfter: c.NotAfter.UTC().Format(time.RFC3339),
		SHA256: hex.EncodeToString(sum[:])}
	if !s.renew.IsZero() {
		r.Renew = s.renew.UTC().Format(time.RFC3339)
	}
	if !trustpool {
		r.Trustpoints = s.tps
		r.Storage = iosStorage(c, s.kind == "CA Certificate")
	}
	if verbose {
		m, s1 := md5.Sum(c.Raw), sha1.Sum(c.Raw)
		r.MD5, r.SHA1 = iosFP(m[:]), iosFP(s1[:])
		r.KeyLabel = s.keyLabel
	}
	return r
}

// showCertificates writes show crypto pki certificates [verbose], or show
// crypto pki trustpool, in the device's layout.
func showCertificates(certs []showCert, verbose, trustpool bool) string {
	var b strings.Builder
	for i, s := range certs {
		c := s.cert
		r := s.record(verbose, trustpool)
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s\n  Status: Available\n", s.kind)
		if verbose {
			b.WriteString("  Version: 3\n")
		}
		fmt.Fprintf(&b, "  Certificate Serial Number (hex): %s\n  Certificate Usage: %s\n  Issuer: \n", r.Serial, r.Usage)
		for _, l := range iosDN(c.Issuer) {
			fmt.Fprintf(&b, "    %s\n", l)
		}
		if s.kind == "CA Certificate" {
			b.WriteString("  Subject: \n")
		} else {
			fmt.Fprintf(&b, "  Subject:\n    Name: %s\n", c.Subject.CommonName)
		}
		for _, l := range iosDN(c.Subject) {
			fmt.Fprintf(&b, "    %s\n", l)
		}
		fmt.Fprintf(&b, "  Validity Date: \n    start date: %s\n    end   date: %s\n", iosDate(c.NotBefore), iosDate(c.NotAfter))
		if !s.renew.IsZero() {
			fmt.Fprintf(&b, "    renew date: %s\n", iosDate(s.renew))
		}
		if verbose {
			bits := c.PublicKey.(*rsa.PublicKey).N.BitLen()
			fmt.Fprintf(&b, "  Subject Key Info:\n    Public Key Algorithm: rsaEncryption\n    RSA Public Key: (%d bit)\n", bits)
			alg := map[x509.SignatureAlgorithm]string{x509.SHA256WithRSA: "SHA256 with RSA Encryption",
				x509.SHA1WithRSA: "SHA1 with RSA Encryption", x509.MD5WithRSA: "MD5 with RSA Encryption"}[c.SignatureAlgorithm]
			fmt.Fprintf(&b, "  Signature Algorithm: %s\n", alg)
			fmt.Fprintf(&b, "  Fingerprint MD5: %s \n  Fingerprint SHA1: %s \n", r.MD5, r.SHA1)
			b.WriteString("  X509v3 extensions:\n")
			if len(c.SubjectKeyId) > 0 {
				fmt.Fprintf(&b, "    X509v3 Subject Key ID: %X \n", c.SubjectKeyId)
			}
			if c.BasicConstraintsValid {
				fmt.Fprintf(&b, "    X509v3 Basic Constraints:\n        CA: %s\n", strings.ToUpper(fmt.Sprint(c.IsCA)))
			}
			if len(c.AuthorityKeyId) > 0 {
				fmt.Fprintf(&b, "    X509v3 Authority Key ID: %X \n", c.AuthorityKeyId)
			}
			b.WriteString("    Authority Info Access:\n")
			if !trustpool {
				b.WriteString("  Cert install time: 09:12:44 UTC Dec 1 2026\n")
			}
		}
		if !trustpool {
			fmt.Fprintf(&b, "  Associated Trustpoints: %s \n", strings.Join(s.tps, " "))
			if verbose && s.keyLabel != "" {
				fmt.Fprintf(&b, "  Key Label: %s\n", s.keyLabel)
			}
			fmt.Fprintf(&b, "  Storage: %s\n", r.Storage)
		}
	}
	return b.String()
}

// showTrustpoints writes show crypto pki trustpoints status for
// trustpoints with their CA and router certificates (either may be nil).
func showTrustpointsStatus(tps []string, cas, routers []*x509.Certificate) string {
	var b strings.Builder
	for i, tp := range tps {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "Trustpoint %s:\n", tp)
		for j, c := range []*x509.Certificate{cas[i], routers[i]} {
			if c == nil {
				continue
			}
			what := "Issuing CA certificate configured:"
			if j == 1 {
				what = "Router General Purpose certificate configured:"
			}
			m, s1 := md5.Sum(c.Raw), sha1.Sum(c.Raw)
			fmt.Fprintf(&b, "  %s\n    Subject Name:\n     %s\n    Fingerprint MD5: %s \n    Fingerprint SHA1: %s \n",
				what, strings.Join(iosDN(c.Subject), ","), iosFP(m[:]), iosFP(s1[:]))
		}
		b.WriteString("  State:\n    Keys generated ............. Yes (General Purpose, non-exportable)\n")
		fmt.Fprintf(&b, "    Issuing CA authenticated ....... %s\n", map[bool]string{true: "Yes", false: "No"}[cas[i] != nil])
		fmt.Fprintf(&b, "    Certificate request(s) ..... %s\n", map[bool]string{true: "Yes", false: "None"}[routers[i] != nil])
	}
	return b.String()
}

// showTrustpoints writes show crypto pki trustpoints (without status).
func showTrustpoints(tps []string, cas []*x509.Certificate) string {
	var b strings.Builder
	for i, tp := range tps {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "Trustpoint %s:\n    Subject Name: \n", tp)
		for j, l := range iosDN(cas[i].Subject) {
			if j == 0 {
				fmt.Fprintf(&b, "    %s\n", l)
			} else {
				fmt.Fprintf(&b, "          %s\n", l)
			}
		}
		fmt.Fprintf(&b, "          Serial Number (hex): %s\n    Certificate configured.\n", x509text.IOSSerial(cas[i]))
	}
	return b.String()
}

// genIOSShow writes testdata/ios/show: what the verybiggw gateway prints
// for each show crypto pki command, with the prompt, and manifest.json
// with the records each must give.
func genIOSShow(gw, issuing, licensing, root *x509.Certificate) {
	self := iosSelfSigned("IOS-Self-Signed-Certificate-3735928559", "", rsaKey("ios-rsa/self-signed", 2048), crypto.SHA256, notBefore, notAfter)
	// verybiggw's trustpoint has auto-enroll 80: IOS prints the renew
	// date, 80% of the way through the certificate's life.
	renew := gw.NotBefore.Add(gw.NotAfter.Sub(gw.NotBefore) / 100 * 80).Truncate(time.Second)
	certs := []showCert{
		{"Certificate", gw, []string{"verybiggw"}, "verybiggw", renew},
		{"CA Certificate", issuing, []string{"verybiggw"}, "", time.Time{}},
		{"Router Self-Signed Certificate", self, []string{"TP-self-signed-3735928559"}, "TP-self-signed-3735928559", time.Time{}},
		{"CA Certificate", licensing, []string{"SLA-TrustPoint"}, "", time.Time{}},
	}
	pool := []showCert{{"CA Certificate", licensing, nil, "", time.Time{}}, {"CA Certificate", root, nil, "", time.Time{}}}
	records := func(cs []showCert, verbose, trustpool bool) []showRecord {
		var out []showRecord
		for _, c := range cs {
			out = append(out, c.record(verbose, trustpool))
		}
		return out
	}
	manifest := map[string][]showRecord{}
	put := func(name, cmd, body string, recs []showRecord) {
		text := "verybiggw#" + cmd + "\n" + body + "verybiggw#\n"
		write("ios/show/"+name, []byte(text))
		manifest[name] = recs
	}
	put("certificates.txt", "show crypto pki certificates", showCertificates(certs, false, false), records(certs, false, false))
	verbose := showCertificates(certs, true, false)
	put("certificates-verbose.txt", "show crypto pki certificates verbose", verbose, records(certs, true, false))
	put("trustpool.txt", "show crypto pki trustpool", showCertificates(pool, false, true), records(pool, false, true))
	// Spacing as other releases and captures give it: CRLF, no trailing
	// blanks, tabs for indentation, one space in "end date:".
	sp := strings.NewReplacer(" \n", "\n", "    ", "\t", "end   date:", "end date:").Replace(verbose)
	put("certificates-verbose-spacing.txt", "show crypto pki certificates verbose", strings.ReplaceAll(sp, "\n", "\r\n"), records(certs, true, false))

	tps := []string{"SLA-TrustPoint", "TP-self-signed-3735928559", "verybiggw"}
	// The self-signed trustpoint has no CA: show crypto pki trustpoints
	// lists its own certificate's subject.
	trCAs := []*x509.Certificate{licensing, self, issuing}
	var trRecs []showRecord
	for i, c := range trCAs {
		trRecs = append(trRecs, showRecord{Kind: "Trustpoint CA", Subject: strings.Join(iosDN(c.Subject), ","),
			Serial: x509text.IOSSerial(c), Trustpoints: []string{tps[i]}, SHA256: sha256Hex(c)})
	}
	put("trustpoints.txt", "show crypto pki trustpoints", showTrustpoints(tps, trCAs), trRecs)

	cas := []*x509.Certificate{licensing, nil, issuing}
	routers := []*x509.Certificate{nil, self, gw}
	var stRecs []showRecord
	for i := range tps {
		for j, c := range []*x509.Certificate{cas[i], routers[i]} {
			if c == nil {
				continue
			}
			kind := "Issuing CA certificate"
			if j == 1 {
				kind = "Router General Purpose certificate"
			}
			m, s1 := md5.Sum(c.Raw), sha1.Sum(c.Raw)
			stRecs = append(stRecs, showRecord{Kind: kind, Subject: strings.Join(iosDN(c.Subject), ","),
				MD5: iosFP(m[:]), SHA1: iosFP(s1[:]), Trustpoints: []string{tps[i]}, SHA256: sha256Hex(c)})
		}
	}
	put("trustpoints-status.txt", "show crypto pki trustpoints status", showTrustpointsStatus(tps, cas, routers), stRecs)

	var b strings.Builder
	b.WriteString("{\n")
	names := make([]string, 0, len(manifest))
	for n := range manifest {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		j, err := json.MarshalIndent(manifest[n], "  ", "  ")
		check(err)
		fmt.Fprintf(&b, "  %q: %s", n, j)
		if i < len(names)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	write("ios/show/manifest.json", []byte(b.String()))
}

func sha256Hex(c *x509.Certificate) string {
	s := sha256.Sum256(c.Raw)
	return hex.EncodeToString(s[:])
}

// genIOSFleet writes testdata/ios/fleet: the running configurations of
// three gateways, as a backup tool keeps them (one file each), and the CA
// certificates an engineer holds (ca/).
//   - verybiggw: CA-signed, auto-enroll 80, everything as it should be;
//   - oldgw: IOS 12.4 with its self-signed MD5 1024-bit certificate, which
//     expired on 2020-01-01 (Cisco field notice FN70489), used for SIP TLS;
//   - casegw: CA-signed, but its CN is CaseGW for hostname casegw.
func genIOSFleet(root, issuing *ca, gwKey *rsa.PrivateKey, licensing *x509.Certificate) {
	gw := iosLeaf("verybiggw", "verybiggw.example.com", big.NewInt(0x1A2B3C4D5E6F), gwKey, issuing)
	self := iosSelfSigned("IOS-Self-Signed-Certificate-3735928559", "", rsaKey("ios-rsa/self-signed", 2048), crypto.SHA256, notBefore, notAfter)
	write("ios/fleet/verybiggw.cfg", []byte(iosConfig(iosGateway{hostname: "verybiggw", trustpoints: voiceTrustpoints("verybiggw", true),
		chains: []iosChain{
			{"TP-self-signed-3735928559", []iosEntry{{"self-signed", self}}},
			{"SLA-TrustPoint", []iosEntry{{"ca", licensing}}},
			{"verybiggw", []iosEntry{{"", gw}, {"ca", issuing.Cert}}}},
		signaling: "verybiggw"})))

	oldKey := rsaKey("ios-rsa/oldgw-1024", 1024)
	old := iosSelfSigned("IOS-Self-Signed-Certificate-1234567890", "", oldKey, crypto.MD5,
		time.Date(2008, 2, 6, 10, 27, 59, 0, time.UTC), time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	write("ios/fleet/oldgw.cfg", []byte(iosConfig(iosGateway{hostname: "oldgw", version: "12.4",
		trustpoints: []iosTrustpoint{{"TP-self-signed-1234567890", []string{"enrollment selfsigned",
			"subject-name cn=IOS-Self-Signed-Certificate-1234567890", "revocation-check none", "rsakeypair TP-self-signed-1234567890"}}},
		chains:    []iosChain{{"TP-self-signed-1234567890", []iosEntry{{"self-signed", old}}}},
		signaling: "TP-self-signed-1234567890"})))

	caseGW := iosLeaf("CaseGW", "casegw.example.com", big.NewInt(0x2C), gwKey, issuing)
	write("ios/fleet/casegw.cfg", []byte(iosConfig(iosGateway{hostname: "casegw",
		trustpoints: []iosTrustpoint{
			{"SLA-TrustPoint", []string{"enrollment pkcs12", "revocation-check crl", "hash sha256"}},
			{"casegw", []string{"enrollment terminal", "serial-number none", "fqdn casegw.example.com", "ip-address none",
				"subject-name cn=CaseGW", "revocation-check none", "rsakeypair casegw 2048", "hash sha256"}}},
		chains: []iosChain{
			{"SLA-TrustPoint", []iosEntry{{"ca", licensing}}},
			{"casegw", []iosEntry{{"ca", issuing.Cert}, {"", caseGW}}}},
		signaling: "casegw"})))

	write("ios/fleet/ca/issuing.pem", certsPEM(issuing.Cert))
	write("ios/fleet/ca/root.pem", certsPEM(root.Cert))
}
