// Package web is certkit's local web page: a server on the loopback
// interface that answers a small JSON API with the same library calls the
// certkit command makes, and serves the page itself (plain HTML, CSS and
// JavaScript embedded in the binary).
//
// It is a server even though it is local, so it defends itself: it listens
// on loopback only, refuses any request whose Host header is not the
// address it listens on (DNS rebinding), wants the per-run token on every
// request (in the X-Certkit-Token header or the HttpOnly, SameSite=Strict
// cookie the first page load sets), sends no CORS headers and a strict
// Content-Security-Policy, caps request bodies at input.MaxSize,
// keeps uploads in memory and never sends a private key back. It runs at
// most MaxAnalyses analyses at once, each of at most MaxCertificates
// certificates, with a deadline, and stops one whose client went away.
// Only requests that pass the Host and token checks keep it from stopping
// when idle.
package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/voicepki/certkit/internal/input"
)

// MaxBody is the largest request body the server reads: the limit certkit
// puts on one input file.
const MaxBody = input.MaxSize

// DefaultAddr is where the server listens when Options.Addr is empty: the
// IPv4 loopback address on a free port.
const DefaultAddr = "127.0.0.1:0"

// ErrNotLoopback is what New's error matches (errors.Is) when the address
// asked for is not a loopback address. There is no way around it.
var ErrNotLoopback = errors.New("web: not a loopback address")

// Options controls New. The zero value listens on 127.0.0.1 on a free port
// and never stops on its own.
type Options struct {
	// Addr is IP:PORT with a loopback IP (127.0.0.1, another 127.x.y.z, or
	// [::1]); port 0 picks a free one. Host names, localhost included, are
	// refused: the Host header check needs the one spelling of the address.
	Addr string
	// Idle stops the server after this long without a request; zero means
	// it runs until its context ends.
	Idle time.Duration
}

// Server is one run of the page, with its own token.
type Server struct {
	ln     net.Listener
	host   string // the Host header every request must carry: 127.0.0.1:PORT
	token  string
	cookie string // the cookie's name, per port: cookies do not tell ports apart
	idle   time.Duration
	last   atomic.Int64 // unix nanoseconds of the last request that passed the checks
	active atomic.Int32 // requests that passed the checks, being handled
	srv    *http.Server
	slots  chan struct{} // one per analysis running: MaxAnalyses

	mu         sync.Mutex
	browserDir string // the folder of the token file OpenBrowser wrote, until removed
}

// Timeouts of the HTTP server. A request of MaxBody over loopback takes
// well under a second; the margins are for a slow, busy laptop.
var (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 2 * time.Minute
	writeTimeout      = 2 * time.Minute
	idleConnTimeout   = 2 * time.Minute
)

// New listens on opts.Addr, refusing anything but a loopback address, and
// makes the run's random token. Serve then answers requests.
func New(opts Options) (*Server, error) {
	addr := opts.Addr
	if addr == "" {
		addr = DefaultAddr
	}
	ap, err := loopbackAddr(addr)
	if err != nil {
		return nil, err
	}
	if opts.Idle < 0 {
		return nil, fmt.Errorf("web: the idle time %s is negative", opts.Idle)
	}
	ln, err := net.Listen("tcp", ap.String())
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	tok := make([]byte, 32)
	rand.Read(tok) // never fails (crypto/rand)
	bound := ln.Addr().(*net.TCPAddr).AddrPort()
	s := &Server{
		ln:     ln,
		host:   netip.AddrPortFrom(bound.Addr().Unmap(), bound.Port()).String(),
		token:  base64.RawURLEncoding.EncodeToString(tok),
		cookie: fmt.Sprintf("certkit-%d", bound.Port()),
		idle:   opts.Idle,
		slots:  make(chan struct{}, MaxAnalyses),
	}
	s.last.Store(time.Now().UnixNano())
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleConnTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          discardLog,
	}
	return s, nil
}

// loopbackAddr parses addr as IP:PORT and refuses an IP that is not
// loopback, or a host name.
func loopbackAddr(addr string) (netip.AddrPort, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("web: %s is not IP:PORT, such as 127.0.0.1:8080", addr)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil && host != "" {
		return netip.AddrPort{}, notLoopback{addr, "is a name, not an IP address: give 127.0.0.1 or [::1], the address the page checks every request's Host header against"}
	}
	if err != nil || ip.Zone() != "" || !ip.Unmap().IsLoopback() {
		return netip.AddrPort{}, notLoopback{addr, "is not a loopback address: certkit web listens on 127.0.0.1 or [::1] only, so that nothing on the network can reach it"}
	}
	n, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("web: %s: port %q is not a number from 0 to 65535", addr, port)
	}
	return netip.AddrPortFrom(ip.Unmap(), uint16(n)), nil
}

// notLoopback is the refusal of an address that is not a loopback IP; it
// matches ErrNotLoopback.
type notLoopback struct{ addr, why string }

func (a notLoopback) Error() string { return "web: --addr " + a.addr + " " + a.why }

func (a notLoopback) Is(target error) bool { return target == ErrNotLoopback }

