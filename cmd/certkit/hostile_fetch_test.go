package main

import (
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// hostileAddr is where testdata/hostile's AIA URLs point
// (testdata/gen/gen_hostile.go).
const hostileAddr = "127.0.0.1:18736"

// hostileServer serves testdata/hostile/aia200/www on hostileAddr, as a
// hostile neighbour would, answering anything else with a login page, and
// records each request's path and Authorization header.
type hostileServer struct {
	mu       sync.Mutex
	requests []string
	auth     []string
}

func serveHostile(t *testing.T) *hostileServer {
	t.Helper()
	ln, err := net.Listen("tcp", hostileAddr)
	if err != nil {
		t.Fatalf("this test serves testdata/hostile's AIA URLs on %s, which is taken: %v", hostileAddr, err)
	}
	h := &hostileServer{}
	www := "../../testdata/hostile/aia200/www"
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.requests = append(h.requests, r.URL.Path)
		h.auth = append(h.auth, r.Header.Get("Authorization"))
		h.mu.Unlock()
		if data, err := os.ReadFile(filepath.Join(www, filepath.Base(r.URL.Path))); err == nil && strings.HasPrefix(r.URL.Path, "/ca-") {
			w.Write(data)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><title>Corp SSO login for intranet-secret-host</title></html>"))
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return h
}

func (h *hostileServer) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.requests)
}

// TestFetchIsBounded: order --fetch on 200 gateway certificates whose
// issuing CAs sit only behind 200 distinct AIA URLs makes 32 requests,
// says once that it stopped and where, and leaves the other chains
// incomplete, naming their issuers. An answer that is not a certificate
// is described, not quoted, in text and JSON; a password in an AIA URL is
// neither sent nor printed, and a note says it was dropped.
func TestFetchIsBounded(t *testing.T) {
	h := serveHostile(t)
	dir := "../../testdata/hostile/"
	code, out, errs := certkit(t, nil, "order", "--fetch", "--json", dir+"aia200/gateways.pem", dir+"aia200/root.pem")
	if code != exitCheck {
		t.Errorf("exit %d, want 1 (chains left incomplete)", code)
	}
	if n := h.count(); n != 32 {
		t.Errorf("%d requests, want 32", n)
	}
	if n := strings.Count(errs, "certkit: stopped fetching before http://"+hostileAddr+"/ca-"); n != 1 {
		t.Errorf("stderr says %d times that fetching stopped, want once:\n%s", n, errs)
	}
	var o orderJSON
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatal(err)
	}
	complete := 0
	for _, ch := range o.Chains {
		if ch.Complete {
			complete++
		} else if ch.Missing == nil || len(ch.Missing.AIA) != 1 {
			t.Errorf("an incomplete chain names no missing issuer: %+v", ch.Missing)
		}
	}
	if len(o.Chains) != 200 || complete != 32 || len(o.Fetched) != 33 {
		t.Errorf("%d chains, %d complete, %d fetched, want 200, 32 and 33 (the last one saying it stopped)", len(o.Chains), complete, len(o.Fetched))
	}

	// vgw9's AIA URL has a user name and password, and the server answers
	// it with a login page.
	before := h.count()
	for _, args := range [][]string{{"order", "--fetch", dir + "escapes/vgw9.pem"}, {"order", "--fetch", "--json", dir + "escapes/vgw9.pem"}} {
		_, out, errs := certkit(t, nil, args...)
		for _, secret := range []string{"secret", "intranet-secret-host", "Corp SSO", "<html>"} {
			if strings.Contains(out+errs, secret) {
				t.Errorf("certkit %s prints %q:\n%s\n%s", strings.Join(args, " "), secret, out, errs)
			}
		}
		if !strings.Contains(errs, "certkit: note: dropped the user name and password from the URL http://"+hostileAddr+"/login") ||
			!strings.Contains(errs, "failed: not a certificate: text/html, 67 bytes") {
			t.Errorf("certkit %s does not say what it dropped and what came back:\n%s", strings.Join(args, " "), errs)
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	// The URL with escapes does not parse, and is not fetched.
	if len(h.auth) != before+2 || h.auth[before] != "" || h.auth[before+1] != "" {
		t.Errorf("requests %q sent Authorization %q", h.requests[before:], h.auth[before:])
	}
}
