package chain

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/x509text"
)

// Fetcher downloads the certificates published at a caIssuers URL of a
// certificate's authority information access extension. Options.Fetch
// takes one; package aiafetch has the HTTP implementation. Order and
// IssuerOf call it from one goroutine at a time, each URL at most once,
// with a context that carries the deadline of the whole fetch.
type Fetcher interface {
	Fetch(ctx context.Context, url string) ([]*x509.Certificate, error)
}

// Fetch is one URL Order or IssuerOf fetched because an issuer was
// missing, for Options.OnFetch.
type Fetch struct {
	// URL is the caIssuers URL, as For names it but without the user name
	// and password it may carry: those are never sent.
	URL string
	// Userinfo says that For's URL carried a user name or password, which
	// were dropped.
	Userinfo bool
	// For is the certificate whose issuer was missing.
	For *x509.Certificate
	// Certificates are those fetched whose key verifies For's signature:
	// the only ones kept.
	Certificates []*x509.Certificate
	// Err says why nothing was kept: the Fetcher's error, ErrNotFetched
	// for a URL that is not fetched (LDAP) or after the budget is spent,
	// ErrFetchLimit (with ErrNotFetched) when the limit on fetches is
	// reached, or an error saying that none of the certificates fetched
	// verifies For's signature.
	Err error
}

// The bounds of fetching, whatever the Fetcher (Options documents them).
const (
	// maxFetchDepth is how many issuers up from a certificate of the set
	// are fetched: a fetched CA whose own issuer is missing is fetched for
	// in turn, up to this many levels.
	maxFetchDepth = 8
	// defaultFetchBudget is the time all the fetches of one Order or
	// IssuerOf call may take together, when Options.FetchBudget is zero.
	defaultFetchBudget = 20 * time.Second
	// defaultMaxFetches is how many URLs one Order or IssuerOf call
	// fetches at most, when Options.MaxFetches is zero: a file of
	// thousands of certificates naming thousands of URLs makes no more
	// requests than that.
	defaultMaxFetches = 32
)

var (
	// ErrNotFetched is the Err of a Fetch that was not tried: an LDAP or
	// other URL that is not http:// or https://, or one left when the
	// budget was spent.
	ErrNotFetched = errors.New("chain: not fetched")
	// errFetchedNotIssuer is the Err of a Fetch that gave certificates of
	// which none verifies the signature of the certificate that named it.
	errFetchedNotIssuer = errors.New("chain: fetched certificate does not verify the signature")
	// ErrFetchLimit says that no more requests are made: Options.MaxFetches
	// URLs were fetched, or the Fetcher refuses more (it returns an error
	// that matches ErrFetchLimit, as aiafetch.Client does after
	// MaxRequests requests). Order and IssuerOf then stop fetching: the
	// Fetch of the first URL left says so, and the URLs after it are
	// neither fetched nor reported.
	ErrFetchLimit = errors.New("chain: fetch limit reached")
)

// fetchMissing fetches, for each certificate of the graph whose issuer is
// missing, the caIssuers URLs it names, keeps the fetched certificates
// whose key verifies it, and climbs from those, up to maxFetchDepth
// levels. Each URL is fetched once, without its user name and password;
// the whole takes at most the budget and MaxFetches URLs. It runs before
// the graph's children and distances are computed.
func (g *graph) fetchMissing(opts Options, maxCand int) {
	budget := opts.FetchBudget
	if budget <= 0 {
		budget = defaultFetchBudget
	}
	maxFetches := opts.MaxFetches
	if maxFetches <= 0 {
		maxFetches = defaultMaxFetches
	}
	fetched := 0
	ctx, cancel := context.WithTimeout(context.Background(), budget)
	defer cancel()
	report := func(f Fetch) {
		if opts.OnFetch != nil {
			opts.OnFetch(f)
		}
	}
	done := map[string]bool{}
	var frontier []int
	for i := range g.nodes {
		if g.orphan(i) {
			frontier = append(frontier, i)
		}
	}
climb:
	for depth := 0; depth < maxFetchDepth && len(frontier) > 0; depth++ {
		var next []int
		for _, i := range frontier {
			if !g.orphan(i) {
				continue
			}
			// An issuer fetched for another certificate may serve.
			g.relink(i, maxCand)
			if !g.orphan(i) {
				continue
			}
			child := g.nodes[i].cert
			for _, named := range child.IssuingCertificateURL {
				u, userinfo := x509text.StripUserinfo(named)
				if done[u] {
					continue
				}
				done[u] = true
				f := Fetch{URL: u, Userinfo: userinfo, For: child}
				switch {
				case strings.HasPrefix(strings.ToLower(u), "ldap"):
					f.Err = fmt.Errorf("%w: LDAP URLs are only listed", ErrNotFetched)
				case !x509text.HTTP(u):
					f.Err = fmt.Errorf("%w: only http:// and https:// URLs are fetched", ErrNotFetched)
				case ctx.Err() != nil:
					f.Err = fmt.Errorf("%w: the %s budget for fetching was spent", ErrNotFetched, budget)
				case fetched == maxFetches:
					f.Err = fetchLimitError(maxFetches)
				default:
					fetched++
					certs, err := opts.Fetch.Fetch(ctx, u)
					if err != nil {
						if ctx.Err() != nil {
							err = fmt.Errorf("%w (the %s budget for fetching was spent)", err, budget)
						}
						f.Err = err
						break
					}
					for _, c := range certs {
						if c == nil {
							continue
						}
						g.checks.Add(1)
						if signedBy(child, c) {
							f.Certificates = append(f.Certificates, c)
						}
					}
					if len(f.Certificates) == 0 {
						f.Err = fmt.Errorf("%w of %s: none of the %d certificates fetched", errFetchedNotIssuer, x509text.Describe(child), len(certs))
					}
				}
				report(f)
				if errors.Is(f.Err, ErrFetchLimit) {
					break climb
				}
				for _, c := range f.Certificates {
					if j, added := g.addFetched(c); added {
						g.link(j, maxCand)
						next = append(next, j)
					}
				}
				if len(f.Certificates) > 0 {
					g.relink(i, maxCand)
					break // the issuer is found: the other URLs are not needed
				}
			}
		}
		frontier = next
	}
}

// fetchLimitError is the Err of the Fetch of the first URL left when
// MaxFetches URLs were fetched: it matches ErrNotFetched and ErrFetchLimit.
type fetchLimitError int

func (n fetchLimitError) Error() string {
	return fmt.Sprintf("chain: not fetched: %d URLs were fetched, the most one run fetches; the URLs left are not fetched", int(n))
}

func (n fetchLimitError) Is(target error) bool {
	return target == ErrNotFetched || target == ErrFetchLimit
}

// orphan reports whether node i lacks an issuer: not self-signed, not a
// trust anchor, and no confirmed parent.
func (g *graph) orphan(i int) bool {
	nd := &g.nodes[i]
	return !nd.self && !nd.anchor && len(nd.parents) == 0
}

// relink finds node i's parents again, after certificates were added.
func (g *graph) relink(i, maxCand int) {
	g.nodes[i].parents = nil
	g.link(i, maxCand)
}

// addFetched adds a fetched certificate as a node outside the set (it
// ends no chain of its own), unless it is there already.
func (g *graph) addFetched(c *x509.Certificate) (int, bool) {
	return g.add(node{cert: c, fetched: true})
}
