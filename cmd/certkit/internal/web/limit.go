package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/voicepki/certkit/pkg/convert"
)

// The bounds of the page's work. An analysis takes about 25 times its
// input in memory, so a few large ones at once would exhaust a laptop,
// and another local program can send them as fast as it likes.
const (
	// MaxAnalyses is how many analyses (an /api/analyze request or a
	// download) run at once; the others wait for a moment, then are
	// refused with 503 and a message the page shows.
	MaxAnalyses = 2
	// MaxCertificates is the most certificates the files of one request
	// may hold together. A CA's bundle, a trust store or a fleet's
	// configurations hold far fewer; certkit order on the command line
	// takes more.
	MaxCertificates = 20000
)

// The waits, variables for the tests.
var (
	// queueWait is how long a request waits for an analysis to finish
	// before it is refused.
	queueWait = 3 * time.Second
	// analysisTimeout bounds one analysis, reading the files included.
	analysisTimeout = 2 * time.Minute
)

// errBusy is the refusal of a request that found MaxAnalyses analyses
// running for all of queueWait.
var errBusy = fmt.Errorf("certkit web is busy with %d other analyses: try again in a moment (the page analyses at most %d sets of files at once)", MaxAnalyses, MaxAnalyses)

// acquire takes one of the MaxAnalyses places, waiting up to queueWait
// or until the request is gone. release gives it back.
func (s *Server) acquire(ctx context.Context) (release func(), err error) {
	t := time.NewTimer(queueWait)
	defer t.Stop()
	select {
	case s.slots <- struct{}{}:
		return func() { <-s.slots }, nil
	case <-t.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// errTooMany is the refusal of files holding more than MaxCertificates
// certificates.
type errTooMany int

func (n errTooMany) Error() string {
	return fmt.Sprintf("the files hold %d certificates; the page analyses at most %d at once: drop fewer files, or use certkit order on the command line", int(n), MaxCertificates)
}

// countCertificates counts the certificates of the request's files
// without parsing them (convert.Options.Defer), and refuses more than
// MaxCertificates before the analysis parses any: parsing costs most of
// the memory. It stops between files when ctx ends.
func countCertificates(ctx context.Context, req *request) error {
	n := 0
	for _, f := range req.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		res, err := convert.Decode(f.Data, convert.Options{Defer: true})
		if err != nil {
			continue // the analysis says why, file by file
		}
		if n += len(res.Certificates) + len(res.Deferred); n > MaxCertificates {
			return errTooMany(n)
		}
	}
	return nil
}

// refuseStopped answers a request whose analysis stopped: its deadline
// passed (503), or the client went away (nobody reads the answer).
func refuseStopped(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.DeadlineExceeded) {
		refuse(w, r, http.StatusServiceUnavailable, fmt.Sprintf("the analysis took longer than %s and was stopped: drop fewer files", analysisTimeout))
		return
	}
	refuse(w, r, http.StatusServiceUnavailable, "the request was cancelled")
}
