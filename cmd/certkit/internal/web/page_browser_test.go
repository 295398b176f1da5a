package web_test

// Tests of certkit web in a real browser: Debian's chromium, headless,
// driven through the DevTools protocol by chromedp. Each compares what the
// page gives with what the certkit command prints for the same file.

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"io"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/google/go-cmp/cmp"

	"github.com/voicepki/certkit/cmd/certkit/internal/web"
	"github.com/voicepki/certkit/internal/browsertest"
	"github.com/voicepki/certkit/internal/testkit"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "write docs/web.png, the README's picture of the page, from the browser test")

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

// waitFor polls the page until the JavaScript expression is true.
func waitFor(tb testing.TB, ctx context.Context, what, js string) {
	tb.Helper()
	tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Run(tctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		status := browsertest.Eval[string](tb, ctx, `document.getElementById('status').textContent`)
		tb.Fatalf("waiting for %s: %v (the page says %q)", what, err, status)
	}
}

// openPage loads the address certkit web prints, in a fresh page.
func openPage(tb testing.TB, ctx context.Context, s *web.Server) {
	tb.Helper()
	browsertest.Within(tb, ctx, time.Minute, chromedp.Navigate(s.URL()), chromedp.WaitVisible(chromedp.ID("choose")))
}

// cli runs a certkit command and returns its stdout, stderr and exit
// code: the command built once from this module (go build), run in this
// folder, as a user runs it.
func cli(args ...string) (string, string, int) {
	bin, err := certkitBinary()
	if err != nil {
		return "", err.Error(), -1
	}
	var out, errb bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(""), &out, &errb
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return out.String(), errb.String(), exit.ExitCode()
	case err != nil:
		return out.String(), err.Error(), -1
	}
	return out.String(), errb.String(), 0
}

// exitCheck is certkit's exit code when a check says no.
const exitCheck = 1

// certkitBinary builds cmd/certkit once into a temporary folder, removed
// by TestMain.
var certkitBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "certkit-browser-test-")
	if err != nil {
		return "", err
	}
	binDir = dir
	bin := filepath.Join(dir, "certkit")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/voicepki/certkit/cmd/certkit").CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/certkit: %v\n%s", err, out)
	}
	return bin, nil
})

// binDir is where certkitBinary built the command, if it did.
var binDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// site is a file of the CUCM site the audit tests read.
func site(rel string) string {
	return filepath.Join("..", "..", "..", "..", "testdata", "cucm", "site", rel)
}

// inspectValidity runs certkit inspect --json on path, which must hold
// exactly one certificate, and returns what it says of its validity.
func inspectValidity(t *testing.T, path string) string {
	t.Helper()
	out, errs, code := cli("inspect", "--json", path)
	if code != 0 {
		t.Fatalf("inspect --json: exit %d: %s", code, errs)
	}
	var files []struct {
		Certificates []struct {
			Validity string `json:"validity"`
		} `json:"certificates"`
	}
	if err := json.Unmarshal([]byte(out), &files); err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || len(files[0].Certificates) != 1 {
		t.Fatalf("inspect --json: want one certificate:\n%s", out)
	}
	return files[0].Certificates[0].Validity
}

