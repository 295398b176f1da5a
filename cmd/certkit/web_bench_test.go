package main

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/voicepki/certkit/internal/browsertest"
	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/convert"
)

// bigBundle writes a .p7b of n certificates, the store every benchmark
// of BENCHMARKS.md measures (internal/benchstore): 40 roots, two issuing
// CAs under each, and gateways issued by them.
func bigBundle(b *testing.B, n int) string {
	b.Helper()
	certs, err := testkit.BenchStore(n, 40)
	if err != nil {
		b.Fatal(err)
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
// page in headless chromium, until the page shows it: the count of
// certificates and chains, the first 100 chains drawn and the button for
// the rest, painted. Each round also times, in turn so that the machine's
// load hits all three alike, the API call alone from Go (the server's
// work, which the page cannot avoid) and certkit order --json on the same
// file (the command's own work). The metrics are milliseconds per round:
// page (from the drop to the paint, by the page's own clock), page-wall
// (the same from the test's side, including the DevTools round trips),
// api and order-json.
//
//	go test -run '^$' -bench WebDrop5000 -benchtime 5x -count 3 ./cmd/certkit
func BenchmarkWebDrop5000(b *testing.B) {
	const n = 5000
	path := bigBundle(b, n)
	s := startWeb(b)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	api := func() {
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
	ctx := browsertest.New(b, 1280, 800)
	// Wait without polling, which would take CPU from the page and the
	// server: a promise that the page's mark resolves.
	shownMark := `new Promise(resolve => new PerformanceObserver((list, obs) => {
		if (list.getEntriesByName('certkit:shown').length) { obs.disconnect(); resolve(true); }
	}).observe({type: 'mark', buffered: true}))`
	const cas = 3 * 40 // one chain for each gateway: the store's 40 roots and 80 issuing CAs are in theirs
	shown := fmt.Sprintf(`document.getElementById('status').textContent.startsWith('1 file: %d certificates in %d chains')
		&& document.querySelectorAll('#chains details.chain').length === 100
		&& document.getElementById('more-chains').textContent.includes('(%d not shown)')`, n, n-cas, n-cas-100)
	var inPage, wall, apiTime, cliTime time.Duration
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		if _, stderr, code := cli("order", "--json", path); code != 0 {
			b.Fatal(stderr)
		}
		t1 := time.Now()
		api()
		t2 := time.Now()
		cliTime += t1.Sub(t0)
		apiTime += t2.Sub(t1)

		openPage(b, ctx, s)
		t3 := time.Now()
		browsertest.Drop(b, ctx, path)
		browsertest.Eval[bool](b, ctx, shownMark, chromedp.EvalAwaitPromise)
		wall += time.Since(t3)
		if !browsertest.Eval[bool](b, ctx, shown) {
			b.Fatalf("the page does not show the 5,000 certificates: %s", browsertest.Eval[string](b, ctx, `document.getElementById('status').textContent`))
		}
		ms := browsertest.Eval[float64](b, ctx, `performance.getEntriesByName('certkit:shown')[0].startTime - performance.getEntriesByName('certkit:added')[0].startTime`)
		inPage += time.Duration(ms * float64(time.Millisecond))
	}
	per := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
	b.ReportMetric(per(inPage), "ms-page")
	b.ReportMetric(per(wall), "ms-page-wall")
	b.ReportMetric(per(apiTime), "ms-api")
	b.ReportMetric(per(cliTime), "ms-order-json")
	b.ReportMetric(0, "ns/op") // a round is four measurements; see the metrics
}
