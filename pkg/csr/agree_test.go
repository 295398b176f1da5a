package csr

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/convert"
)

// TestParseAgreesWithDecode reads every certificate and request file under
// testdata/ (and the public peer files, when present) with both
// convert.Decode, which every command but csr reads inputs with, and
// Parse. They must agree: a file Parse takes a request from, Decode finds
// that one request in (once, however often the file shows it); a file
// Decode finds one request in, Parse returns it; a file Decode finds no
// request in, Parse says holds none; a file Decode cannot read, Parse
// cannot either.
func TestParseAgreesWithDecode(t *testing.T) {
	root := testkit.Root(t)
	files := testkit.TestdataFiles(t)
	if peer := filepath.Join(root, "..", "shared", "peer", "formats"); isDir(peer) {
		more, _ := filepath.Glob(filepath.Join(peer, "*", "*"))
		files = append(files, more...)
	}
	requests := 0
	for _, p := range files {
		name, _ := filepath.Rel(root, p)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		res, derr := convert.Decode(data, convert.Options{})
		req, perr := Parse(data)
		switch {
		case req != nil:
			requests++
			if perr != nil && !errors.Is(perr, ErrBadSignature) {
				t.Errorf("%s: Parse returned a request with error %v", name, perr)
			}
			if derr != nil || len(res.Requests) != 1 || !bytes.Equal(res.Requests[0].Raw, req.Raw) {
				t.Errorf("%s: Parse found a request, Decode found %s (%v)", name, found(res), derr)
			}
		case derr == nil && len(res.Requests) == 1:
			if !isDERWithTrailingData(res, data) {
				t.Errorf("%s: Decode found a request, Parse did not: %v", name, perr)
			}
		case derr == nil && len(res.Requests) > 1:
			if perr == nil || errors.Is(perr, ErrNoRequest) || !strings.Contains(perr.Error(), "different certificate requests") {
				t.Errorf("%s: Decode found %d different requests; Parse says %v", name, len(res.Requests), perr)
			}
		case derr == nil || errors.Is(derr, convert.ErrNoCertificates) || errors.Is(derr, convert.ErrUnrecognized) || errors.Is(derr, convert.ErrIncorrectPassword) || errors.Is(derr, convert.ErrJavaKeyStore):
			if !errors.Is(perr, ErrNoRequest) {
				t.Errorf("%s: Decode found no request (%s, %v); Parse says %v, want ErrNoRequest", name, found(res), derr, perr)
			}
		default:
			if perr == nil || errors.Is(perr, ErrNoRequest) {
				t.Errorf("%s: Decode could not read it (%v); Parse says %v", name, derr, perr)
			}
		}
	}
	// The CSR files and IOS captures are among them.
	if requests < 10 {
		t.Errorf("only %d files held a request", requests)
	}
}

// isDERWithTrailingData reports the one input Parse refuses and Decode
// takes: a DER request followed by padding.
func isDERWithTrailingData(res *convert.Result, data []byte) bool {
	return len(res.Encodings) == 1 && res.Encodings[0] == "der" && len(res.Requests[0].Raw) != len(data)
}

func found(res *convert.Result) string {
	if res == nil {
		return "nothing"
	}
	return count(len(res.Requests), "request") + " and " + count(len(res.Certificates), "certificate")
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