// allowDownloads saves downloads into a new directory and returns it.
func allowDownloads(tb testing.TB, ctx context.Context) string {
	tb.Helper()
	dir := tb.TempDir()
	on := true
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, EventsEnabled: &on}); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// download clicks a button (or presses Enter on it, with keys) and returns
// the file the browser saved.
func download(tb testing.TB, ctx context.Context, dir, name string, trigger chromedp.Action[chromedp.Void]) []byte {
	tb.Helper()
	events := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	browsertest.Within(tb, ctx, time.Minute, trigger)
	tctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for ev, err := range events {
		if err != nil {
			tb.Fatalf("waiting for the download of %s: %v", name, err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			break
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			tb.Fatalf("the download of %s was cancelled", name)
		}
		if tctx.Err() != nil {
			tb.Fatalf("the download of %s did not complete", name)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

const sample = "../../../../testdata/samples/certnew.p7b"

func TestWebChainRootFirst(t *testing.T) {
	ctx := browsertest.New(t, 1280, 800)
	s := startWeb(t)
	openPage(t, ctx, s)
	browsertest.Drop(t, ctx, sample)
	waitFor(t, ctx, "the chain", `document.querySelectorAll('#chains .cert').length === 3`)

	type shown struct{ Role, Name, Until string }
	got := browsertest.Eval[[]shown](t, ctx, `[...document.querySelectorAll('#chains .cert')].map(li => ({
		Role: li.querySelector('.role').textContent,
		Name: li.querySelector('.cn').textContent,
		Until: li.querySelector('.validity').textContent}))`)
	want := []shown{
		{"root", "Example Voice Root CA", "2025-01-01 00:00:00Z to 2125-01-01 00:00:00Z"},
		{"intermediate", "Example Voice Issuing CA", "2025-01-01 00:00:00Z to 2125-01-01 00:00:00Z"},
		{"leaf", "vgw1.example.com", "2025-01-01 00:00:00Z to 2125-01-01 00:00:00Z"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("chain shown (-want +got):\n%s", d)
	}
	// The same order, SHA-256 and IOS fingerprints as certkit order and
	// inspect print.
	_, stderr, code := cli("order", sample)
	if code != 0 {
		t.Fatalf("certkit order: exit %d: %s", code, stderr)
	}
	facts := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('#chains .cert dd.mono')].map(d => d.textContent)`)
	inspect, _, _ := cli("inspect", sample)
	for i, f := range facts {
		if i%3 == 0 && !strings.Contains(stderr, "sha256 "+f[:16]) {
			t.Errorf("SHA-256 %s is not in certkit order's chain:\n%s", f, stderr)
		}
		if !strings.Contains(inspect, f) {
			t.Errorf("%s is not in certkit inspect's output", f)
		}
	}
	lines := strings.Split(stderr, "\n")
	for i, w := range want {
		if !strings.Contains(lines[i+1], w.Role) || !strings.Contains(lines[i+1], w.Name) {
			t.Errorf("certkit order line %d is %q; the page shows %s %s", i+1, lines[i+1], w.Role, w.Name)
		}
	}
	text := browsertest.Eval[string](t, ctx, `document.getElementById('file-list').textContent`)
	if !strings.Contains(text, "certnew.p7b") || !strings.Contains(text, "pkcs7-der: 3 certificates") {
		t.Errorf("the file list says %q; want certnew.p7b read as pkcs7-der with 3 certificates", text)
	}

	// An AD CS hierarchy: DC= and emailAddress names as certkit prints
	// them, never as OIDs.
	const adcs = "../../../../testdata/adcs/certnew.p7b"
	openPage(t, ctx, s)
	browsertest.Drop(t, ctx, adcs)
	waitFor(t, ctx, "the AD CS chain", `document.querySelectorAll('#chains .cert').length === 3`)
	names := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('#chains .cert dd.name')].map(d => d.textContent)`)
	inspect, _, _ = cli("inspect", adcs)
	for _, n := range names {
		if !strings.Contains(inspect, "  subject:          "+n+"\n") && !strings.Contains(inspect, "  issuer:           "+n+"\n") {
			t.Errorf("the page names %q, which certkit inspect does not print", n)
		}
		if strings.Contains(n, "0.9.2342") || strings.Contains(n, "1.2.840") {
			t.Errorf("the page shows an OID in %q", n)
		}
	}
	if len(names) != 6 || !strings.Contains(names[0], "DC=verybigco") {
		t.Errorf("AD CS names shown: %q", names)
	}
	// SANs and keys as certkit inspect describes them.
	for _, f := range browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('#chains .cert dd.sans')].map(d => '  SANs:             ' + d.textContent)
		.concat([...document.querySelectorAll('#chains .cert dd.key')].map(d => '  key:              ' + d.textContent))`) {
		if !strings.Contains(inspect, f+"\n") {
			t.Errorf("the page shows %q, which certkit inspect does not print", f)
		}
	}
}

func TestWebSplitZipIsSplit(t *testing.T) {
	ctx := browsertest.New(t, 1280, 800)
	s := startWeb(t)
	dir := allowDownloads(t, ctx)
	openPage(t, ctx, s)
	browsertest.Drop(t, ctx, sample)
	waitFor(t, ctx, "the download buttons", `!document.getElementById('downloads-card').hidden`)
	zipped := download(t, ctx, dir, "split.zip", chromedp.Click(chromedp.ID("dl-split")))

	out := t.TempDir()
	if _, stderr, code := cli("split", "-o", out, sample); code != 0 {
		t.Fatalf("certkit split: exit %d: %s", code, stderr)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatalf("split.zip: %v", err)
	}
	var zipNames, splitNames []string
	for _, e := range entries {
		splitNames = append(splitNames, e.Name())
	}
	for i, f := range zr.File {
		zipNames = append(zipNames, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		if i >= len(entries) {
			continue
		}
		want, err := os.ReadFile(filepath.Join(out, f.Name))
		if err != nil {
			t.Errorf("split.zip holds %s, which certkit split does not write", f.Name)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s in split.zip differs from certkit split's file", f.Name)
		}
	}
	// ReadDir sorts by name, and split numbers its files in order.
	if d := cmp.Diff(splitNames, zipNames); d != "" {
		t.Errorf("split.zip names, in order (-certkit split +zip):\n%s", d)
	}
	if len(zipNames) != 3 {
		t.Errorf("split.zip holds %d files; want 3", len(zipNames))
	}

	// The CA-only .p7b and the PEM bundle are what convert and order write.
	p7b := download(t, ctx, dir, "ca-only.p7b", chromedp.Click(chromedp.ID("dl-p7b")))
	caOnly := filepath.Join(t.TempDir(), "ca-only.p7b")
	if _, stderr, code := cli("convert", "--to", "p7b", "--no-leaf", "-o", caOnly, sample); code != 0 {
		t.Fatalf("certkit convert: exit %d: %s", code, stderr)
	}
	if want, _ := os.ReadFile(caOnly); !bytes.Equal(p7b, want) {
		t.Error("ca-only.p7b differs from certkit convert --to p7b --no-leaf")
	}
	pem := download(t, ctx, dir, "chain.pem", chromedp.Click(chromedp.ID("dl-pem")))
	if want, _, _ := cli("order", sample); string(pem) != want {
		t.Error("chain.pem differs from what certkit order prints")
	}
}

func TestWebPasteIsIssuerForIOS(t *testing.T) {
	ctx := browsertest.New(t, 1280, 800)
	s := startWeb(t)
	openPage(t, ctx, s)
	browsertest.Drop(t, ctx, sample)
	waitFor(t, ctx, "the IOS section", `!document.getElementById('ios-card').hidden`)
	browsertest.Within(t, ctx, time.Minute, chromedp.SendKeys(chromedp.ID("trustpoint"), "vgw1"))
	waitFor(t, ctx, "the paste text", `!!document.getElementById('paste-text')`)
	got := browsertest.Eval[string](t, ctx, `document.getElementById('paste-text').textContent`)
	want, stderr, _ := cli("issuer-for", "--ios", "vgw1", sample)
	if want == "" {
		t.Fatalf("certkit issuer-for --ios printed nothing: %s", stderr)
	}
	if got != want {
		t.Errorf("the page's paste text differs from certkit issuer-for --ios vgw1:\n%s", cmp.Diff(want, got))
	}
	// The warnings are the command's too.
	warnings := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('#paste-out .warning')].map(p => p.textContent)`)
	for _, w := range warnings {
		if !strings.Contains(stderr, "certkit: "+w+"\n") {
			t.Errorf("the page warns %q; certkit issuer-for does not:\n%s", w, stderr)
		}
	}
	caution := browsertest.Eval[string](t, ctx, `document.querySelector('#paste-out .caution').textContent`)
	if !strings.Contains(caution, "compare them") || !strings.Contains(caution, "Fingerprint MD5") {
		t.Errorf("the page does not say to compare the fingerprints: %q", caution)
	}
	// A trustpoint was typed: the CUCM plan is for the gateway's
	// certificate, which never goes to CUCM (no CallManager step), the
	// steps certkit cucm --trunk-subject plans for it.
	if owner := browsertest.Eval[string](t, ctx, `document.getElementById('owner').value`); owner != "device" {
		t.Errorf("the CUCM plan's owner is %q after a trustpoint was typed, want device", owner)
	}
	waitFor(t, ctx, "the gateway's CUCM plan", `!!document.querySelector('#cucm-out .note')`)
	purposes := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('#cucm-out .purpose')].map(e => e.textContent)`)
	jsonOut, stderr, _ := cli("cucm", "--json", "--trunk-subject", "vgw1.example.com", sample)
	var plan struct {
		Steps []struct{ Purpose string } `json:"steps"`
	}
	if err := json.Unmarshal([]byte(jsonOut), &plan); err != nil {
		t.Fatalf("certkit cucm --json: %v\n%s", err, stderr)
	}
	var wantSteps []string
	for _, s := range plan.Steps {
		wantSteps = append(wantSteps, s.Purpose)
	}
	if diff := cmp.Diff(wantSteps, purposes); diff != "" || slices.Contains(purposes, "CallManager") {
		t.Errorf("the page's CUCM plan for a gateway's bundle (-cucm --trunk-subject +page):\n%s", diff)
	}
	shot(t, ctx, "web.png")
}

func TestWebPFXPassword(t *testing.T) {
	ctx := browsertest.New(t, 1280, 800)
	s := startWeb(t)
	openPage(t, ctx, s)
	browsertest.Drop(t, ctx, "../../../../testdata/convert/chain-modern.p12")
	waitFor(t, ctx, "the password field", `!!document.getElementById('pw-0')`)
	msg := browsertest.Eval[string](t, ctx, `document.querySelector('#file-list .problem').textContent`)
	_, stderr, _ := cli("order", "../../../../testdata/convert/chain-modern.p12")
	if want := strings.SplitN(stderr, "\n", 2)[0]; "certkit: ../../../../testdata/convert/"+msg != want {
		t.Errorf("the page says %q; certkit says %q", msg, want)
	}
	label := browsertest.Eval[string](t, ctx, `document.querySelector('label[for=pw-0]').textContent`)
	if label != "Password for chain-modern.p12" {
		t.Errorf("the password field is labelled %q", label)
	}
	browsertest.Within(t, ctx, time.Minute, chromedp.SendKeys(chromedp.ID("pw-0"), "certkit-test\n"))
	waitFor(t, ctx, "the chain of the .pfx", `document.querySelectorAll('#chains .cert').length === 3`)
	names := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('#chains .cert .cn')].map(e => e.textContent)`)
	if d := cmp.Diff([]string{"Example Convert Root CA", "Example Convert Issuing CA", "cube1.example.com"}, names); d != "" {
		t.Errorf("chain of chain-modern.p12 (-want +got):\n%s", d)
	}
	page := browsertest.Eval[string](t, ctx, `document.documentElement.outerHTML`)
	if strings.Contains(page, "certkit-test") || strings.Contains(page, "PRIVATE KEY") {
		t.Error("the page holds the password or a private key")
	}
	if note := browsertest.Eval[string](t, ctx, `document.querySelector('#file-list .note').textContent`); !strings.Contains(note, "private key") {
		t.Errorf("the page does not note the private key: %q", note)
	}
	if browsertest.Eval[bool](t, ctx, `!!document.getElementById('pw-0')`) {
		t.Error("the password field is still there after the right password")
	}
}

