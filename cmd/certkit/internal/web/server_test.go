package web

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/voicepki/certkit/pkg/convert"
)

// start runs a server for one test and stops it at the end.
func start(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return s
}

// file is one file to send: its name and bytes.
type file struct {
	name string
	data []byte
}

func testFile(t *testing.T, path string) file {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../../../testdata", path))
	if err != nil {
		t.Fatal(err)
	}
	return file{filepath.Base(path), data}
}

// form builds the multipart body the page sends.
func form(t *testing.T, choices *Choices, files ...file) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, f := range files {
		w, err := mw.CreateFormFile("file", f.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.data)
	}
	if choices != nil {
		w, err := mw.CreateFormField("choices")
		if err != nil {
			t.Fatal(err)
		}
		json.NewEncoder(w).Encode(choices)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

// call sends one request with the token in the header, unless the caller
// changes the request in edit.
func call(t *testing.T, s *Server, method, path string, body io.Reader, contentType string, edit func(*http.Request)) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, "http://"+s.Addr()+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("X-Certkit-Token", s.Token())
	if edit != nil {
		edit(req)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func readBody(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// analyzeOK posts files to /api/analyze and decodes the view.
func analyzeOK(t *testing.T, s *Server, choices *Choices, files ...file) view {
	t.Helper()
	body, ct := form(t, choices, files...)
	resp := call(t, s, "POST", "/api/analyze", body, ct, nil)
	b := readBody(t, resp)
	if resp.StatusCode != 200 {
		t.Fatalf("analyze: %s: %s", resp.Status, b)
	}
	var v view
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestNonLoopbackAddrRefused(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", ":8080", "[::]:0", "192.168.1.10:8080", "10.0.0.1:0",
		"localhost:0", "example.com:80", "evil.example:0", "[fe80::1%eth0]:0", "[::ffff:10.0.0.1]:0", "224.0.0.1:0"} {
		s, err := New(Options{Addr: addr})
		if err == nil {
			s.ln.Close()
			t.Errorf("New(%q) listens on %s; want a refusal", addr, s.Addr())
			continue
		}
		if !errors.Is(err, ErrNotLoopback) {
			t.Errorf("New(%q) = %v; want ErrNotLoopback", addr, err)
		}
	}
	for _, addr := range []string{"127.0.0.1", "127.0.0.1:99999", "127.0.0.1:http", "nonsense"} {
		if s, err := New(Options{Addr: addr}); err == nil {
			s.ln.Close()
			t.Errorf("New(%q) listens; want an error", addr)
		}
	}
	if s, err := New(Options{Idle: -time.Second}); err == nil {
		s.ln.Close()
		t.Error("a negative idle time was taken")
	}
}

func TestLoopbackAddrs(t *testing.T) {
	for _, addr := range []string{"", "127.0.0.1:0", "127.0.0.2:0", "[::1]:0", "[::ffff:127.0.0.1]:0"} {
		s, err := New(Options{Addr: addr})
		if err != nil {
			if strings.Contains(addr, "::1") || strings.HasPrefix(addr, "127.0.0.2") {
				t.Logf("%s: %v (this machine lacks that loopback address)", addr, err)
				continue
			}
			t.Errorf("New(%q): %v", addr, err)
			continue
		}
		if !strings.HasPrefix(s.URL(), "http://"+s.Addr()+"/?token=") || len(s.Token()) < 40 {
			t.Errorf("New(%q): URL %s, token %q", addr, s.URL(), s.Token())
		}
		s.ln.Close()
	}
	a, _ := New(Options{})
	b, _ := New(Options{})
	defer a.ln.Close()
	defer b.ln.Close()
	if a.Token() == b.Token() {
		t.Error("two runs share a token")
	}
}

func TestHostHeaderRefused(t *testing.T) {
	s := start(t, Options{})
	_, port, _ := net.SplitHostPort(s.Addr())
	for _, host := range []string{"evil.example", "evil.example:" + port, "localhost:" + port, "127.0.0.1",
		"127.0.0.1:1", "[::1]:" + port, "127.0.0.1:" + port + ".evil.example", "127.0.0.01:" + port, "127.1:" + port} {
		for _, path := range []string{"/", "/app.js", "/api/analyze", "/?token=" + s.Token()} {
			resp := call(t, s, "GET", path, nil, "", func(r *http.Request) { r.Host = host })
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("Host %q, GET %s: %s; want 403", host, path, resp.Status)
			}
			if resp.Header.Get("Set-Cookie") != "" {
				t.Errorf("Host %q, GET %s sets a cookie", host, path)
			}
		}
	}
	// A request line in absolute form names its own host, which wins over
	// the Host header; and HTTP/1.0 may send none.
	for _, line := range []string{
		"GET http://evil.example/?token=" + s.Token() + " HTTP/1.1\r\nHost: " + s.Addr(),
		"GET /?token=" + s.Token() + " HTTP/1.0",
	} {
		conn, err := net.Dial("tcp", s.Addr())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "%s\r\n\r\n", line)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		conn.Close()
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%q: %s; want 403", line, resp.Status)
		}
	}
	// The address it listens on is answered.
	if resp := call(t, s, "GET", "/", nil, "", nil); resp.StatusCode != 200 {
		t.Errorf("GET / with the right Host: %s", resp.Status)
	}
}

