package aiafetch_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/voicepki/certkit/internal/aiafetch"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
)

// ca is a certificate with its key.
type ca struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

var serial int64

// issue makes a certificate named cn, a CA if isCA, signed by parent
// (self-signed when nil), naming aia as its caIssuers URLs.
func issue(t *testing.T, cn string, isCA bool, parent *ca, aia ...string) *ca {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial++
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(serial),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC),
		IssuingCertificateURL: aia,
		BasicConstraintsValid: true,
		IsCA:                  isCA,
		KeyUsage:              x509.KeyUsageDigitalSignature,
	}
	if isCA {
		tmpl.KeyUsage |= x509.KeyUsageCertSign
	}
	signerCert, signer := tmpl, key
	if parent != nil {
		signerCert, signer = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signerCert, key.Public(), signer)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &ca{c, key}
}

// server serves paths as the handlers say and counts the requests. A
// path with no handler of its own goes to its first segment's: an OCSP
// GET request follows the responder's path.
type server struct {
	*httptest.Server
	mu       sync.Mutex
	handlers map[string]http.HandlerFunc
	hits     map[string]int // by method, path and query: "GET /a.crt"
}

func newServer(t *testing.T) *server {
	s := &server{handlers: map[string]http.HandlerFunc{}, hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.Method+" "+r.URL.RequestURI()]++
		h := s.handlers[r.URL.Path]
		if h == nil {
			first, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
			h = s.handlers["/"+first]
		}
		s.mu.Unlock()
		if h == nil {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[path] = h
}

func (s *server) serve(path string, body []byte) {
	s.handle(path, func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
}

func (s *server) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, v := range s.hits {
		n += v
	}
	return n
}

// order orders certs with fetching by client and returns the chain that
// ends at certs[0] and the fetches reported.
func order(t *testing.T, client chain.Fetcher, certs ...*x509.Certificate) (chain.Chain, []chain.Fetch) {
	t.Helper()
	var fetches []chain.Fetch
	opts := chain.Options{OnFetch: func(f chain.Fetch) { fetches = append(fetches, f) }}
	if client != nil {
		opts.Fetch = client
	}
	chains, err := chain.Order(certs, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range chains {
		if ch.Certificates[len(ch.Certificates)-1].Equal(certs[0]) {
			return ch, fetches
		}
	}
	t.Fatalf("no chain ends at %s", certs[0].Subject.CommonName)
	return chain.Chain{}, nil
}

func names(ch chain.Chain) string {
	var n []string
	for _, c := range ch.Certificates {
		n = append(n, c.Subject.CommonName)
	}
	return strings.Join(n, " > ")
}

// TestFetchFormats fetches a missing intermediate served as DER, as PEM
// and as a .p7b holding it with its root.
func TestFetchFormats(t *testing.T) {
	srv := newServer(t)
	root := issue(t, "Root", true, nil)
	inter := issue(t, "Issuing CA", true, root)
	p7, err := convert.Encode([]*x509.Certificate{root.cert, inter.cert}, convert.EncodeOptions{Format: convert.FormatPKCS7})
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string][]byte{
		"der": inter.cert.Raw,
		"pem": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: inter.cert.Raw}),
		"p7b": p7,
	} {
		t.Run(name, func(t *testing.T) {
			srv.serve("/ca."+name, body)
			leaf := issue(t, "gw1.example.com", false, inter, srv.URL+"/ca."+name)
			ch, fetches := order(t, &aiafetch.Client{}, leaf.cert, root.cert)
			if !ch.Complete || names(ch) != "Root > Issuing CA > gw1.example.com" {
				t.Fatalf("chain %s, complete %v", names(ch), ch.Complete)
			}
			if len(fetches) != 1 || fetches[0].Err != nil || len(fetches[0].Certificates) != 1 ||
				!fetches[0].Certificates[0].Equal(inter.cert) || fetches[0].URL != srv.URL+"/ca."+name || !fetches[0].For.Equal(leaf.cert) {
				t.Fatalf("fetches %+v", fetches)
			}
		})
	}
}