func TestWebJPEGError(t *testing.T) {
	ctx := browsertest.New(t, 1280, 800)
	s := startWeb(t)
	openPage(t, ctx, s)
	dir := t.TempDir()
	photo := filepath.Join(dir, "photo.jpg")
	jpeg := append([]byte{0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0}, bytes.Repeat([]byte{0x42}, 2000)...)
	if err := os.WriteFile(photo, jpeg, 0o644); err != nil {
		t.Fatal(err)
	}
	browsertest.Drop(t, ctx, photo)
	waitFor(t, ctx, "the error", `!!document.querySelector('#file-list .problem')`)
	got := browsertest.Eval[string](t, ctx, `document.querySelector('#file-list .problem').textContent`)
	_, stderr, code := cli("inspect", photo)
	want := strings.TrimPrefix(strings.TrimSuffix(stderr, "\n"), "certkit: "+dir+string(filepath.Separator))
	if code != 2 || got != want {
		t.Errorf("the page says %q; certkit inspect says %q (exit %d)", got, stderr, code)
	}
	if !strings.Contains(got, "JPEG image") {
		t.Errorf("the error %q does not name a JPEG", got)
	}
	if browsertest.Eval[bool](t, ctx, `!document.getElementById('chains-card').hidden`) {
		t.Error("a JPEG alone shows chains")
	}
	// Beside a readable bundle, the downloads say they leave it out.
	browsertest.Drop(t, ctx, sample)
	waitFor(t, ctx, "the chain", `document.querySelectorAll('#chains .cert').length === 3`)
	if note := browsertest.Eval[string](t, ctx, `document.getElementById('partial').textContent`); !strings.Contains(note, "photo.jpg could not be read") {
		t.Errorf("the downloads do not say photo.jpg is left out: %q", note)
	}
}