func TestTokenRequired(t *testing.T) {
	s := start(t, Options{})
	noToken := func(r *http.Request) { r.Header.Del("X-Certkit-Token") }
	body, ct := form(t, nil, testFile(t, "samples/certnew.p7b"))
	for _, tc := range []struct {
		name, method, path string
		edit               func(*http.Request)
	}{
		{"no token", "GET", "/", noToken},
		{"no token", "GET", "/app.js", noToken},
		{"no token", "POST", "/api/analyze", noToken},
		{"no token", "POST", "/api/split.zip", noToken},
		{"wrong header", "POST", "/api/analyze", func(r *http.Request) { r.Header.Set("X-Certkit-Token", s.Token()[1:]) }},
		{"token with a byte more", "POST", "/api/analyze", func(r *http.Request) { r.Header.Set("X-Certkit-Token", s.Token()+"A") }},
		{"token in the query of the API", "POST", "/api/analyze?token=" + s.Token(), noToken},
		{"token in the query of a script", "GET", "/app.js?token=" + s.Token(), noToken},
		{"wrong token in the query", "GET", "/?token=" + strings.ToUpper(s.Token()), noToken},
		{"token in the query of a POST", "POST", "/?token=" + s.Token(), noToken},
		{"cookie of another port", "POST", "/api/analyze", func(r *http.Request) {
			noToken(r)
			r.AddCookie(&http.Cookie{Name: "certkit-1", Value: s.Token()})
		}},
		{"wrong cookie", "POST", "/api/analyze", func(r *http.Request) {
			noToken(r)
			r.AddCookie(&http.Cookie{Name: s.cookie, Value: "x"})
		}},
	} {
		resp := call(t, s, tc.method, tc.path, bytes.NewReader(body.Bytes()), ct, tc.edit)
		b := readBody(t, resp)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %s %s: %s; want 403", tc.name, tc.method, tc.path, resp.Status)
		}
		if bytes.Contains(b, []byte("Example Voice")) {
			t.Errorf("%s: %s %s answered with the analysis", tc.name, tc.method, tc.path)
		}
	}

	// The address certkit prints sets the cookie, which then opens the API.
	resp := call(t, s, "GET", "/?token="+s.Token(), nil, "", noToken)
	if resp.StatusCode != 200 {
		t.Fatalf("GET the printed address: %s", resp.Status)
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == s.cookie {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value != s.Token() || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || cookie.Path != "/" {
		t.Fatalf("cookie = %+v; want %s=token, HttpOnly, SameSite=Strict, Path=/", cookie, s.cookie)
	}
	resp = call(t, s, "POST", "/api/analyze", bytes.NewReader(body.Bytes()), ct, func(r *http.Request) {
		noToken(r)
		r.AddCookie(cookie)
	})
	if b := readBody(t, resp); resp.StatusCode != 200 || !bytes.Contains(b, []byte("Example Voice Root CA")) {
		t.Errorf("POST /api/analyze with the cookie: %s %.200s", resp.Status, b)
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := start(t, Options{})
	body, ct := form(t, nil, testFile(t, "samples/certnew.p7b"))
	for _, tc := range []struct {
		method, path string
		edit         func(*http.Request)
	}{
		{"GET", "/", nil},
		{"GET", "/app.js", nil},
		{"GET", "/style.css", nil},
		{"POST", "/api/analyze", nil},
		{"POST", "/api/split.zip", nil},
		{"GET", "/nothing", nil},
		{"GET", "/", func(r *http.Request) { r.Header.Del("X-Certkit-Token") }},
		{"GET", "/", func(r *http.Request) { r.Host = "evil.example" }},
		{"OPTIONS", "/api/analyze", func(r *http.Request) {
			r.Header.Set("Origin", "http://evil.example")
			r.Header.Set("Access-Control-Request-Method", "POST")
		}},
		{"POST", "/api/analyze", func(r *http.Request) { r.Header.Set("Origin", "http://evil.example") }},
	} {
		resp := call(t, s, tc.method, tc.path, bytes.NewReader(body.Bytes()), ct, tc.edit)
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s %s: Content-Security-Policy %q lacks %s", tc.method, tc.path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "*") {
			t.Errorf("%s %s: Content-Security-Policy %q allows too much", tc.method, tc.path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s: X-Content-Type-Options %q", tc.method, tc.path, h.Get("X-Content-Type-Options"))
		}
		for k := range h {
			if strings.HasPrefix(strings.ToLower(k), "access-control-") {
				t.Errorf("%s %s: CORS header %s: %s", tc.method, tc.path, k, h.Get(k))
			}
		}
	}
}

func TestOtherSitesRefused(t *testing.T) {
	s := start(t, Options{})
	body, ct := form(t, nil, testFile(t, "samples/certnew.p7b"))
	for name, edit := range map[string]func(*http.Request){
		"Origin of another site":   func(r *http.Request) { r.Header.Set("Origin", "http://evil.example") },
		"Origin null":              func(r *http.Request) { r.Header.Set("Origin", "null") },
		"Origin of another port":   func(r *http.Request) { r.Header.Set("Origin", "http://127.0.0.1:1") },
		"Origin https":             func(r *http.Request) { r.Header.Set("Origin", "https://"+s.Addr()) },
		"Sec-Fetch-Site cross":     func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") },
		"Sec-Fetch-Site same-site": func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "same-site") },
	} {
		resp := call(t, s, "POST", "/api/analyze", bytes.NewReader(body.Bytes()), ct, edit)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %s; want 403", name, resp.Status)
		}
	}
	resp := call(t, s, "POST", "/api/analyze", bytes.NewReader(body.Bytes()), ct, func(r *http.Request) {
		r.Header.Set("Origin", "http://"+s.Addr())
		r.Header.Set("Sec-Fetch-Site", "same-origin")
	})
	if resp.StatusCode != 200 {
		t.Errorf("the page's own origin: %s", resp.Status)
	}
}

