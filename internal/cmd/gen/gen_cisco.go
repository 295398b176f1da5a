package main

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"maps"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.mozilla.org/pkcs7"
)

// genCisco writes testdata/cisco: a three-level and a four-level hierarchy
// (root first), each with a gateway certificate, the CA's .p7b bundle, the
// fingerprints openssl prints for every certificate, and the expected IOS
// paste session built from openssl's output rather than from pkg/cisco.
func genCisco() {
	// Three levels: root, issuing CA, gateway gw1 (plus the CUCM publisher).
	root3 := newCA("Example Voice Root CA", rsaKey("cisco-rsa/cisco/three/root", 2048), nil)
	issuing3 := newCA("Example Voice Issuing CA", rsaKey("cisco-rsa/cisco/three/issuing", 2048), root3)
	gw1 := newLeaf("gw1", []string{"gw1.example.com"}, rsaKey("cisco-rsa/cisco/three/gw1", 2048), issuing3)
	cucm := newLeaf("cucm-pub.example.com", []string{"cucm-pub.example.com", "cucm-sub1.example.com"},
		rsaKey("cisco-rsa/cisco/three/cucm-pub", 2048), issuing3)
	writeCiscoSet("cisco/three", "gw1", map[string]*x509.Certificate{
		"root.pem": root3.Cert, "issuing.pem": issuing3.Cert, "gateway.pem": gw1, "cucm-pub.pem": cucm,
	}, []*x509.Certificate{root3.Cert, issuing3.Cert})

	// Four levels: root, policy CA, issuing CA, gateway gw2.
	root4 := newCA("Example Voice Root CA 2", rsaKey("cisco-rsa/cisco/four/root", 2048), nil)
	policy4 := newCA("Example Voice Policy CA", rsaKey("cisco-rsa/cisco/four/policy", 2048), root4)
	issuing4 := newCA("Example Voice Issuing CA 2", rsaKey("cisco-rsa/cisco/four/issuing", 2048), policy4)
	gw2 := newLeaf("gw2", []string{"gw2.example.com"}, rsaKey("cisco-rsa/cisco/four/gw2", 2048), issuing4)
	writeCiscoSet("cisco/four", "gw2", map[string]*x509.Certificate{
		"root.pem": root4.Cert, "policy.pem": policy4.Cert, "issuing.pem": issuing4.Cert, "gateway.pem": gw2,
	}, []*x509.Certificate{root4.Cert, policy4.Cert, issuing4.Cert})
}

// writeCiscoSet writes one hierarchy under dir: each certificate as PEM,
// certnew.p7b (the CA certificates, DER PKCS#7, as AD CS hands them out),
// fingerprints.txt (openssl's output for every certificate) and
// paste.golden (the paste session for trustpoint tp).
func writeCiscoSet(dir, tp string, files map[string]*x509.Certificate, cas []*x509.Certificate) {
	for name, c := range files {
		write(filepath.Join(dir, name), certsPEM(c))
	}
	var ders []byte
	for _, c := range cas {
		ders = append(ders, c.Raw...)
	}
	p7, err := pkcs7.DegenerateCertificate(ders)
	check(err)
	write(filepath.Join(dir, "certnew.p7b"), p7)

	// Record what openssl says, in file name order, commands included.
	var rec bytes.Buffer
	for _, name := range sortedKeys(files) {
		for _, alg := range []string{"md5", "sha1"} {
			args := []string{"x509", "-noout", "-fingerprint", "-" + alg, "-in", name}
			fmt.Fprintf(&rec, "$ openssl %s\n%s", strings.Join(args, " "), openssl(dir, args...))
		}
	}
	write(filepath.Join(dir, "fingerprints.txt"), rec.Bytes())

	// The expected paste session, from openssl's PEM and fingerprints.
	var g strings.Builder
	fmt.Fprintf(&g, "crypto pki authenticate %s\n", tp)
	g.WriteString(openssl(dir, "x509", "-in", "issuing.pem"))
	g.WriteString("quit\n")
	fmt.Fprintf(&g, "! IOS will show Fingerprint MD5: %s and Fingerprint SHA1: %s; answer yes only if they match\n",
		iosGroups(openssl(dir, "x509", "-noout", "-fingerprint", "-md5", "-in", "issuing.pem")),
		iosGroups(openssl(dir, "x509", "-noout", "-fingerprint", "-sha1", "-in", "issuing.pem")))
	fmt.Fprintf(&g, "crypto pki import %s certificate\n", tp)
	g.WriteString(openssl(dir, "x509", "-in", "gateway.pem"))
	g.WriteString("quit\n")
	write(filepath.Join(dir, "paste.golden"), []byte(g.String()))
}

// openssl runs /usr/bin/openssl (or openssl on PATH) in outDir/dir and
// returns its standard output.
func openssl(dir string, args ...string) string {
	bin := "/usr/bin/openssl"
	if _, err := exec.LookPath(bin); err != nil {
		bin = "openssl"
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = filepath.Join(outDir, dir)
	out, err := cmd.Output()
	check(err)
	return string(out)
}

var opensslFingerprint = regexp.MustCompile(`(?i)^\w+ Fingerprint=([0-9A-F:]+)\n$`)

// iosGroups turns openssl's "MD5 Fingerprint=A3:9B:..." into IOS's
// "A39B7683 F6B047A2 ...".
func iosGroups(line string) string {
	m := opensslFingerprint.FindStringSubmatch(line)
	if m == nil {
		check(fmt.Errorf("unexpected openssl output %q", line))
	}
	hex := strings.ToUpper(strings.ReplaceAll(m[1], ":", ""))
	var groups []string
	for i := 0; i < len(hex); i += 8 {
		groups = append(groups, hex[i:min(i+8, len(hex))])
	}
	return strings.Join(groups, " ")
}

func sortedKeys(m map[string]*x509.Certificate) []string {
	return slices.Sorted(maps.Keys(m))
}
