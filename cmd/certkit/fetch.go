package main

import (
	"crypto/x509"
	"errors"
	"flag"
	"fmt"

	"github.com/voicepki/certkit/internal/aiafetch"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
)

// fetchFlag adds --fetch, the one way certkit touches the network.
func fetchFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("fetch", false, "download a missing issuer from the caIssuers URL of its AIA (http and https; 5 s per request, 20 s and 32 requests in all)")
}

// fetchedJSON is one entry of "fetched" in order --json and issuer-for
// --json: a certificate fetched from a URL, or why the URL gave none.
type fetchedJSON struct {
	URL     string `json:"url"`
	For     string `json:"for"`
	Subject string `json:"subject,omitempty"`
	SHA256  string `json:"sha256,omitempty"`
	Error   string `json:"error,omitempty"`
	// Detail is the message of the library behind Error, when a lower
	// library refused what came back (the response's DER).
	Detail string `json:"detail,omitempty"`
}

// fetching sets up opts to fetch missing issuers when on, reporting each
// URL on stderr as it is done; the returned list fills "fetched" in JSON.
// URLs are printed without user name and password (which are not sent
// either, and a note says so), escaped as x509text.Printable escapes what
// certkit prints from a certificate; JSON has them exact but for those.
// When the limit on requests is reached, one line says that fetching
// stopped there.
func (e *env) fetching(opts *chain.Options, on bool) *[]fetchedJSON {
	log := &[]fetchedJSON{}
	if !on {
		return log
	}
	opts.Fetch = &aiafetch.Client{}
	opts.OnFetch = func(f chain.Fetch) {
		url := x509text.Printable(f.URL)
		if f.Userinfo {
			e.errorf("note: dropped the user name and password from the URL %s in the AIA of %s: they are not sent", url, x509text.Describe(f.For))
		}
		if f.Err != nil {
			why := fetchError(f.Err)
			*log = append(*log, fetchedJSON{URL: f.URL, For: f.For.Subject.String(), Error: why, Detail: convert.Detail(f.Err)})
			switch {
			case errors.Is(f.Err, chain.ErrFetchLimit):
				e.errorf("stopped fetching before %s (for %s): %s", url, x509text.Describe(f.For), why)
			case errors.Is(f.Err, chain.ErrNotFetched):
				e.errorf("%s: %s", url, why)
			default:
				e.errorf("fetch %s (for %s) failed: %s", url, x509text.Describe(f.For), why)
			}
			return
		}
		for _, c := range f.Certificates {
			*log = append(*log, fetchedJSON{URL: f.URL, For: f.For.Subject.String(), Subject: c.Subject.String(), SHA256: x509text.SHA256(c)})
			fmt.Fprintf(e.stderr, "certkit: fetched %s -> %s, sha256 %s (the issuer of %s)\n", url, x509text.Subject(c), x509text.SHA256(c), x509text.Describe(f.For))
		}
	}
	return log
}

// fetchError words why a URL gave no issuer: aiafetch's detail without
// the URL, which the line names already, else chain's error as it is.
func fetchError(err error) string {
	var fe *aiafetch.Error
	if errors.As(err, &fe) {
		return fe.Detail
	}
	return x509text.Printable(err.Error())
}

// addFetched returns certs followed by the issuers --fetch downloads for
// them, for a command (cucm) whose library call takes certificates, not
// chain options.
func (e *env) addFetched(certs []*x509.Certificate) ([]*x509.Certificate, error) {
	var opts chain.Options
	e.fetching(&opts, true)
	chains, err := chain.Order(certs, opts)
	if err != nil {
		return nil, err
	}
	out := append([]*x509.Certificate(nil), certs...)
	have := map[string]bool{}
	for _, c := range certs {
		have[string(c.Raw)] = true
	}
	for _, ch := range chains {
		for _, c := range ch.Certificates {
			if !have[string(c.Raw)] {
				have[string(c.Raw)] = true
				out = append(out, c)
			}
		}
	}
	return out, nil
}