// TestWebKeyboardOnly works the page with the Tab and Enter keys alone:
// choose the file, type the trustpoint, copy the paste text and download
// the split files.
func TestWebKeyboardOnly(t *testing.T) {
	ctx := browsertest.New(t, 1280, 800)
	s := startWeb(t)
	dir := allowDownloads(t, ctx)
	openPage(t, ctx, s)
	origin := "http://" + s.Addr()
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name}, Setting: browser.PermissionSettingGranted, Origin: origin}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := chromedp.Call(ctx, page.SetInterceptFileChooserDialog, page.SetInterceptFileChooserDialogParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	sampleAbs, _ := filepath.Abs(sample)

	tab := func(id string) { tabTo(t, ctx, id, 60) }
	// The file picker opens from the "Choose files" button, with Enter.
	tab("choose")
	pick(t, ctx, chromedp.KeyEvent("\r"), sampleAbs)
	waitFor(t, ctx, "the chain", `document.querySelectorAll('#chains .cert').length === 3`)

	tab("trustpoint")
	browsertest.Within(t, ctx, 10*time.Second, chromedp.KeyEvent("vgw1"))
	waitFor(t, ctx, "the paste text", `!!document.getElementById('paste-text')`)
	tab("copy")
	browsertest.Within(t, ctx, 10*time.Second, chromedp.KeyEvent("\r"))
	waitFor(t, ctx, "the copy", `document.querySelector('.copied').textContent !== ''`)
	if said := browsertest.Eval[string](t, ctx, `document.querySelector('.copied').textContent`); said != "Copied." {
		t.Fatalf("the copy button says %q", said)
	}
	copied := browsertest.Eval[string](t, ctx, `navigator.clipboard.readText()`, chromedp.EvalAwaitPromise)
	if want, _, _ := cli("issuer-for", "--ios", "vgw1", sample); copied != want {
		t.Errorf("the clipboard holds a different text from certkit issuer-for --ios vgw1:\n%s", cmp.Diff(want, copied))
	}

	// Back to the download buttons with Shift-Tab, then Enter.
	for range 60 {
		browsertest.Within(t, ctx, 10*time.Second, chromedp.KeyEvent("\t", chromedp.KeyModifiers(chromedp.ModifierShift)))
		if browsertest.Eval[string](t, ctx, `document.activeElement.id`) == "dl-split" {
			break
		}
	}
	if id := browsertest.Eval[string](t, ctx, `document.activeElement.id`); id != "dl-split" {
		t.Fatalf("Shift-Tab never reached the split download (at #%s)", id)
	}
	zipped := download(t, ctx, dir, "split.zip", chromedp.KeyEvent("\r"))
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil || len(zr.File) != 3 {
		t.Fatalf("split.zip downloaded with the keyboard: %v, %d files", err, len(zr.File))
	}

	// Every control the keyboard reaches has a name for screen readers.
	unnamed := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('button, input:not([type=file]), select, textarea, summary')]
		.filter(e => !e.hidden && e.offsetParent !== null)
		.filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
		.map(e => e.outerHTML.slice(0, 80))`)
	if len(unnamed) > 0 {
		t.Errorf("controls without a label: %q", unnamed)
	}
}

// TestWebPhoneWidth shows the page at a phone's width: nothing is wider
// than the screen.
func TestWebPhoneWidth(t *testing.T) {
	ctx := browsertest.New(t, 390, 844)
	s := startWeb(t)
	browsertest.Within(t, ctx, time.Minute, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	openPage(t, ctx, s)
	browsertest.Drop(t, ctx, sample)
	waitFor(t, ctx, "the chain", `document.querySelectorAll('#chains .cert').length === 3`)
	browsertest.Within(t, ctx, time.Minute, chromedp.SendKeys(chromedp.ID("trustpoint"), "vgw1"))
	waitFor(t, ctx, "the paste text", `!!document.getElementById('paste-text')`)
	wide := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('body *')]
		.filter(e => e.offsetParent !== null && !e.closest('pre') && e.getBoundingClientRect().right > window.innerWidth + 1)
		.map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`)
	if len(wide) > 0 {
		t.Errorf("wider than a 390-pixel screen: %q", wide)
	}
	if w := browsertest.Eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the page scrolls sideways: %d pixels wide", w)
	}
	shot(t, ctx, "web-phone.png")
}