func TestBodyOverLimitRefused(t *testing.T) {
	s := start(t, Options{})

	// A declared length over the limit is refused before the body is read.
	conn, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/analyze HTTP/1.1\r\nHost: %s\r\nX-Certkit-Token: %s\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n",
		s.Addr(), s.Token(), MaxBody+1)
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	if b := readBody(t, resp); resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "at most 64 MiB") {
		t.Errorf("declared %d bytes: %s %s; want 413 saying the limit", MaxBody+1, resp.Status, b)
	}

	// A body that never says its length is cut at the limit.
	big := file{"big.pem", bytes.Repeat([]byte("A"), MaxBody)}
	body, ct := form(t, nil, big)
	resp = call(t, s, "POST", "/api/analyze", io.MultiReader(body), ct, nil) // MultiReader hides the length: chunked
	if b := readBody(t, resp); resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "at most 64 MiB") {
		t.Errorf("streamed %d bytes: %s %.300s; want 413", body.Len(), resp.Status, b)
	}

	// The server keeps serving.
	v := analyzeOK(t, s, nil, testFile(t, "samples/certnew.p7b"))
	if len(v.Certificates) != 3 {
		t.Errorf("after the refusals: %d certificates; want 3", len(v.Certificates))
	}
}

func TestUploadsStayInMemory(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where mime/multipart would spill a large file
	s := start(t, Options{})
	pem := testFile(t, "convert/chain.pem")
	pad := bytes.Repeat([]byte("# padding a large upload\n"), 40<<20/25)
	v := analyzeOK(t, s, nil, file{"large.pem", append(append([]byte{}, pad...), pem.data...)})
	if len(v.Certificates) != 3 {
		t.Errorf("large upload: %d certificates; want 3", len(v.Certificates))
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("the upload left %s in the temporary directory", e.Name())
	}
}

