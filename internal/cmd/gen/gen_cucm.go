package main

import (
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"
)

// genCUCM writes testdata/cucm.
//
// site/ is a CUCM cluster whose gateways used self-signed certificates
// and then moved to a CA, as `certkit cucm audit` finds it:
//
//   - stores/CallManager-trust: the 50 gateways' self-signed certificates,
//     made as IOS makes them (iosSelfSigned: CA:TRUE, no key usage,
//     SHA-256 or SHA-1) under IOS's three name forms, the new root and
//     issuing CA, one gateway's certificate a second time under the name
//     CUCM 14SU1 and later give an upload (CN_serial), and an old
//     gateway's certificate that expired on 2020-01-01, as IOS's did
//     before the fix of Cisco field notice FN70489 (54 files);
//   - stores/tomcat-trust: the root, a directory server's root CA, and the
//     two nodes' own tomcat certificates;
//   - gateways/: the 50 gateways' new CA-signed certificates;
//   - own/: the two nodes' tomcat certificates (CUCM's own);
//   - show-cert-list-trust.txt: `show cert list trust` for all of it, plus
//     a CAPF-trust store that was not downloaded;
//   - expected.txt: what the audit must recommend for each file, written
//     from what the generator made, not from certkit.
//
// ios-store/ is the CallManager-trust of issue 17, filled the way IOS
// fills it: 20 gateways' self-signed certificates, 5 of CUCM's default
// CAs, the new root and issuing CA and Cisco Licensing Root CA (28
// files), with the 20 gateways' new certificates in gateways/.
//
// rekey/ is a CallManager-trust store holding the root and the old copy
// of the issuing CA of chain/adcs-renewed.p7b (the same certificates), for
// the upload plan checked against the store (cucm --store-dir).
func genCUCM() {
	const dir = "cucm/site"
	root := newCA("Example Voice Root CA 2026", rsaKey("cucm-rsa/site/root", 2048), nil)
	issuing := newCA("Example Voice Issuing CA 2026", rsaKey("cucm-rsa/site/issuing", 2048), root)
	// One key for every self-signed gateway certificate and one for every
	// new one: RSA key generation is slow, and the audit does not care.
	oldKey := rsaKey("cucm-rsa/site/gateway-self-signed", 2048)
	newKey := rsaKey("cucm-rsa/site/gateway-ca-signed", 2048)

	type file struct {
		store, name string
		cert        *x509.Certificate
		expect      string
	}
	var files []file
	add := func(store, name string, c *x509.Certificate, expect string) {
		files = append(files, file{store, name, c, expect})
	}
	for i := 1; i <= 50; i++ {
		host := fmt.Sprintf("vgw%02d", i)
		fqdn := host + ".example.com"
		g := siteGateway(i, host, "example.com", oldKey)
		add("CallManager-trust", g.file, g.cert, g.expect)
		if i == 7 {
			// Uploaded again: CUCM 14SU1 and later name it CN_serial.
			add("CallManager-trust", fmt.Sprintf("%s_%02X.pem", g.cert.Subject.CommonName, g.cert.SerialNumber), g.cert, "duplicate")
		}
		gw := sign(&x509.Certificate{
			Subject:     pkix.Name{CommonName: host, Organization: []string{"Example Voice"}, Country: []string{"US"}},
			DNSNames:    []string{fqdn},
			NotBefore:   time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
			KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		}, newKey.Public(), issuing, nil)
		write(path.Join(dir, "gateways", host+".pem"), certsPEM(gw))
	}
	// A gateway decommissioned long ago: IOS 15 made its TP-self-signed
	// certificate with a 1024-bit key and SHA-1, to expire on 2020-01-01.
	old := iosSelfSigned(iosSelfSignedCN("vgw-old"), "vgw-old.example.com", rsaKey("ios-rsa/oldgw-1024", 1024), crypto.SHA1,
		time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	add("CallManager-trust", old.Subject.CommonName+".pem", old, "expired")
	add("CallManager-trust", "Example_Voice_Root_CA_2026.pem", root.Cert, "keep")
	add("CallManager-trust", "Example_Voice_Issuing_CA_2026.pem", issuing.Cert, "keep")

	ldap := newCA("Example Directory Root CA", ecKey("cucm-ec/site/ldap-root"), nil)
	nodeKey := rsaKey("cucm-rsa/site/node-tomcat", 2048)
	add("tomcat-trust", "Example_Voice_Root_CA_2026.pem", root.Cert, "keep")
	add("tomcat-trust", "Example_Directory_Root_CA.pem", ldap.Cert, "keep")
	for _, node := range []string{"cucm-pub", "cucm-sub1"} {
		fqdn := node + ".example.com"
		c := sign(&x509.Certificate{
			Subject:               pkix.Name{CommonName: fqdn, Organization: []string{"Example Voice"}, OrganizationalUnit: []string{"Voice"}, Country: []string{"US"}},
			DNSNames:              []string{fqdn},
			KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment | x509.KeyUsageCertSign,
			ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
			BasicConstraintsValid: true,
			IsCA:                  true,
		}, nodeKey.Public(), nil, nodeKey)
		add("tomcat-trust", fqdn+".pem", c, "keep")
		write(path.Join(dir, "own", node+"-tomcat.pem"), certsPEM(c))
	}

	sort.SliceStable(files, func(i, j int) bool {
		if files[i].store != files[j].store {
			return files[i].store < files[j].store
		}
		return files[i].name < files[j].name
	})
	var list, expected strings.Builder
	list.WriteString("admin:show cert list trust\n\n")
	for _, f := range files {
		write(path.Join(dir, "stores", f.store, f.name), certsPEM(f.cert))
		fmt.Fprintf(&list, "%s/%s: Trust Certificate\n", f.store, f.name)
		fmt.Fprintf(&expected, "%s/%s %s\n", f.store, f.name, f.expect)
	}
	// A store that was listed but not downloaded.
	list.WriteString("CAPF-trust/Cisco_Manufacturing_CA_SHA2.pem: Trust Certificate\n")
	list.WriteString("CAPF-trust/CAPF-5a2c1e0b.pem: Trust Certificate\n")
	list.WriteString("\nadmin:\n")
	write(path.Join(dir, "show-cert-list-trust.txt"), []byte(strings.ReplaceAll(list.String(), "\n", "\r\n")))
	write(path.Join(dir, "expected.txt"), []byte(expected.String()))

	// The re-keyed issuing CA of chain/adcs-renewed.p7b: the same root and
	// old copy, made from the same keys and templates.
	chainRoot := chainCA("Example Voice Root CA", ecKey("chain-ec/root"), nil, time.Time{})
	oldCA := chainCA("Example Voice Issuing CA", ecKey("chain-ec/issuing-1"), chainRoot, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))
	write("cucm/rekey/CallManager-trust/Example_Voice_Root_CA.pem", certsPEM(chainRoot.Cert))
	write("cucm/rekey/CallManager-trust/Example_Voice_Issuing_CA.pem", certsPEM(oldCA.Cert))

	genCUCMIOSStore()
}

