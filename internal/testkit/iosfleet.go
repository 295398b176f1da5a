package testkit

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/x509text"
)

// HexLines writes der as IOS does under crypto pki certificate chain: two
// spaces, then 8 groups of 8 hex digits (32 bytes) a line with a trailing
// space after a full line, the last line shorter; lowercase when lower.
func HexLines(der []byte, lower bool) string {
	h := strings.ToUpper(hex.EncodeToString(der))
	if lower {
		h = strings.ToLower(h)
	}
	var b strings.Builder
	for len(h) > 0 {
		n := min(64, len(h))
		b.WriteString(" ")
		for i := 0; i < n; i += 8 {
			b.WriteString(" " + h[i:min(i+8, n)])
		}
		if n == 64 && len(h) > 64 {
			b.WriteString(" ")
		}
		b.WriteString("\n")
		h = h[n:]
	}
	return b.String()
}

// Entry is one certificate of a chain: its header word ("" for the
// device's own certificate, "ca", "self-signed", "rollover").
type IOSEntry struct {
	Role string
	Cert *x509.Certificate
}

// Chain writes a crypto pki certificate chain block. The header serial is
// the certificate's, as IOS writes it.
func IOSChain(trustpoint string, entries ...IOSEntry) string {
	var b strings.Builder
	fmt.Fprintf(&b, "crypto pki certificate chain %s\n", trustpoint)
	for _, e := range entries {
		word := ""
		if e.Role != "" {
			word = e.Role + " "
		}
		fmt.Fprintf(&b, " certificate %s%s\n%s  \tquit\n", word, x509text.IOSSerial(e.Cert), HexLines(e.Cert.Raw, false))
	}
	return b.String()
}

// Keys are the keys a fleet is built from.
type FleetKeys struct {
	CA     *rsa.PrivateKey
	Device *rsa.PrivateKey
}

// NewKeys generates a fleet's two RSA 2048 keys.
func NewFleetKeys() (*FleetKeys, error) {
	ca, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	dev, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	return &FleetKeys{CA: ca, Device: dev}, nil
}

// Fleet writes n gateway configurations, gw0001 to gwNNNN: each a whole
// show running-config with an SLA trustpoint, a voice trustpoint named
// after the host (auto-enroll 80, hash sha256) whose router certificate
// the fleet's issuing CA signed, sip-ua crypto signaling, and the secure
// conference bridge and SIP TLS and SRTP dial-peers of the recommended
// build. One gateway
// in ten has a CN in other letter case, one in twenty an expired
// certificate, so that the audit has findings to write.
func Fleet(n int, k *FleetKeys) ([][]byte, error) {
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Fleet Issuing CA", Organization: []string{"Example Voice"}},
		NotBefore: from, NotAfter: from.AddDate(20, 0, 0), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign}
	ca, err := issue(caTmpl, caTmpl, k.CA.Public(), k.CA)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, n)
	for i := range out {
		host := fmt.Sprintf("gw%04d", i+1)
		cn := host
		if i%10 == 9 {
			cn = strings.ToUpper(host)
		}
		until := from.AddDate(2, 0, 0)
		if i%20 == 19 {
			until = from.AddDate(0, 6, 0)
		}
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(int64(1000 + i)), Subject: pkix.Name{CommonName: cn, Organization: []string{"Example Voice"}},
			DNSNames: []string{host + ".example.com"}, NotBefore: from, NotAfter: until,
			KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}}
		dev, err := issue(tmpl, ca, k.Device.Public(), k.CA)
		if err != nil {
			return nil, err
		}
		out[i] = []byte(IOSConfig(host, IOSChain(host, IOSEntry{"", dev}, IOSEntry{"ca", ca})))
	}
	return out, nil
}

// Config wraps chains in a whole configuration for host, with its voice
// trustpoint.
func IOSConfig(host string, chains ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Building configuration...\n\nCurrent configuration : 8412 bytes\n!\nversion 17.9\nservice timestamps debug datetime msec\n!\nhostname %s\n!\n", host)
	b.WriteString("boot-start-marker\nboot-end-marker\n!\nno aaa new-model\n!\nip domain name example.com\n!\n")
	fmt.Fprintf(&b, "crypto pki trustpoint %s\n enrollment url http://ca.example.com/certsrv/mscep/mscep.dll\n serial-number none\n fqdn %s.example.com\n ip-address none\n subject-name cn=%s\n revocation-check none\n rsakeypair %s 2048\n auto-enroll 80 regenerate\n hash sha256\n!\n", host, host, host, host)
	for _, c := range chains {
		b.WriteString(c)
	}
	b.WriteString("!\nvoice-card 0/4\n dsp services dspfarm\n!\nvoice service voip\n ip address trusted list\n  ipv4 192.0.2.20\n srtp fallback\n sip\n  session transport tcp tls\n  srtp negotiate cisco\n!\n")
	b.WriteString("voice class codec 1\n codec preference 1 g711ulaw\n!\ninterface GigabitEthernet0/0/0\n ip address 192.0.2.10 255.255.255.0\n!\ncontrol-plane\n!\n")
	// The secure conference bridge and the dial-peers to and from CUCM,
	// as the recommended build has them.
	fmt.Fprintf(&b, "sccp local GigabitEthernet0/0/0\nsccp ccm 192.0.2.20 identifier 1 version 7.0 trustpoint %s\nsccp\n!\n", host)
	fmt.Fprintf(&b, "sccp ccm group 1\n bind interface GigabitEthernet0/0/0\n associate ccm 1 priority 1\n associate profile 1 register %s\n!\n", host)
	fmt.Fprintf(&b, "dspfarm profile 1 conference security \n trustpoint %s\n codec g711ulaw\n maximum sessions 4\n associate application SCCP\n!\n", host)
	for _, dp := range []string{"100 voip\n description from CUCM\n session protocol sipv2\n incoming called-number .\n",
		"200 voip\n description to CUCM\n destination-pattern 1...\n session protocol sipv2\n session target ipv4:192.0.2.20:5061\n"} {
		fmt.Fprintf(&b, "dial-peer voice %s session transport tcp tls\n voice-class codec 1  \n voice-class sip srtp negotiate cisco\n dtmf-relay rtp-nte\n srtp fallback\n!\n", dp)
	}
	fmt.Fprintf(&b, "sip-ua \n crypto signaling default trustpoint %s \n!\nline vty 0 4\n transport input ssh\n!\nend\n", host)
	return b.String()
}

func issue(tmpl, parent *x509.Certificate, pub crypto.PublicKey, key crypto.Signer) (*x509.Certificate, error) {
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, key)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}
