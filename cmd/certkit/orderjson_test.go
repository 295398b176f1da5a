package main

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"math/big"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
)

// TestWriteOrderJSON holds the streamed order --json to what encoding/json
// writes for orderJSON, on chains of every kind: complete, incomplete,
// verified or not (with verify_error), with warnings, a subject with & and
// <, none at all, and with fetched entries.
func TestWriteOrderJSON(t *testing.T) {
	var certs []*x509.Certificate
	for _, glob := range []string{"chain/*.pem", "cisco/three/*.pem", "lenient/*.pem", "samples/*.p7b"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", glob))
		for _, f := range files {
			_, res := decodeFile(t, f)
			certs = append(certs, res.Certificates...)
		}
	}
	odd := testkit.SelfSignedDER(t, &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "AT&T <voice>"},
		NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC)})
	c, err := x509.ParseCertificate(odd)
	if err != nil {
		t.Fatal(err)
	}
	certs = append(certs, c)
	fetched := []fetchedJSON{{URL: "http://pki/a&b.crt", For: "CN=x", Subject: "CN=y", SHA256: "00"}, {URL: "ldap:///x", For: "CN=x", Error: "not fetched: LDAP URLs are only listed"}}
	for name, tc := range map[string]struct {
		certs   []*x509.Certificate
		opts    chain.Options
		fetched []fetchedJSON
	}{
		"all":       {certs, chain.Options{}, nil},
		"verified":  {certs, chain.Options{Verify: true, At: time.Date(2101, 1, 1, 0, 0, 0, 0, time.UTC)}, fetched},
		"no chains": {nil, chain.Options{}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			chains, err := chain.Order(tc.certs, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			want := orderJSON{Chains: []chainJSON{}, Fetched: tc.fetched}
			for _, ch := range chains {
				want.Chains = append(want.Chains, toChainJSON(ch))
			}
			var wantOut, gotOut bytes.Buffer
			if err := writeJSON(&env{stdout: &wantOut, stderr: &bytes.Buffer{}}, want); err != nil {
				t.Fatal(err)
			}
			if err := (&env{stdout: &gotOut, stderr: &bytes.Buffer{}}).writeOrderJSON(chains, tc.fetched, &factCache{}); err != nil {
				t.Fatal(err)
			}
			if name == "verified" {
				for _, part := range []string{`"verify_error"`, `"missing": {`, `"warnings": [` + "\n", `AT&T <voice>`, `"verified": false`, `"fetched"`} {
					if !strings.Contains(wantOut.String(), part) {
						t.Errorf("the case does not cover %s", part)
					}
				}
			}
			if diff := cmp.Diff(wantOut.String(), gotOut.String()); diff != "" {
				t.Errorf("streamed JSON differs from encoding/json's (-want +got):\n%s", diff)
			}
		})
	}
}

func decodeFile(t *testing.T, path string) ([]byte, *convert.Result) {
	t.Helper()
	e := &env{stderr: &bytes.Buffer{}}
	data, err := e.readInput(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return data, res
}

// TestAppendJSONString writes strings as encoding/json does, HTML
// escaping off, for every kind of character.
func TestAppendJSONString(t *testing.T) {
	cases := []string{"", "plain", `quote " and \ backslash`, "tab\tnl\ncr\r\b\f\x00\x1f\x7f", "AT&T <voice>",
		"café ☎ 日本", "bad \xff utf-8 \xc3", "\u2028 and \u2029", "CN=a\\,b+c"}
	for i := 0; i < 256; i++ {
		cases = append(cases, string([]byte{byte(i), 'x', byte(i)}))
	}
	for _, s := range cases {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := string(appendJSONString(nil, s)) + "\n"; got != want.String() {
			t.Errorf("%q: got %s, want %s", s, got, want.String())
		}
	}
}