// keyMaterial returns forms of the private keys in the named files that
// must never appear in a response: the PKCS#8 DER, its base64, and the PEM
// label.
func keyMaterial(t *testing.T, files []file, password string) [][]byte {
	t.Helper()
	out := [][]byte{[]byte("PRIVATE KEY")}
	n := 0
	for _, f := range files {
		res, err := convert.Decode(f.data, convert.Options{KeepKeys: true, Password: password})
		if res == nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		for _, k := range res.Keys {
			der, err := x509.MarshalPKCS8PrivateKey(k)
			if err != nil {
				t.Fatal(err)
			}
			b64 := base64.StdEncoding.EncodeToString(der)
			// Any 48-byte stretch of the key's DER, raw or in base64.
			for i := 0; i+48 <= len(der); i += 48 {
				out = append(out, der[i:i+48])
			}
			for i := 0; i+64 <= len(b64); i += 64 {
				out = append(out, []byte(b64[i:i+64]))
			}
			n++
		}
	}
	if n < 3 {
		t.Fatalf("found %d private keys in the test files; want at least 3", n)
	}
	return out
}

func TestPrivateKeyNeverSent(t *testing.T) {
	s := start(t, Options{})
	files := []file{testFile(t, "convert/leaf-and-key.pem"), testFile(t, "convert/chain-modern.p12"),
		testFile(t, "convert/key-only.pem"), testFile(t, "convert/leaf-nopassword.p12"), testFile(t, "csr/vgw1.key"),
		testFile(t, "csr/vgw1.crt"), testFile(t, "convert/chain.pem")}
	secrets := keyMaterial(t, files, "certkit-test")
	// The first set holds two device certificates, of which the CUCM plan
	// needs a hostname to pick one; the second, one, which it plans; the
	// third puts a certificate and its key in a trust store's folder, for
	// the CUCM audit.
	inStore := func(f file) file { return file{"stores/CallManager-trust/" + f.name, f.data} }
	sets := [][]file{files, {files[1], files[0]}, {inStore(files[0]), inStore(files[6])}}
	served := map[string]bool{}
	for n, set := range sets {
		choices := &Choices{Passwords: map[string]string{fmt.Sprint(1 - n): "certkit-test"}, Trustpoint: "cube1", TrunkSubject: "cube1.example.com"}
		for _, path := range []string{"/api/analyze", "/api/split.zip", "/api/ca-only.p7b", "/api/chain.pem", "/api/cucm.zip", "/api/cucm-audit.csv"} {
			body, ct := form(t, choices, set...)
			resp := call(t, s, "POST", path, body, ct, nil)
			b := readBody(t, resp)
			served[path] = served[path] || resp.StatusCode == 200
			contents := [][]byte{b}
			if strings.HasSuffix(path, ".zip") && resp.StatusCode == 200 {
				zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				for _, f := range zr.File {
					rc, _ := f.Open()
					data, _ := io.ReadAll(rc)
					contents = append(contents, data)
				}
			}
			for _, c := range contents {
				for _, sec := range secrets {
					if bytes.Contains(c, sec) {
						t.Errorf("set %d, %s: the response holds private key material (%.20q)", n, path, sec)
					}
				}
			}
			if path == "/api/analyze" && n == 0 {
				var v view
				json.Unmarshal(b, &v)
				if v.Files[1].Error != "" || v.Files[1].Certs != 3 {
					t.Errorf("the .p12 with its password: %+v", v.Files[1])
				}
				if len(v.Files[0].Notes) == 0 || !strings.Contains(v.Files[0].Notes[0], "private key") {
					t.Errorf("leaf-and-key.pem: notes %q; want one about its private key", v.Files[0].Notes)
				}
			}
		}
	}
	for path, ok := range served {
		if !ok {
			t.Errorf("%s never answered 200, so the check saw no content", path)
		}
	}
}