// shot takes a screenshot of the whole page into the test's temporary
// directory, so that a CI run leaves the tree as it was. With
// -update-screenshot, the laptop-sized one (web.png) goes to docs/, where
// the README shows it:
//
//	go test -run TestWebPasteIsIssuerForIOS ./cmd/certkit/internal/web -args -update-screenshot
//
// No test compares pixels: fonts and chromium versions differ between
// machines. What the picture shows is checked by the tests instead.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	// The port changes each run: show the usual address instead.
	browsertest.Eval[chromedp.Void](t, ctx, `document.getElementById('where').textContent = '127.0.0.1'`)
	tctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	buf, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(buf)); err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(t.TempDir(), name)
	if *updateScreenshot && name == "web.png" {
		path = filepath.Join("../../../../docs", name)
	}
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// TestWebCSRLint drops an IOS crypto pki enroll capture and types the
// hostname: the findings are certkit csr --hostname's.
func TestWebCSRLint(t *testing.T) {
	ctx := browsertest.New(t, 1280, 800)
	s := startWeb(t)
	openPage(t, ctx, s)
	const capture = "../../../../testdata/csr/ios-capture.txt"
	browsertest.Drop(t, ctx, capture)
	waitFor(t, ctx, "the CSR", `!document.getElementById('csr-card').hidden && document.querySelectorAll('#csr-out .finding').length > 0`)
	if browsertest.Eval[bool](t, ctx, `document.getElementById('ios-card').hidden`) {
		t.Fatal("the hostname field is hidden for a CSR alone")
	}
	browsertest.Within(t, ctx, time.Minute, chromedp.SendKeys(chromedp.ID("hostname"), "vgw1"))
	waitFor(t, ctx, "the name-mismatch finding", `[...document.querySelectorAll('#csr-out .finding')].some(f => f.textContent.includes('name-mismatch'))`)
	got := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('#csr-out .finding')].map(f => f.textContent.replace(/\s+/g, ' '))`)
	out, _, _ := cli("csr", "--hostname", "vgw1", capture)
	var want []string
	for _, l := range strings.Split(out[strings.Index(out, "findings:"):], "\n")[1:] {
		if l = strings.TrimSpace(l); l != "" {
			want = append(want, strings.Join(strings.Fields(l), " "))
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("findings (-certkit csr +page):\n%s", d)
	}
}

// TestWebValidityMarked: an expired certificate, one that expires within
// 30 days and one not yet valid are marked in words, not only in colour;
// certkit inspect says the first and last the same way.
func TestWebValidityMarked(t *testing.T) {
	ctx := browsertest.New(t, 1280, 800)
	s := startWeb(t)
	openPage(t, ctx, s)
	now := time.Now()
	var paths []string
	for i, tc := range []struct {
		cn       string
		from, to time.Time
	}{
		{"Old Root", now.AddDate(-10, 0, 0), now.AddDate(0, 0, -1)},
		{"Soon Root", now.AddDate(-1, 0, 0), now.AddDate(0, 0, 10)},
		{"Future Root", now.AddDate(0, 0, 5), now.AddDate(5, 0, 0)},
	} {
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(int64(i + 1)), Subject: pkix.Name{CommonName: tc.cn},
			NotBefore: tc.from, NotAfter: tc.to, IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
		paths = append(paths, testkit.WriteCertPEM(t, fmt.Sprintf("root%d.pem", i), testkit.SelfSignedDER(t, tmpl)))
	}
	browsertest.Drop(t, ctx, paths...)
	waitFor(t, ctx, "three chains", `document.querySelectorAll('#chains .cert').length === 3`)
	got := browsertest.Eval[map[string]string](t, ctx, `Object.fromEntries([...document.querySelectorAll('#chains .cert')].map(li =>
		[li.querySelector('.cn').textContent, (li.querySelector('.cert-head .badge:not(.role)') || {textContent: 'valid'}).textContent]))`)
	want := map[string]string{"Old Root": "expired", "Soon Root": "expires soon", "Future Root": "not yet valid"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("validity marks (-want +got):\n%s", d)
	}
	for i, w := range []string{"expired", "valid", "not yet valid"} {
		if v := inspectValidity(t, paths[i]); v != w {
			t.Errorf("certkit inspect calls %s %q; want %q", paths[i], v, w)
		}
	}
}

// TestWebHostileNames: a file name and a certificate name written as
// HTML stay text: nothing runs, and the page shows them as they are.
func TestWebHostileNames(t *testing.T) {
	ctx := browsertest.New(t, 1280, 800)
	s := startWeb(t)
	openPage(t, ctx, s)
	const evil = `<img src=x onerror="document.title='pwned'">`
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: evil},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().AddDate(1, 0, 0), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	dir := t.TempDir()
	path := filepath.Join(dir, evil+".pem")
	data, err := os.ReadFile(testkit.WriteCertPEM(t, "x.pem", testkit.SelfSignedDER(t, tmpl)))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	browsertest.Drop(t, ctx, path)
	waitFor(t, ctx, "the certificate", `document.querySelectorAll('#chains .cert').length === 1`)
	if title := browsertest.Eval[string](t, ctx, `document.title`); title != "certkit" {
		t.Errorf("the page ran markup from a name: title %q", title)
	}
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll('img').length`); n != 0 {
		t.Errorf("the page made %d img elements from a name", n)
	}
	if cn := browsertest.Eval[string](t, ctx, `document.querySelector('#chains .cn').textContent`); cn != evil {
		t.Errorf("the CN shows as %q", cn)
	}
	if name := browsertest.Eval[string](t, ctx, `document.querySelector('.file-name').textContent`); name != evil+".pem" {
		t.Errorf("the file name shows as %q", name)
	}
	// What was found in it is shown too: the browser sends the name with
	// its quotes escaped, and the page still matches the answer to it.
	if found := browsertest.Eval[string](t, ctx, `document.querySelector('.file-found').textContent`); found != "pem: 1 certificate" {
		t.Errorf("the file list says %q for it; want pem: 1 certificate", found)
	}
}

