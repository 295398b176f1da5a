package web

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/voicepki/certkit/internal/testkit"
)

// These tests attack the page as another program on the same computer
// would, on loopback only: issue 23's hostile neighbours.

// TestPlantedCookieDoesNotLockOut: a server on another loopback port
// plants a junk cookie of the page's name with a longer path, so that the
// browser sends it first (browsers share cookies between the ports of a
// host). The page still takes the request, by the cookie that carries its
// token.
func TestPlantedCookieDoesNotLockOut(t *testing.T) {
	s := start(t, Options{})
	hostile := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: s.cookie, Value: "junk", Path: "/api/"})
	}))
	defer hostile.Close()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar}
	for _, u := range []string{hostile.URL + "/", s.URL()} { // the neighbour's page, then certkit's address
		resp, err := client.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	api, _ := url.Parse("http://" + s.Addr() + "/api/analyze")
	if cs := jar.Cookies(api); len(cs) != 2 || cs[0].Value != "junk" {
		t.Fatalf("the browser would send %v, want the planted cookie first and the page's", cs)
	}
	body, ct := form(t, nil, testFile(t, "samples/certnew.p7b"))
	resp, err := client.Post(api.String(), ct, body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("with a planted cookie: %s, want 200", resp.Status)
	}
}

// TestRefusedRequestsDoNotKeepItAlive: requests refused for their Host
// header or their token, one every 100 ms, do not keep a server with
// --idle 1s running.
func TestRefusedRequestsDoNotKeepItAlive(t *testing.T) {
	s, err := New(Options{Idle: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(context.Background()) }()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			req, _ := http.NewRequest("GET", "http://"+s.Addr()+"/", nil)
			if i%2 == 0 {
				req.Host = "evil.example:80" // DNS rebinding
			} else {
				req.Header.Set("X-Certkit-Token", "guessed")
			}
			if resp, err := http.DefaultTransport.RoundTrip(req); err == nil {
				resp.Body.Close()
			}
		}
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("refused requests kept a server with --idle 1s running for 15 s")
	}
}

// heavyPEM is the hostile file of issue 23: 3,000 certificates named
// CN=Same, each signed by the one before, without key IDs that would tell
// them apart; shuffled, it costs the analysis the most.
func heavyPEM(t *testing.T, shuffle bool) []byte {
	t.Helper()
	certs, err := testkit.SameName(3000, true)
	if err != nil {
		t.Fatal(err)
	}
	if shuffle {
		rand.New(rand.NewPCG(23, 23)).Shuffle(len(certs), func(i, j int) { certs[i], certs[j] = certs[j], certs[i] })
	}
	var b []byte
	for _, c := range certs {
		b = append(b, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return b
}

// TestConcurrentHeavyUploads: six heavy uploads at once run two at a
// time; those that find two running and wait in vain are refused with 503
// and a message the page shows, and the server answers again afterwards.
func TestConcurrentHeavyUploads(t *testing.T) {
	defer func(old time.Duration) { queueWait = old }(queueWait)
	queueWait = 50 * time.Millisecond
	s := start(t, Options{})
	heavy := heavyPEM(t, false)
	var wg sync.WaitGroup
	codes := make([]int, 6)
	msgs := make([]string, 6)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body, ct := form(t, nil, file{"same.pem", heavy})
			req, _ := http.NewRequest("POST", "http://"+s.Addr()+"/api/analyze", body)
			req.Header.Set("Content-Type", ct)
			req.Header.Set("X-Certkit-Token", s.Token())
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			var e struct {
				Error string `json:"error"`
			}
			json.NewDecoder(resp.Body).Decode(&e)
			codes[i], msgs[i] = resp.StatusCode, e.Error
		}()
	}
	wg.Wait()
	ok, busy := 0, 0
	for i, c := range codes {
		switch {
		case c == http.StatusOK:
			ok++
		case c == http.StatusServiceUnavailable && strings.Contains(msgs[i], "busy with 2 other analyses"):
			busy++
		default:
			t.Errorf("upload %d: %d %q", i, c, msgs[i])
		}
	}
	if ok < 1 || busy < 1 {
		t.Errorf("%d analysed, %d refused as busy; want both", ok, busy)
	}
	if len(s.slots) != 0 {
		t.Errorf("%d analyses still hold a place", len(s.slots))
	}
	analyzeOK(t, s, nil, testFile(t, "samples/certnew.p7b"))
}

// TestBusyWaitsThenRefuses: with two analyses running, a request waits
// for one to end; if none does within the wait, it is refused with 503,
// a Retry-After and the message the page shows.
func TestBusyWaitsThenRefuses(t *testing.T) {
	defer func(old time.Duration) { queueWait = old }(queueWait)
	queueWait = 100 * time.Millisecond
	s := start(t, Options{})
	s.slots <- struct{}{}
	s.slots <- struct{}{} // two analyses running
	body, ct := form(t, nil, testFile(t, "samples/certnew.p7b"))
	resp := call(t, s, "POST", "/api/analyze", body, ct, nil)
	b := readBody(t, resp)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(b), "certkit web is busy with 2 other analyses: try again in a moment") {
		t.Errorf("with two analyses running: %s, Retry-After %q: %s", resp.Status, resp.Header.Get("Retry-After"), b)
	}
	// One ends while the next request waits: it goes through.
	go func() { time.Sleep(20 * time.Millisecond); <-s.slots }()
	queueWait = 10 * time.Second
	analyzeOK(t, s, nil, testFile(t, "samples/certnew.p7b"))
}

// TestAnalysisDeadline: an analysis that runs past its deadline is
// stopped (between certificates), its place is freed, and the request
// gets 503 saying so.
func TestAnalysisDeadline(t *testing.T) {
	defer func(old time.Duration) { analysisTimeout = old }(analysisTimeout)
	analysisTimeout = 20 * time.Millisecond
	s := start(t, Options{})
	body, ct := form(t, nil, file{"same.pem", heavyPEM(t, true)})
	resp := call(t, s, "POST", "/api/analyze", body, ct, nil)
	b := readBody(t, resp)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(b), "the analysis took longer than 20ms and was stopped") {
		t.Errorf("%s: %s", resp.Status, b)
	}
	if len(s.slots) != 0 {
		t.Errorf("%d analyses still hold a place", len(s.slots))
	}
}

// TestCertificateCap: files holding more than MaxCertificates
// certificates are refused with 413 and a message that says what to do,
// before the analysis parses them.
func TestCertificateCap(t *testing.T) {
	s := start(t, Options{})
	certs, err := testkit.SameName(MaxCertificates/2+1, true)
	if err != nil {
		t.Fatal(err)
	}
	var a, b []byte
	for i, c := range certs {
		p := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
		a = append(a, p...)
		if i < MaxCertificates/2 {
			b = append(b, p...)
		}
	}
	body, ct := form(t, nil, file{"a.pem", a}, file{"b.pem", b}) // counted per file
	resp := call(t, s, "POST", "/api/analyze", body, ct, nil)
	got := readBody(t, resp)
	want := fmt.Sprintf("the files hold %d certificates; the page analyses at most %d at once", MaxCertificates+1, MaxCertificates)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(got), want) {
		t.Errorf("%s: %s", resp.Status, got)
	}
}