// URL is the address to open, with the token: the first page load trades
// it for a cookie and drops it from the address bar.
func (s *Server) URL() string {
	return "http://" + s.host + "/?token=" + s.token
}

// Addr is the address the server listens on, such as 127.0.0.1:49152.
func (s *Server) Addr() string { return s.host }

// Token is the run's token, for clients that send it in the
// X-Certkit-Token header.
func (s *Server) Token() string { return s.token }

// Serve answers requests until ctx ends or, with Options.Idle, until no
// request came for that long (requests refused by the Host or token check
// do not count); then it stops, letting requests in flight finish for up
// to 5 seconds. It returns nil after such a stop. When it returns, the
// token file OpenBrowser wrote is removed, if it is still there.
func (s *Server) Serve(ctx context.Context) error {
	defer s.removeTokenFile()
	done := make(chan error, 1)
	go func() { done <- s.srv.Serve(s.ln) }()
	var tick <-chan time.Time
	if s.idle > 0 {
		t := time.NewTicker(min(s.idle/4+time.Millisecond, time.Second))
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case err := <-done:
			return err
		case <-ctx.Done():
			return s.shutdown(done)
		case <-tick:
			if s.active.Load() == 0 && time.Since(time.Unix(0, s.last.Load())) >= s.idle {
				return s.shutdown(done)
			}
		}
	}
}

func (s *Server) shutdown(done chan error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if e := <-done; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	if errors.Is(err, context.DeadlineExceeded) {
		s.srv.Close()
		return nil
	}
	return err
}

// ServeHTTP checks every request before routing it: the Host header, the
// origin, the token and the body size. Refusals say why in plain words.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")

	// DNS rebinding: a name that resolves to 127.0.0.1 still carries its
	// own name in Host.
	if r.Host != s.host {
		refuse(w, r, http.StatusForbidden, fmt.Sprintf("Host %q is not %s: certkit web answers only requests to the address it printed", r.Host, s.host))
		return
	}
	// A page from elsewhere may send requests here; browsers say so in
	// Origin and Sec-Fetch-Site.
	if o := r.Header.Get("Origin"); o != "" && o != "http://"+s.host {
		refuse(w, r, http.StatusForbidden, fmt.Sprintf("Origin %q is not this page: certkit web takes requests from its own page only", o))
		return
	}
	if site := r.Header.Get("Sec-Fetch-Site"); strings.HasPrefix(r.URL.Path, "/api/") && site != "" && site != "same-origin" && site != "none" {
		refuse(w, r, http.StatusForbidden, "the request comes from another site: certkit web takes requests from its own page only")
		return
	}
	fromURL := false
	if !s.authorized(r) {
		// The address certkit printed: the page itself, with the token in
		// its query. Its answer sets the cookie.
		if q := r.URL.Query().Get("token"); r.URL.Path == "/" && r.Method == http.MethodGet && s.tokenOK(q) {
			fromURL = true
		} else {
			refuse(w, r, http.StatusForbidden, "no valid token: open the address certkit web printed (it ends in ?token=...); run certkit web again if it has stopped")
			return
		}
	}
	// Only a request that passed the checks keeps the server from
	// stopping when idle: another local program's refused requests do not.
	s.active.Add(1)
	s.last.Store(time.Now().UnixNano())
	defer func() {
		s.last.Store(time.Now().UnixNano())
		s.active.Add(-1)
	}()
	if fromURL {
		http.SetCookie(w, &http.Cookie{Name: s.cookie, Value: s.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	}
	if r.ContentLength > MaxBody {
		refuse(w, r, http.StatusRequestEntityTooLarge, tooLarge)
		return
	}
	if r.Body != nil {
		r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	}
	s.route(w, r)
}

// tooLarge is the refusal of a body over MaxBody, in the CLI's words.
var tooLarge = fmt.Sprintf("the files are larger than certkit reads: at most %d MiB in all", MaxBody>>20)

// authorized reports whether r carries the token in the header or in a
// cookie. Every cookie of the page's name is tried, not only the first:
// browsers share cookies between the ports of one host, so a program
// listening on another loopback port can plant one of that name (with a
// longer path, so that it comes first) to lock the page out.
func (s *Server) authorized(r *http.Request) bool {
	if s.tokenOK(r.Header.Get("X-Certkit-Token")) {
		return true
	}
	for _, c := range r.Cookies() {
		if c.Name == s.cookie && s.tokenOK(c.Value) {
			return true
		}
	}
	return false
}

func (s *Server) tokenOK(t string) bool {
	return t != "" && subtle.ConstantTimeCompare([]byte(t), []byte(s.token)) == 1
}

// refuse answers with an error: JSON {"error": ...} for the API, plain
// text for anything else.
func refuse(w http.ResponseWriter, r *http.Request, code int, msg string) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSON(w, code, map[string]string{"error": msg})
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	fmt.Fprintln(w, "certkit web: "+msg)
}

// contentSecurityPolicy allows the page's own files and nothing else: no
// inline script or style, no other origin, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