// TestWebIOSAudit: a dropped IOS configuration shows the trustpoint audit,
// one row per certificate as certkit ios audit's table has them.
func TestWebIOSAudit(t *testing.T) {
	ctx := browsertest.New(t, 1280, 800)
	s := startWeb(t)
	openPage(t, ctx, s)
	const cfg = "../../../../testdata/ios/config/full-config.txt"
	browsertest.Drop(t, ctx, cfg)
	waitFor(t, ctx, "the audit", `!document.getElementById('ios-audit-card').hidden`)
	rows := browsertest.Eval[[][]string](t, ctx, `[...document.querySelectorAll('#ios-audit-out tbody tr')].map(tr => [...tr.children].map(td => td.textContent))`)
	table, _, _ := cli("ios", "audit", cfg)
	// The table ends at the first blank line (the secure-voice summary
	// and the findings follow).
	lines := strings.Split(strings.Split(table, "\n\n")[0], "\n")[1:]
	if len(rows) != len(lines) || len(rows) == 0 {
		t.Fatalf("the page shows %d rows; certkit ios audit %d:\n%s", len(rows), len(lines), table)
	}
	for _, r := range rows {
		found := false
		for _, l := range lines {
			f := strings.Fields(l)
			if len(f) > 2 && f[1] == r[0] && f[2] == r[1] && strings.Contains(l, r[3]) {
				found = true
			}
		}
		if !found {
			t.Errorf("row %q is not in certkit ios audit's table:\n%s", r, table)
		}
	}
	// The secure-voice summary is the CLI's line.
	summary := browsertest.Eval[string](t, ctx, `[...document.querySelectorAll('#ios-audit-out p.note')].map(p => p.textContent).find(s => s.startsWith('Secure voice: ')) || ''`)
	if want := "verybiggw: " + strings.TrimPrefix(summary, "Secure voice: "); summary == "" || !strings.Contains(table, "\n  "+want+"\n") {
		t.Errorf("the page's summary %q is not certkit ios audit's:\n%s", summary, table)
	}
}

