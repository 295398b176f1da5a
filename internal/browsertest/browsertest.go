// Package browsertest drives a headless Chromium for the tests and the
// benchmark of certkit web's page: find the browser (or skip, or fail
// under CERTKIT_REQUIRE_CHROMIUM), start it off the network, run steps
// with a deadline, evaluate JavaScript, and drop files on the page as a
// user drags them. Only tests import it.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// Chromium finds the browser, or skips the test: CI installs it
// (apt-get install -y chromium), a developer's machine may lack it.
func Chromium(tb testing.TB) string {
	tb.Helper()
	if p := os.Getenv("CERTKIT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CERTKIT_REQUIRE_CHROMIUM") != "" {
		tb.Fatal("chromium not found, and $CERTKIT_REQUIRE_CHROMIUM says the browser tests must run")
	}
	tb.Skip("chromium not found: the browser tests of certkit web need it (apt-get install -y chromium, or set CERTKIT_CHROMIUM); CI always has it")
	return ""
}

// New starts a headless chromium with a fresh profile and returns
// the context of its one tab. The flags are the ones that work in a
// container without a sandbox or a GPU, and keep it off the network.
func New(tb testing.TB, width, height int) context.Context {
	tb.Helper()
	path := Chromium(tb)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(width, height),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	tb.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil { // start the browser now, with no deadline
		tb.Fatalf("starting %s: %v", path, err)
	}
	return ctx
}

// Within runs steps with a deadline, so that a page that never shows what
// the test waits for fails the test instead of hanging it.
func Within(tb testing.TB, ctx context.Context, d time.Duration, steps ...chromedp.Action[chromedp.Void]) {
	tb.Helper()
	tctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	if err := chromedp.Do(tctx, steps...); err != nil {
		tb.Fatal(err)
	}
}

// Eval evaluates js in the page, within a minute.
func Eval[T any](tb testing.TB, ctx context.Context, js string, opts ...chromedp.EvaluateOption) T {
	tb.Helper()
	tctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	v, err := chromedp.Run(tctx, chromedp.Evaluate[T](js, opts...))
	if err != nil {
		tb.Fatalf("%s: %v", js, err)
	}
	return v
}

// Drop drops the files on the page's drop zone as a user drags them from
// the file manager: dragEnter, dragOver and drop at the zone's centre.
func Drop(tb testing.TB, ctx context.Context, paths ...string) {
	tb.Helper()
	var abs []string
	for _, p := range paths {
		a, err := filepath.Abs(p)
		if err != nil {
			tb.Fatal(err)
		}
		abs = append(abs, a)
	}
	xy := Eval[[]float64](tb, ctx, `(() => {
		const d = document.getElementById('drop');
		d.scrollIntoView({block: 'center'});
		const r = d.getBoundingClientRect();
		return [r.left + r.width / 2, r.top + r.height / 2];
	})()`)
	data := &input.DragData{Items: []*input.DragDataItem{}, Files: abs, DragOperationsMask: 1}
	for _, typ := range []input.DispatchDragEventType{input.DispatchDragEventTypeDragEnter, input.DispatchDragEventTypeDragOver, input.DispatchDragEventTypeDrop} {
		if _, err := chromedp.Call(ctx, input.DispatchDragEvent, input.DispatchDragEventParams{Type: typ, X: xy[0], Y: xy[1], Data: data}); err != nil {
			tb.Fatalf("drag event %s: %v", typ, err)
		}
	}
}
