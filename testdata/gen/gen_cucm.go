package main

import (
	"crypto"
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
//     the new root and issuing CA, one gateway's certificate a second time
//     under the name CUCM 14SU1 and later give an upload (CN_serial), and
//     an old gateway's certificate that expired in 2020 (54 files);
//   - stores/tomcat-trust: the root, a directory server's root CA, and the
//     two nodes' own tomcat certificates;
//   - gateways/: the 50 gateways' new CA-signed certificates;
//   - own/: the two nodes' tomcat certificates (CUCM's own);
//   - show-cert-list-trust.txt: `show cert list trust` for all of it, plus
//     a CAPF-trust store that was not downloaded;
//   - expected.txt: what the audit must recommend for each file, written
//     from what the generator made, not from certkit.
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
		self := selfSignedGateway(fqdn, oldKey, notBefore, notAfter)
		add("CallManager-trust", fqdn+".pem", self, "replaced-by-ca")
		if i == 7 {
			// Uploaded again: CUCM 14SU1 and later name it CN_serial.
			add("CallManager-trust", fmt.Sprintf("%s_%x.pem", fqdn, self.SerialNumber), self, "duplicate")
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
	// A gateway decommissioned long ago; its certificate expired in 2020.
	add("CallManager-trust", "vgw-old.example.com.pem",
		selfSignedGateway("vgw-old.example.com", oldKey, time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)), "expired")
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
}

// selfSignedGateway is the certificate an IOS gateway makes for itself
// with a self-signed trustpoint: CN the FQDN, no CA flag.
func selfSignedGateway(fqdn string, key crypto.Signer, from, until time.Time) *x509.Certificate {
	return sign(&x509.Certificate{
		Subject:     pkix.Name{CommonName: fqdn},
		NotBefore:   from,
		NotAfter:    until,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}, key.Public(), nil, key)
}