// TestWebCUCMAudit drops the generated CUCM site's folders (the trust
// stores, the gateways' new certificates, CUCM's own) and its show cert
// list trust text, gives the two certificate folders their roles with the
// keyboard, and sees certkit cucm audit's report: the same counts, actions
// and findings, and its CSV. Then the same at a phone's width.
func TestWebCUCMAudit(t *testing.T) {
	ctx := browsertest.New(t, 1280, 800)
	s := startWeb(t)
	dir := allowDownloads(t, ctx)
	openPage(t, ctx, s)
	browsertest.Drop(t, ctx, site("stores"), site("gateways"), site("own"), site("show-cert-list-trust.txt"))
	waitFor(t, ctx, "the audit", `!document.getElementById('cucm-audit-card').hidden && document.querySelectorAll('#cucm-audit-out .counts li').length > 0`)
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll('#file-list .file').length`); n != 54+4+50+2+1 {
		t.Errorf("the page lists %d files; the site has %d", n, 54+4+50+2+1)
	}

	// The roles, with the keyboard: Tab to each folder's choice, then the
	// arrow keys (gateways is the first choice after "not in the audit",
	// own the second).
	labels := browsertest.Eval[map[string]string](t, ctx, `Object.fromEntries([...document.querySelectorAll('#cucm-audit-groups label')].map(l => [l.textContent, l.htmlFor]))`)
	gw, own := labels["gateways/ (50 files)"], labels["own/ (2 files)"]
	if gw == "" || own == "" {
		t.Fatalf("the role choices are labelled %q; want gateways/ (50 files) and own/ (2 files)", labels)
	}
	tab := func(id string) { tabTo(t, ctx, id, 200) }
	shown := func() string {
		return browsertest.Eval[string](t, ctx, `document.getElementById('cucm-audit-out').textContent`)
	}
	before := shown()
	tab(gw)
	browsertest.Within(t, ctx, 10*time.Second, chromedp.KeyEvent(kb.ArrowDown))
	waitFor(t, ctx, "the audit with the gateways", `document.getElementById('cucm-audit-out').textContent !== `+jsString(before))
	if id := browsertest.Eval[string](t, ctx, `document.activeElement.id`); id != gw {
		t.Errorf("after the choice, the focus is on #%s, not the choice made (#%s)", id, gw)
	}
	before = shown()
	tab(own)
	browsertest.Within(t, ctx, 10*time.Second, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	waitFor(t, ctx, "the audit with CUCM's own", `document.getElementById('cucm-audit-out').textContent !== `+jsString(before))
	roles := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('#cucm-audit-groups select')].map(s => s.value)`)
	if !slices.Contains(roles, "gateways") || !slices.Contains(roles, "own") {
		t.Fatalf("the roles chosen are %q", roles)
	}

	args := []string{"cucm", "audit", "--gateways", site("gateways"), "--own", site("own"), "--list", site("show-cert-list-trust.txt"), site("stores")}
	text, stderr, code := cli(args...)
	if code != exitCheck {
		t.Fatalf("certkit cucm audit: exit %d: %s", code, stderr)
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(text, "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	// The counts, each store's heading and every finding, as lines of
	// certkit cucm audit's text.
	seen := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('#cucm-audit-out .counts li, #cucm-audit-out .store > summary')].map(e => e.textContent)
		.concat([...document.querySelectorAll('#cucm-audit-out .finding')].map(li => li.textContent))`)
	if !slices.Contains(seen, "CallManager-trust: 54 → 2 certificates (5 self-signed-device among them: move those devices to the CA first)") {
		t.Errorf("the page does not show CallManager-trust going from 54 to 2 certificates: %q", seen)
	}
	for _, l := range seen {
		if !lines[l] {
			t.Errorf("the page shows %q, which is not a line of certkit cucm audit:\n%s", l, text)
		}
	}
	// Every action, with its code and file, as --json has them.
	out, _, _ := cli(append([]string{"cucm", "audit", "--json"}, args[2:]...)...)
	var want struct {
		Actions []struct {
			Code string `json:"code"`
			File string `json:"file"`
		} `json:"actions"`
	} // what cucm audit --json says of each action (its JSON contract)
	if err := json.Unmarshal([]byte(out), &want); err != nil {
		t.Fatal(err)
	}
	browsertest.Within(t, ctx, time.Minute, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('#cucm-audit-out details.store').forEach(d => d.open = true)`))
	got := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('#cucm-audit-out .action')].map(li => li.querySelector('.action-head').textContent)`)
	var wantActs []string
	for _, a := range want.Actions {
		wantActs = append(wantActs, a.Code+a.File)
	}
	if d := cmp.Diff(wantActs, got); d != "" || len(got) == 0 {
		t.Errorf("actions shown (-cucm audit --json +page):\n%s", d)
	}
	cliLines := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('#cucm-audit-out .action dd.mono')].map(d => d.textContent)`)
	for _, l := range cliLines {
		if !lines["cli      "+l] {
			t.Errorf("the page's CLI line %q is not certkit cucm audit's", l)
		}
	}
	notes := browsertest.Eval[string](t, ctx, `[...document.querySelectorAll('#cucm-audit-out .note')].map(p => p.textContent).join('\n')`)
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if n, ok := strings.CutPrefix(l, "certkit: note: "); ok && !strings.Contains(notes, "note: "+n) {
			t.Errorf("the page does not note %q", n)
		}
	}

	// The CSV, as cucm audit -o writes it.
	csvFile := download(t, ctx, dir, "cucm-audit.csv", chromedp.Click(chromedp.ID("dl-audit")))
	outDir := t.TempDir()
	cli(append([]string{"cucm", "audit", "-o", outDir}, args[2:]...)...)
	if wantCSV, err := os.ReadFile(filepath.Join(outDir, "cucm-audit.csv")); err != nil || !bytes.Equal(csvFile, wantCSV) {
		t.Errorf("cucm-audit.csv differs from cucm audit -o's (%v)", err)
	}

	// Labelled for screen readers, and no wider than a phone.
	unnamed := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('#cucm-audit-card :is(button, select, summary)')]
		.filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
		.map(e => e.outerHTML.slice(0, 80))`)
	if len(unnamed) > 0 {
		t.Errorf("controls without a label: %q", unnamed)
	}
	browsertest.Within(t, ctx, time.Minute, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	wide := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('#cucm-audit-card *')]
		.filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > window.innerWidth + 1)
		.map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`)
	if len(wide) > 0 {
		t.Errorf("wider than a 390-pixel screen: %q", wide)
	}
}

