package aiafetch_test

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/voicepki/certkit/internal/aiafetch"
	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
)

// to sends every connection of a client to the test server, whatever the
// URL names (127.0.0.1:18736 for the generated files): loopback only.
func to(srv *server) *http.Transport {
	addr := srv.Listener.Addr().String()
	return &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
}

// TestFetchRequestLimit: 200 gateway certificates whose 200 issuing CAs
// sit only behind 200 distinct AIA URLs (testdata/hostile/aia200) make
// 32 requests, not 200; the run says where it stopped, and the chains it
// could not complete name their missing issuers as without --fetch.
func TestFetchRequestLimit(t *testing.T) {
	dir := filepath.Join(testkit.Root(t), "testdata", "hostile", "aia200")
	read := func(name string) []*x509.Certificate {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		res, err := convert.Decode(data, convert.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return res.Certificates
	}
	gateways, root := read("gateways.pem"), read("root.pem")
	if len(gateways) != 200 {
		t.Fatalf("%d gateways, want 200", len(gateways))
	}
	srv := newServer(t)
	www, _ := filepath.Glob(filepath.Join(dir, "www", "*.crt"))
	for _, f := range www {
		data, _ := os.ReadFile(f)
		srv.serve("/"+filepath.Base(f), data)
	}
	for _, tc := range []struct {
		name   string
		client *aiafetch.Client
		opts   chain.Options
		want   int
	}{
		{"default", &aiafetch.Client{Transport: to(srv)}, chain.Options{}, aiafetch.DefaultMaxRequests},
		{"client limit", &aiafetch.Client{Transport: to(srv), MaxRequests: 5}, chain.Options{MaxFetches: 100}, 5},
		{"chain limit", &aiafetch.Client{Transport: to(srv), MaxRequests: 100}, chain.Options{MaxFetches: 7}, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := srv.total()
			var fetches []chain.Fetch
			opts := tc.opts
			opts.Fetch, opts.OnFetch = tc.client, func(f chain.Fetch) { fetches = append(fetches, f) }
			chains, err := chain.Order(append(gateways, root...), opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := srv.total() - before; got != tc.want {
				t.Errorf("%d requests, want %d", got, tc.want)
			}
			complete := 0
			for _, ch := range chains {
				if ch.Complete {
					complete++
				} else if ch.Missing == nil || len(ch.Missing.AIA) != 1 {
					t.Errorf("an incomplete chain does not name its missing issuer: %+v", ch.Missing)
				}
			}
			if complete != tc.want {
				t.Errorf("%d complete chains, want %d", complete, tc.want)
			}
			// One report per request, then one that says it stopped.
			if len(fetches) != tc.want+1 || !errors.Is(fetches[tc.want].Err, chain.ErrFetchLimit) {
				t.Fatalf("%d fetches reported, the last %v", len(fetches), fetches[len(fetches)-1].Err)
			}
		})
	}
}

// TestFetchQuotesNothing: an answer that is not a certificate (a login
// page) is described by its type and size, never quoted, in the error and
// its Detail; a reason phrase the server wrote is not repeated either.
func TestFetchQuotesNothing(t *testing.T) {
	srv := newServer(t)
	srv.handle("/login", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<html><title>Corp SSO login for intranet-secret-host</title></html>"))
	})
	client := &aiafetch.Client{}
	_, err := client.Fetch(context.Background(), srv.URL+"/login")
	var fe *aiafetch.Error
	if !errors.As(err, &fe) || fe.Reason != aiafetch.ReasonNotCertificate {
		t.Fatalf("error %v, want not-a-certificate", err)
	}
	if want := "not a certificate: text/html, 67 bytes"; fe.Detail != want {
		t.Errorf("detail %q, want %q", fe.Detail, want)
	}
	for e := error(err); e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), "Corp SSO") || strings.Contains(e.Error(), "<html>") {
			t.Errorf("the error quotes the answer: %q", e.Error())
		}
	}
	// A status line with the server's own words, escapes among them.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 4096)
			c.Read(buf)
			c.Write([]byte("HTTP/1.1 403 Login at \x1b]0;intranet-secret-host\x07\r\nContent-Length: 0\r\n\r\n"))
			c.Close()
		}
	}()
	_, err = client.Fetch(context.Background(), "http://"+ln.Addr().String()+"/ca.crt")
	if !errors.As(err, &fe) || fe.Detail != "HTTP 403 Forbidden" {
		t.Errorf("error %v, want HTTP 403 Forbidden in the code's own words", err)
	}
}

// TestFetchDropsUserinfo: a user name and password in an AIA URL, or in a
// redirect, are never sent (no Authorization header), and the Fetch
// reported names the URL without them and says they were dropped.
func TestFetchDropsUserinfo(t *testing.T) {
	srv := newServer(t)
	root := issue(t, "Root", true, nil)
	inter := issue(t, "Issuing CA", true, root)
	var auth []string
	srv.handle("/ca.crt", func(w http.ResponseWriter, r *http.Request) {
		auth = append(auth, r.Header.Get("Authorization"))
		http.Redirect(w, r, "http://admin:hunter2@"+r.Host+"/real.crt", http.StatusFound)
	})
	srv.handle("/real.crt", func(w http.ResponseWriter, r *http.Request) {
		auth = append(auth, r.Header.Get("Authorization"))
		w.Write(inter.cert.Raw)
	})
	named := strings.Replace(srv.URL, "http://", "http://user:secret@", 1) + "/ca.crt"
	leaf := issue(t, "gw1.example.com", false, inter, named)
	ch, fetches := order(t, &aiafetch.Client{}, leaf.cert, root.cert)
	if !ch.Complete {
		t.Fatalf("chain %s incomplete", names(ch))
	}
	if len(auth) != 2 || auth[0] != "" || auth[1] != "" {
		t.Errorf("Authorization headers sent: %q", auth)
	}
	if len(fetches) != 1 || fetches[0].URL != srv.URL+"/ca.crt" || !fetches[0].Userinfo {
		t.Errorf("fetches %+v, want the URL without user name and password, and Userinfo set", fetches)
	}
}

// TestFetchCapsHeaders: response headers over 64 KiB end the request.
func TestFetchCapsHeaders(t *testing.T) {
	srv := newServer(t)
	srv.handle("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Padding", strings.Repeat("a", 100<<10))
		w.Write([]byte("x"))
	})
	_, err := (&aiafetch.Client{}).Fetch(context.Background(), srv.URL+"/big")
	var fe *aiafetch.Error
	if !errors.As(err, &fe) || fe.Reason != aiafetch.ReasonNetwork || !strings.Contains(fe.Detail, "65536") {
		t.Errorf("error %v, want the response headers refused over 65536 bytes", err)
	}
}