// genCUCMIOSStore writes testdata/cucm/ios-store, the CallManager-trust
// of issue 17 as IOS fills it:
//
//   - CallManager-trust/: 20 gateways' self-signed certificates made as
//     IOS makes them (CA:TRUE, no key usage): vgw01 to vgw07 under CN the
//     FQDN with unstructuredName, vgw08 to vgw14 under CN the hostname,
//     vgw15 to vgw20 under IOS-Self-Signed-Certificate-N with
//     unstructuredName, SHA-256 and SHA-1 in turn; 5 of CUCM's default
//     CAs (look-alikes made here, named as CUCM names them: Cisco Root CA
//     2048, self-signed with SHA-1, and Cisco Manufacturing CA, signed by
//     it with SHA-1; Cisco Root CA M2 and Cisco Manufacturing CA SHA2;
//     ACT2 SUDI CA); the new root and issuing CA; Cisco Licensing Root CA
//     (look-alike). 28 files.
//   - gateways/: the 20 gateways' new certificates from the issuing CA.
//   - devices.txt: the 20 hostnames, one a line.
//   - expected.txt: per file, what the audit must do with --gateways,
//     with the hostnames alone (--hostname), and with nothing else.
func genCUCMIOSStore() {
	const dir = "cucm/ios-store"
	root := newCA("VeryBigCo Voice Root CA", rsaKey("cucm-rsa/ios-store/root", 2048), nil)
	issuing := newCA("VeryBigCo Voice Issuing CA", rsaKey("cucm-rsa/ios-store/issuing", 2048), root)
	selfKey := rsaKey("cucm-rsa/ios-store/self-signed", 2048)
	newKey := rsaKey("cucm-rsa/ios-store/ca-signed", 2048)
	var expected, devices strings.Builder
	store := map[string]*x509.Certificate{}
	expect := map[string]string{}
	for i := 1; i <= 20; i++ {
		host := fmt.Sprintf("vgw%02d", i)
		fqdn := host + ".verybigco.com"
		h := crypto.SHA256
		if i%2 == 0 {
			h = crypto.SHA1
		}
		var c *x509.Certificate
		switch {
		case i <= 7:
			c = iosSelfSigned(fqdn, fqdn, selfKey, h, notBefore, notAfter)
			expect[c.Subject.CommonName+".pem"] = "replaced-by-ca self-signed-device keep"
		case i <= 14:
			c = iosSelfSigned(host, "", selfKey, h, notBefore, notAfter)
			expect[c.Subject.CommonName+".pem"] = "replaced-by-ca self-signed-device keep"
		default:
			c = iosSelfSigned(iosSelfSignedCN(fqdn), fqdn, selfKey, h, notBefore, notAfter)
			expect[c.Subject.CommonName+".pem"] = "replaced-by-ca self-signed-device self-signed-device"
		}
		store[c.Subject.CommonName+".pem"] = c
		fmt.Fprintln(&devices, host)
		gw := sign(&x509.Certificate{
			Subject:     pkix.Name{CommonName: host, Organization: []string{"VeryBigCo"}, Country: []string{"US"}},
			DNSNames:    []string{fqdn},
			NotBefore:   time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
			KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		}, newKey.Public(), issuing, nil)
		write(path.Join(dir, "gateways", host+".pem"), certsPEM(gw))
	}
	cisco2048 := ciscoCA("Cisco Root CA 2048", "Cisco Systems", nil, crypto.SHA1)
	m2 := ciscoCA("Cisco Root CA M2", "Cisco", nil, crypto.SHA256)
	for name, c := range map[string]*ca{
		"Cisco_Root_CA_2048.pem":          cisco2048,
		"Cisco_Manufacturing_CA.pem":      ciscoCA("Cisco Manufacturing CA", "Cisco Systems", cisco2048, crypto.SHA1),
		"ACT2_SUDI_CA.pem":                ciscoCA("ACT2 SUDI CA", "Cisco", cisco2048, crypto.SHA256),
		"Cisco_Root_CA_M2.pem":            m2,
		"Cisco_Manufacturing_CA_SHA2.pem": ciscoCA("Cisco Manufacturing CA SHA2", "Cisco", m2, crypto.SHA256),
		"Cisco_Licensing_Root_CA.pem":     ciscoCA("Cisco Licensing Root CA", "Cisco", nil, crypto.SHA256),
		"VeryBigCo_Voice_Root_CA.pem":     root,
		"VeryBigCo_Voice_Issuing_CA.pem":  issuing,
	} {
		store[name] = c.Cert
		expect[name] = "keep keep keep"
	}
	var names []string
	for n := range store {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		write(path.Join(dir, "CallManager-trust", n), certsPEM(store[n]))
		fmt.Fprintf(&expected, "CallManager-trust/%s %s\n", n, expect[n])
	}
	write(path.Join(dir, "expected.txt"), []byte(expected.String()))
	write(path.Join(dir, "devices.txt"), []byte(devices.String()))
}

