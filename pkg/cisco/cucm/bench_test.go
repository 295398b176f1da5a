package cucm

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/pkg/convert"
)

// benchStore makes a 5,000-certificate CallManager-trust as DER files:
// the root, the issuing CA and 4,998 self-signed gateway certificates
// (one shared key), with CA-signed successors for half the gateways.
// newKey makes the three keys (root, issuing CA, gateways).
func benchStore(newKey func() crypto.Signer) ([]File, [][]byte) {
	rootKey, issKey, key := newKey(), newKey(), newKey()
	mk := func(tmpl, parent *x509.Certificate, pub any, signer crypto.Signer) []byte {
		tmpl.NotBefore, tmpl.NotAfter = testStart, testEnd
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
		if err != nil {
			panic(err)
		}
		return der
	}
	caTmpl := func(cn string, n int64) *x509.Certificate {
		return &x509.Certificate{SerialNumber: big.NewInt(n), Subject: pkix.Name{CommonName: cn},
			KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true, IsCA: true}
	}
	rootT := caTmpl("Bench Root CA", 1)
	rootDER := mk(rootT, rootT, rootKey.Public(), rootKey)
	root, _ := x509.ParseCertificate(rootDER)
	issDER := mk(caTmpl("Bench Issuing CA", 2), root, issKey.Public(), rootKey)
	iss, _ := x509.ParseCertificate(issDER)
	files := []File{{Name: "root.der", Data: rootDER}, {Name: "issuing.der", Data: issDER}}
	var gateways [][]byte
	for i := range 4998 {
		fqdn := fmt.Sprintf("vgw%04d.example.com", i)
		t := &x509.Certificate{SerialNumber: big.NewInt(int64(10 + i)), Subject: pkix.Name{CommonName: fqdn}}
		files = append(files, File{Name: fqdn + ".der", Data: mk(t, t, key.Public(), key)})
		if i%2 == 0 {
			g := &x509.Certificate{SerialNumber: big.NewInt(int64(100000 + i)), Subject: pkix.Name{CommonName: fqdn[:7]}, DNSNames: []string{fqdn}}
			gateways = append(gateways, mk(g, iss, key.Public(), issKey))
		}
	}
	return files, gateways
}

// benchStores are the store with P-256 keys and with RSA 2048 keys (what
// IOS self-signed certificates carry; slow to make, so made once).
var benchStores = []struct {
	name  string
	store func() ([]File, [][]byte)
}{
	{"p256", sync.OnceValues(func() ([]File, [][]byte) {
		return benchStore(func() crypto.Signer { k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader); return k })
	})},
	{"rsa2048", sync.OnceValues(func() ([]File, [][]byte) {
		return benchStore(func() crypto.Signer { k, _ := rsa.GenerateKey(rand.Reader, 2048); return k })
	})},
}

// BenchmarkAudit5000 audits the 5,000-certificate store from its bytes
// (decode every file and every gateway certificate, check every signature
// on every core, plan), against the floor of decoding each store file
// and checking one signature per certificate on one core.
func BenchmarkAudit5000(b *testing.B) {
	for _, bs := range benchStores {
		b.Run(bs.name, func(b *testing.B) { benchAudit(b, bs.store) })
	}
}

func benchAudit(b *testing.B, store func() ([]File, [][]byte)) {
	b.Run("floor", func(b *testing.B) {
		files, _ := store()
		defer reportCPU(b, cpuTime())
		for b.Loop() {
			n := 0
			for _, f := range files {
				res, err := convert.Decode(f.Data, convert.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if sigcheck.SelfSigned(res.Certificates[0]) {
					n++
				}
			}
			if n != len(files)-1 { // all but the issuing CA
				b.Fatalf("%d self-signed", n)
			}
		}
	})
	b.Run("audit", func(b *testing.B) {
		files, gwDER := store()
		defer reportCPU(b, cpuTime())
		var checks int64
		for b.Loop() {
			s, err := readStore("CallManager-trust", files)
			if err != nil {
				b.Fatal(err)
			}
			var gws []*x509.Certificate
			for _, d := range gwDER {
				res, err := convert.Decode(d, convert.Options{})
				if err != nil {
					b.Fatal(err)
				}
				gws = append(gws, res.Certificates...)
			}
			rep, a, err := audit([]*trustStore{s}, Options{At: testAt, Gateways: gws})
			if err != nil {
				b.Fatal(err)
			}
			replaced := 0
			for _, a := range rep.Actions {
				if a.Code == codeReplacedByCA {
					replaced++
				}
			}
			if rep.Stores[0].After != 2 || replaced != 2499 {
				b.Fatalf("after %d, %d replaced-by-ca", rep.Stores[0].After, replaced)
			}
			checks = a.checks.Load()
		}
		b.ReportMetric(float64(checks), "sigchecks/op")
	})
}

// reportCPU adds the CPU time per operation since start (all cores
// together) to b's figures, as cpu-ms/op.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