// pick opens the page's file picker with open (the file chooser dialog
// intercepted) and chooses paths in it.
func pick(t *testing.T, ctx context.Context, open chromedp.Action[chromedp.Void], paths ...string) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	choosers := chromedp.Events(tctx, page.FileChooserOpened)
	browsertest.Within(t, ctx, 10*time.Second, open)
	for ev, err := range choosers {
		if err != nil {
			t.Fatalf("the file picker did not open: %v", err)
		}
		if _, err := chromedp.Call(tctx, dom.SetFileInputFiles, dom.SetFileInputFilesParams{Files: paths, BackendNodeID: ev.BackendNodeID}); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("the file picker did not open")
}

// tabTo presses Tab until the element id has the focus, at most max
// times.
func tabTo(t *testing.T, ctx context.Context, id string, max int) {
	t.Helper()
	for range max {
		browsertest.Within(t, ctx, 10*time.Second, chromedp.KeyEvent("\t"))
		if browsertest.Eval[string](t, ctx, `document.activeElement.id`) == id {
			return
		}
	}
	t.Fatalf("%d presses of Tab never reached #%s", max, id)
}

// jsString quotes s for a JavaScript expression.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestWebFolderPicker: "Choose a folder…", reached and pressed with the
// keyboard, reads a folder of trust stores
// with each file's path, so the audit finds the stores, as a dropped
// folder does.
func TestWebFolderPicker(t *testing.T) {
	ctx := browsertest.New(t, 1280, 800)
	s := startWeb(t)
	openPage(t, ctx, s)
	if _, err := chromedp.Call(ctx, page.SetInterceptFileChooserDialog, page.SetInterceptFileChooserDialogParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	stores, _ := filepath.Abs(site("stores"))
	tabTo(t, ctx, "choose-folder", 10)
	pick(t, ctx, chromedp.KeyEvent("\r"), stores)
	waitFor(t, ctx, "the audit", `document.querySelectorAll('#cucm-audit-out .counts li').length > 0`)
	counts := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('#cucm-audit-out .counts li')].map(e => e.textContent)`)
	text, _, _ := cli("cucm", "audit", site("stores"))
	for _, c := range counts {
		if !strings.Contains(text, "\n"+c+"\n") {
			t.Errorf("the page counts %q, which certkit cucm audit does not print:\n%s", c, text)
		}
	}
	if len(counts) != 2 {
		t.Errorf("the page counts %q; want the two stores", counts)
	}
	if status := browsertest.Eval[string](t, ctx, `document.getElementById('status').textContent`); status != "58 files: 0 certificates in 0 chains; 58 certificates of CUCM trust stores, audited below." {
		t.Errorf("the status line says %q", status)
	}
	if n := browsertest.Eval[int](t, ctx, `[...document.querySelectorAll('#file-list .file-name')].filter(e => e.textContent.startsWith('stores/CallManager-trust/')).length`); n != 54 {
		t.Errorf("%d files are named stores/CallManager-trust/...; want the 54 of the store", n)
	}
}
