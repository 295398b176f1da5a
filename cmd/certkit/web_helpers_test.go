package main

// The browser helpers of the page's benchmark (web_bench_test.go) and of
// the tests that hold the page's API to the command (web_test.go). The
// page's browser tests live beside it, in internal/web.

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/voicepki/certkit/cmd/certkit/internal/web"
	"github.com/voicepki/certkit/internal/browsertest"
)

// startWeb runs certkit web's server for the test.
func startWeb(tb testing.TB) *web.Server {
	tb.Helper()
	s, err := web.New(web.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	tb.Cleanup(func() {
		cancel()
		<-done
	})
	return s
}

// openPage loads the address certkit web prints, in a fresh page.
func openPage(tb testing.TB, ctx context.Context, s *web.Server) {
	tb.Helper()
	browsertest.Within(tb, ctx, time.Minute, chromedp.Navigate(s.URL()), chromedp.WaitVisible(chromedp.ID("choose")))
}

// cli runs a certkit command and returns its stdout, stderr and exit code.
func cli(args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// sample is the shipped AD CS bundle the page tests drop.
const sample = "../../testdata/samples/certnew.p7b"
