package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"math/big"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/voicepki/certkit/pkg/convert"
)

// bigBundle writes a .p7b of n certificates: a root, two issuing CAs and
// gateways issued by them in turn, as a CA's export of everything it
// issued.
func bigBundle(b *testing.B, n int) string {
	b.Helper()
	key := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			b.Fatal(err)
		}
		return k
	}
	serial := int64(0)
	mk := func(cn string, ca bool, pub *ecdsa.PublicKey, parent *x509.Certificate, signer *ecdsa.PrivateKey) *x509.Certificate {
		serial++
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(serial),
			Subject:      pkix.Name{CommonName: cn, Organization: []string{"Example Voice"}},
			NotBefore:    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
			NotAfter:     time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC),
			KeyUsage:     x509.KeyUsageDigitalSignature,
		}
		if ca {
			tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
			tmpl.KeyUsage = x509.KeyUsageCertSign
		}
		if parent == nil {
			parent = tmpl
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
		if err != nil {
			b.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	rk := key()
	root := mk("Bench Root CA", true, &rk.PublicKey, nil, rk)
	certs := []*x509.Certificate{root}
	var cas []*x509.Certificate
	var caKeys []*ecdsa.PrivateKey
	for i := range 2 {
		k := key()
		cas = append(cas, mk(fmt.Sprintf("Bench Issuing CA %d", i+1), true, &k.PublicKey, root, rk))
		caKeys = append(caKeys, k)
	}
	certs = append(certs, cas...)
	gw := key()
	for i := 0; len(certs) < n; i++ {
		certs = append(certs, mk(fmt.Sprintf("gw%d.example.net", i), false, &gw.PublicKey, cas[i%2], caKeys[i%2]))
	}
	p7b, err := convert.Encode(certs, convert.EncodeOptions{Format: convert.FormatPKCS7})
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "bench-5000.p7b")
	if err := os.WriteFile(path, p7b, 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkWebDrop5000 measures a 5,000-certificate .p7b dropped on the
// page in headless chromium (sub-benchmark page), until the page shows it:
// the count of certificates and chains, the first 100 chains drawn and
// the button for the rest. It compares with the API call alone from Go
// (api): the server's work, which the page cannot avoid; and with certkit
// order --json on the same file (order-json), the command's own work.
//
//	go test -run '^$' -bench WebDrop5000 -benchtime 5x ./cmd/certkit
func BenchmarkWebDrop5000(b *testing.B) {
	const n = 5000
	path := bigBundle(b, n)
	s := startWeb(b)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("order-json", func(b *testing.B) { // the command's own work on the same file, for scale
		for b.Loop() {
			if _, stderr, code := cli("order", "--json", path); code != 0 {
				b.Fatal(stderr)
			}
		}
	})
	b.Run("api", func(b *testing.B) {
		for b.Loop() {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			w, _ := mw.CreateFormFile("file", filepath.Base(path))
			w.Write(data)
			mw.Close()
			req, _ := http.NewRequest("POST", "http://"+s.Addr()+"/api/analyze", &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("X-Certkit-Token", s.Token())
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Fatal(resp.Status)
			}
		}
	})
	b.Run("page", func(b *testing.B) {
		ctx := newBrowser(b, 1280, 800)
		// Wait without polling, which would take CPU from the page and
		// the server: a promise that the page's mark resolves.
		shownMark := `new Promise(resolve => new PerformanceObserver((list, obs) => {
			if (list.getEntriesByName('certkit:shown').length) { obs.disconnect(); resolve(true); }
		}).observe({type: 'mark', buffered: true}))`
		shown := fmt.Sprintf(`document.getElementById('status').textContent.startsWith('1 file: %d certificates in %d chains')
			&& document.querySelectorAll('#chains details.chain').length === 100
			&& document.getElementById('more-chains').textContent.includes('(%d not shown)')`, n, n-3, n-3-100)
		var inPage, answer time.Duration
		for range b.N {
			b.StopTimer()
			openPage(b, ctx, s)
			b.StartTimer()
			drop(b, ctx, path)
			eval[bool](b, ctx, shownMark, chromedp.EvalAwaitPromise)
			b.StopTimer()
			if !eval[bool](b, ctx, shown) {
				b.Fatalf("the page does not show the 5,000 certificates: %s", eval[string](b, ctx, `document.getElementById('status').textContent`))
			}
			// The page's own clock, from the drop to the paint after the
			// chains are drawn: without the test's polling delay.
			ms := eval[[]float64](b, ctx, `['certkit:added', 'certkit:answered', 'certkit:shown'].map(n => performance.getEntriesByName(n)[0].startTime)`)
			inPage += time.Duration((ms[2] - ms[0]) * float64(time.Millisecond))
			answer += time.Duration((ms[1] - ms[0]) * float64(time.Millisecond))
		}
		b.ReportMetric(float64(inPage.Milliseconds())/float64(b.N), "ms-drop-to-shown/op")
		b.ReportMetric(float64(answer.Milliseconds())/float64(b.N), "ms-drop-to-answer/op")
	})
}