// TestFetchFailures: each failure says why, and leaves the chain
// incomplete with the missing issuer named as without fetching.
func TestFetchFailures(t *testing.T) {
	srv := newServer(t)
	root := issue(t, "Root", true, nil)
	inter := issue(t, "Issuing CA", true, root)
	other := issue(t, "Issuing CA", true, root) // same name, another key
	srv.handle("/slow.crt", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	srv.handle("/huge.crt", func(w http.ResponseWriter, r *http.Request) {
		chunk := make([]byte, 1<<20)
		for range 10 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	srv.handle("/loop.crt", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop2.crt", http.StatusFound) })
	srv.handle("/loop2.crt", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop.crt", http.StatusFound) })
	srv.serve("/page.html", []byte("<html><body>Certificate services</body></html>"))
	srv.serve("/other.crt", other.cert.Raw)
	// Only the silent server gets the short timeout: under -race on a
	// loaded machine, 1 MiB from an answering server can take longer.
	silent := &aiafetch.Client{Timeout: 300 * time.Millisecond}
	for _, tc := range []struct {
		path   string
		reason aiafetch.Reason // "" for a chain-level failure
		want   string
	}{
		{"/slow.crt", aiafetch.ReasonTimeout, "no answer within 300ms"},
		{"/huge.crt", aiafetch.ReasonTooLarge, "larger than 1 MiB; cut off"},
		{"/loop.crt", aiafetch.ReasonRedirects, "more than 5 redirects"},
		{"/missing.crt", aiafetch.ReasonStatus, "HTTP 404 Not Found"},
		{"/page.html", aiafetch.ReasonNotCertificate, "not a certificate"},
		{"/other.crt", "", "does not verify"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			before := srv.total()
			leaf := issue(t, "gw1.example.com", false, inter, srv.URL+tc.path)
			client := &aiafetch.Client{}
			if tc.reason == aiafetch.ReasonTimeout {
				client = silent
			}
			ch, fetches := order(t, client, leaf.cert, root.cert)
			if ch.Complete || ch.Missing == nil || ch.Missing.Issuer != "CN=Issuing CA" || len(ch.Missing.AIA) != 1 {
				t.Fatalf("chain %s complete %v, missing %v", names(ch), ch.Complete, ch.Missing)
			}
			if len(fetches) != 1 || fetches[0].Err == nil || len(fetches[0].Certificates) != 0 {
				t.Fatalf("fetches %+v", fetches)
			}
			err := fetches[0].Err
			var fe *aiafetch.Error
			switch {
			case tc.reason == "":
				// chain's own error, not aiafetch's: what was fetched
				// does not verify the certificate.
				if errors.As(err, &fe) || !strings.Contains(err.Error(), "chain: fetched certificate does not verify the signature") {
					t.Errorf("error %v, want chain's fetched-not-issuer error", err)
				}
			case !errors.As(err, &fe) || fe.Reason != tc.reason:
				t.Errorf("error %v, want reason %s", err, tc.reason)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			// One request for the URL; the redirect loop follows 5
			// redirects and stops.
			want := 1
			if tc.reason == aiafetch.ReasonRedirects {
				want = 1 + aiafetch.DefaultMaxRedirects
			}
			if hits := srv.total() - before; hits != want {
				t.Errorf("%d requests for %s, want %d", hits, tc.path, want)
			}
		})
	}
}

// TestFetchAIALoop: two CAs that certify each other, each naming the
// other's URL, are fetched once each and the climb stops.
func TestFetchAIALoop(t *testing.T) {
	srv := newServer(t)
	keyA, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	keyB, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	// Stand-ins give each CA's name and key to sign the other.
	standA := &ca{selfSigned(t, "CA A", keyA), keyA}
	standB := &ca{selfSigned(t, "CA B", keyB), keyB}
	a := reissue(t, "CA A", keyA, standB, srv.URL+"/b.crt") // A signed by B
	b := reissue(t, "CA B", keyB, standA, srv.URL+"/a.crt") // B signed by A
	srv.serve("/a.crt", a.Raw)
	srv.serve("/b.crt", b.Raw)
	leaf := issue(t, "gw1.example.com", false, &ca{a, keyA}, srv.URL+"/a.crt")
	ch, fetches := order(t, &aiafetch.Client{}, leaf.cert)
	if ch.Complete {
		t.Errorf("a loop without a root gave a complete chain: %s", names(ch))
	}
	if srv.total() != 2 || srv.hits["GET /a.crt"] != 1 || srv.hits["GET /b.crt"] != 1 {
		t.Errorf("requests %v, want each URL once", srv.hits)
	}
	if len(fetches) != 2 {
		t.Errorf("%d fetches, want 2: %+v", len(fetches), fetches)
	}
}

func selfSigned(t *testing.T, cn string, key *ecdsa.PrivateKey) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC),
		BasicConstraintsValid: true, IsCA: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	return c
}

// reissue certifies key under the name cn, signed by parent, naming aia.
func reissue(t *testing.T, cn string, key *ecdsa.PrivateKey, parent *ca, aia string) *x509.Certificate {
	t.Helper()
	serial++
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC),
		BasicConstraintsValid: true, IsCA: true, KeyUsage: x509.KeyUsageCertSign, IssuingCertificateURL: []string{aia}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent.cert, key.Public(), parent.key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	return c
}

// TestNoFetchWithoutClient: without Options.Fetch, Order and IssuerOf
// make no request at all, even for a certificate whose issuer is missing.
func TestNoFetchWithoutClient(t *testing.T) {
	srv := newServer(t)
	root := issue(t, "Root", true, nil)
	inter := issue(t, "Issuing CA", true, root)
	srv.serve("/ca.crt", inter.cert.Raw)
	leaf := issue(t, "gw1.example.com", false, inter, srv.URL+"/ca.crt")
	ch, fetches := order(t, nil, leaf.cert, root.cert)
	if ch.Complete || len(fetches) != 0 {
		t.Errorf("complete %v, fetches %v", ch.Complete, fetches)
	}
	if _, err := chain.IssuerOf(leaf.cert, []*x509.Certificate{root.cert}, chain.Options{}); !errors.Is(err, chain.ErrIssuerNotFound) {
		t.Errorf("IssuerOf: %v", err)
	}
	if n := srv.total(); n != 0 {
		t.Errorf("%d requests without Options.Fetch, want none", n)
	}
	// With it, IssuerOf fetches the issuer.
	got, err := chain.IssuerOf(leaf.cert, []*x509.Certificate{root.cert}, chain.Options{Fetch: &aiafetch.Client{}})
	if err != nil || !got.Equal(inter.cert) || srv.total() != 1 {
		t.Errorf("IssuerOf with Fetch: %v, %d requests", err, srv.total())
	}
}