func TestRequestsRefused(t *testing.T) {
	s := start(t, Options{})
	body, ct := form(t, nil, testFile(t, "samples/certnew.p7b"))
	for _, tc := range []struct {
		name, method, path, ct string
		body                   []byte
		want                   int
	}{
		{"GET of the API", "GET", "/api/analyze", "", nil, 405},
		{"POST of the page", "POST", "/", ct, body.Bytes(), 405},
		{"unknown page", "GET", "/server.go", "", nil, 404},
		{"embedded directory", "GET", "/static/index.html", "", nil, 404},
		{"dot dot", "GET", "/static/../server.go", "", nil, 404},
		{"not multipart", "POST", "/api/analyze", "application/json", []byte(`{"files":[]}`), 400},
		{"bad choices", "POST", "/api/analyze", "multipart/form-data; boundary=b", []byte("--b\r\nContent-Disposition: form-data; name=\"choices\"\r\n\r\n{nope\r\n--b--\r\n"), 400},
		{"unknown field", "POST", "/api/analyze", "multipart/form-data; boundary=b", []byte("--b\r\nContent-Disposition: form-data; name=\"path\"\r\n\r\n/etc/passwd\r\n--b--\r\n"), 400},
		{"cut multipart", "POST", "/api/analyze", ct, body.Bytes()[:body.Len()/2], 400},
		{"no files, download", "POST", "/api/split.zip", "multipart/form-data; boundary=b", []byte("--b--\r\n"), 422},
	} {
		resp := call(t, s, tc.method, tc.path, bytes.NewReader(tc.body), tc.ct, nil)
		b := readBody(t, resp)
		if resp.StatusCode != tc.want {
			t.Errorf("%s: %s %.200s; want %d", tc.name, resp.Status, b, tc.want)
		}
	}
	var many []file
	for i := range maxFiles + 1 {
		many = append(many, file{fmt.Sprintf("f%d.pem", i), nil})
	}
	body, ct = form(t, nil, many...)
	if resp := call(t, s, "POST", "/api/analyze", body, ct, nil); resp.StatusCode != 400 {
		t.Errorf("%d files: %s; want 400", len(many), resp.Status)
	}
}

func TestHugeHeadersRefused(t *testing.T) {
	s := start(t, Options{})
	resp := call(t, s, "GET", "/", nil, "", func(r *http.Request) {
		r.Header.Set("X-Filler", strings.Repeat("a", 200<<10))
	})
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("200 KiB of headers: %s; want 431", resp.Status)
	}
	if resp := call(t, s, "GET", "/style.css", nil, "", nil); resp.StatusCode != 200 {
		t.Errorf("after the refusal: %s", resp.Status)
	}
}

func TestSlowHeadersCut(t *testing.T) {
	old := readHeaderTimeout
	readHeaderTimeout = 200 * time.Millisecond
	defer func() { readHeaderTimeout = old }()
	s := start(t, Options{})
	conn, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: %s\r\n", s.Addr()) // and never the blank line
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	b, err := io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server kept a connection with unfinished headers open for 10 s (read %q)", b)
	}
}

func TestIdleStops(t *testing.T) {
	// The idle time leaves a wide margin over the gap between requests, so
	// that a loaded machine (the race detector, two cores) cannot stretch
	// one gap past it; the requests still span more than the idle time.
	s, err := New(Options{Idle: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(context.Background()) }()
	// Requests keep it running past the idle time.
	for range 6 {
		time.Sleep(250 * time.Millisecond)
		resp := call(t, s, "GET", "/style.css", nil, "", nil)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET /style.css: %s", resp.Status)
		}
	}
	select {
	case err := <-done:
		t.Fatalf("stopped while requests came: %v", err)
	default:
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve after the idle time: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still serving 10 s after the last request, with --idle 1s")
	}
	if _, err := net.DialTimeout("tcp", s.Addr(), time.Second); err == nil {
		t.Error("still listening after the idle stop")
	}
}

func TestContextStops(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
}

// TestKeystoreOnPage: a JKS or JCEKS keystore dropped without its
// password asks for it, with the keystore's hint; with it, its
// certificates are read and its key counted.
func TestKeystoreOnPage(t *testing.T) {
	s := start(t, Options{})
	for _, name := range []string{"convert/keystore.jks", "convert/keystore.jceks"} {
		for _, pw := range []string{"", "changeit"} {
			choices := &Choices{Passwords: map[string]string{"0": pw}}
			body, ct := form(t, choices, testFile(t, name))
			var v view
			if err := json.Unmarshal(readBody(t, call(t, s, "POST", "/api/analyze", body, ct, nil)), &v); err != nil || len(v.Files) != 1 {
				t.Fatalf("%s: %v, %+v", name, err, v.Files)
			}
			f := v.Files[0]
			if pw == "" && (!f.Password || f.Hint != "enter the keystore's password below; it goes only to certkit on this computer") {
				t.Errorf("%s without its password: %+v", name, f)
			}
			if pw != "" && (f.Error != "" || f.Certs != 3 || f.Keys != 1) {
				t.Errorf("%s with its password: %+v", name, f)
			}
		}
	}
}