// ciscoCA is a look-alike of one of the Cisco CAs CUCM's trust stores
// hold by default: named as the real one (CN and O), made here with an
// RSA 2048 key, signed with h by parent (self-signed when nil).
func ciscoCA(cn, org string, parent *ca, h crypto.Hash) *ca {
	key := rsaKey("cucm-rsa/ios-store/"+cn, 2048)
	c := sign(&x509.Certificate{
		Subject:               pkix.Name{CommonName: cn, Organization: []string{org}},
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}, key.Public(), parent, key)
	if h != crypto.SHA256 {
		signer := key
		if parent != nil {
			signer = parent.Key.(*rsa.PrivateKey)
		}
		c = resignCert(c, signer, h)
	}
	return &ca{Cert: c, Key: key}
}

// siteGateway is gateway i's self-signed certificate, made as IOS makes
// it, under one of IOS's name forms, with the file name CUCM gives it
// (the CN) and what the audit must do with it given the gateways' new
// certificates:
//
//   - 1 to 20: CN the FQDN, with the FQDN as unstructuredName
//     (subject-name cn=FQDN): replaced-by-ca;
//   - 21 to 35: CN the hostname (subject-name cn=HOST, fqdn none):
//     replaced-by-ca;
//   - 36 to 45: IOS's own CN IOS-Self-Signed-Certificate-N with the FQDN
//     as unstructuredName, as older releases make it: replaced-by-ca;
//   - 46 to 50: IOS's own CN alone, as IOS-XE 17 makes it: nothing names
//     the device, so self-signed-device.
//
// Odd ones are signed with SHA-256 (hash sha256), even ones with SHA-1.
func siteGateway(i int, host, domain string, key *rsa.PrivateKey) struct {
	cert         *x509.Certificate
	file, expect string
} {
	fqdn := host + "." + domain
	h := crypto.SHA256
	if i%2 == 0 {
		h = crypto.SHA1
	}
	var c *x509.Certificate
	expect := "replaced-by-ca"
	switch {
	case i <= 20:
		c = iosSelfSigned(fqdn, fqdn, key, h, notBefore, notAfter)
	case i <= 35:
		c = iosSelfSigned(host, "", key, h, notBefore, notAfter)
	case i <= 45:
		c = iosSelfSigned(iosSelfSignedCN(fqdn), fqdn, key, h, notBefore, notAfter)
	default:
		c = iosSelfSigned(iosSelfSignedCN(fqdn), "", key, h, notBefore, notAfter)
		expect = "self-signed-device"
	}
	return struct {
		cert         *x509.Certificate
		file, expect string
	}{c, c.Subject.CommonName + ".pem", expect}
}
