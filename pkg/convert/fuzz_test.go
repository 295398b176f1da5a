package convert

import (
	"bytes"
	"encoding/pem"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/voicepki/certkit/internal/input"
)

// addSeeds adds every file matching the globs under testdata/ as a seed,
// and fails if there are none: an empty corpus fuzzes nothing.
func addSeeds(f *testing.F, globs ...string) {
	n := 0
	for _, g := range globs {
		files, err := filepath.Glob(filepath.Join("..", "..", "testdata", g))
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range files {
			if st, err := os.Stat(p); err != nil || st.IsDir() || filepath.Ext(p) == ".p12" {
				// PKCS#12 files are left out: their key derivation, run
				// under coverage instrumentation, slows fuzzing to a crawl.
				continue
			}
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
			n++
		}
	}
	if n == 0 {
		f.Fatalf("no seed files match %q", globs)
	}
}

// FuzzDecode checks that Decode never panics, that its errors are
// *DecodeError in certkit's words (a lower library's, such as go-pkcs12's
// "error reading P12 data: asn1: ...", only in the detail), that it
// returns each request once, and that decode(encode(x)) == x for what it
// finds.
func FuzzDecode(f *testing.F) {
	addSeeds(f, "convert/*", "convert/bad/*", "samples/*", "csr/*")
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Decode(data, Options{Password: testPassword})
		if res != nil {
			// A request shown twice is one request and a duplicate.
			for i, r := range res.Requests {
				for _, o := range res.Requests[:i] {
					if bytes.Equal(o.Raw, r.Raw) {
						t.Fatalf("request %d repeats an earlier one", i+1)
					}
				}
			}
		}
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v (%T) is not a *DecodeError", err, err)
			}
			if foreignPrefix(err) {
				t.Fatalf("error %q carries another package's words", err)
			}
			if errors.Is(err, ErrNoCertificates) == (res == nil) {
				t.Fatalf("ErrNoCertificates must come with a result and other errors without: res=%v err=%v", res, err)
			}
			return
		}
		if len(res.Certificates) == 0 {
			return
		}
		for _, format := range []Format{FormatPEM, FormatPKCS7, FormatPKCS7PEM} {
			out, err := Encode(res.Certificates, EncodeOptions{Format: format})
			if err != nil {
				t.Fatalf("Encode %s: %v", format, err)
			}
			back, err := Decode(out, Options{})
			if err != nil {
				t.Fatalf("Decode(Encode(%s)): %v", format, err)
			}
			if len(back.Certificates) != len(res.Certificates) {
				t.Fatalf("%s: %d certificates came back, want %d", format, len(back.Certificates), len(res.Certificates))
			}
			for i := range back.Certificates {
				if !bytes.Equal(back.Certificates[i].Raw, res.Certificates[i].Raw) {
					t.Fatalf("%s: certificate %d changed in the round trip", format, i)
				}
			}
		}
	})
}

// FuzzScanPEM checks that the PEM scanner never panics and is stable: what
// it finds, written back canonically, scans to the same blocks.
func FuzzScanPEM(f *testing.F) {
	addSeeds(f, "convert/*.pem", "convert/*.csr", "convert/*.cer", "convert/bad/notes.txt")
	f.Fuzz(func(t *testing.T, data []byte) {
		blocks, err := scanPEM(data)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v (%T) is not a *DecodeError", err, err)
			}
			if foreignPrefix(err) {
				t.Fatalf("error %q carries another package's prefix", err)
			}
			return
		}
		var buf bytes.Buffer
		for _, b := range blocks {
			if err := pem.Encode(&buf, &pem.Block{Type: b.Type, Headers: b.Headers, Bytes: b.Bytes}); err != nil {
				return // headers encoding/pem cannot write
			}
		}
		again, err := scanPEM(buf.Bytes())
		if err != nil {
			t.Fatalf("rescanning canonical PEM: %v\n%s", err, buf.Bytes())
		}
		if len(again) != len(blocks) {
			t.Fatalf("%d blocks became %d", len(blocks), len(again))
		}
		for i := range blocks {
			a, b := blocks[i], again[i]
			if a.Type != b.Type || !bytes.Equal(a.Bytes, b.Bytes) || !cmp.Equal(a.Headers, b.Headers) {
				t.Fatalf("block %d changed: %q -> %q", i, a.Type, b.Type)
			}
		}
	})
}

// FuzzToDER checks that the BER to DER conversion never panics, stays
// within its input, and is idempotent: DER converts to itself.
func FuzzToDER(f *testing.F) {
	addSeeds(f, "convert/*.p7b", "convert/*.p7c", "convert/leaf.der", "convert/bad/nested-ber.bin")
	f.Fuzz(func(t *testing.T, data []byte) {
		der, n, err := toDER(data, 0)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v (%T) is not a *DecodeError", err, err)
			}
			if foreignPrefix(err) {
				t.Fatalf("error %q carries another package's prefix", err)
			}
			return
		}
		if n <= 0 || n > len(data) {
			t.Fatalf("used %d of %d bytes", n, len(data))
		}
		again, m, err := toDER(der, 0)
		if err != nil || m != len(der) || !bytes.Equal(again, der) {
			t.Fatalf("DER output does not convert to itself: %v (%d of %d bytes)", err, m, len(der))
		}
	})
}

// FuzzLenient checks that the lenient certificate reader never panics,
// that what it returns is the input itself (Raw, RawTBSCertificate) with
// notes about it alone, and that reading it again gives the same notes.
// Its seeds are the defect certificates of testdata/lenient, as DER.
func FuzzLenient(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "lenient", "*.pem"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed files in testdata/lenient (%v)", err)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		blocks, err := scanPEM(b)
		if err != nil || len(blocks) != 1 {
			f.Fatalf("%s: %d blocks, %v", p, len(blocks), err)
		}
		f.Add(blocks[0].Bytes)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, notes, err := parseCertificate(data)
		if err != nil {
			return
		}
		if !bytes.Equal(c.Raw, data) {
			t.Fatal("Raw is not the input")
		}
		if !bytes.Contains(data, c.RawTBSCertificate) || !bytes.Contains(c.RawTBSCertificate, c.RawSubject) || !bytes.Contains(c.RawTBSCertificate, c.RawIssuer) {
			t.Fatal("a Raw field is not part of the input")
		}
		for _, n := range notes {
			if n.Certificate != c || n.Code == "" || n.Message == "" {
				t.Fatalf("note %+v", n)
			}
		}
		_, again, err := parseCertificate(data)
		if err != nil || len(again) != len(notes) {
			t.Fatalf("second reading: %d notes, %v; first %d", len(again), err, len(notes))
		}
		for i := range notes {
			if again[i].Code != notes[i].Code || again[i].Message != notes[i].Message {
				t.Fatalf("note %d: %s %q then %s %q", i, notes[i].Code, notes[i].Message, again[i].Code, again[i].Message)
			}
		}
	})
}

// FuzzScanPEMChunks checks that scanning a text in pieces on several cores
// (scanPEMChunks, which scanPEMText uses for large texts) finds what one
// sequential scan finds: the same blocks, bytes, headers and line numbers,
// and the same mention of a certificate; where it declines, the
// sequential scan is used, so any answer it gives must be that one.
func FuzzScanPEMChunks(f *testing.F) {
	addSeeds(f, "convert/*.pem", "convert/*.csr", "convert/bad/notes.txt", "samples/*")
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nAAAA\n"))
	f.Add([]byte("-----BEGIN X-----\nAA\n\n-----BEGIN Y-----\nAAAA\n-----END Y-----\r\n-----BEGIN Z-----\r\nAAAA\r\n-----END Z-----\r\ncertificate\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		terminal := input.TerminalMarks(data)
		sc := newPEMScanner(data)
		mentions, err := sc.scan(data, terminal)
		whole := err == nil && sc.cur == nil
		for n := 2; n <= 4; n++ {
			for _, min := range []int{1, 7, 64} {
				blocks, m, ok := scanPEMChunks(data, terminal, n, min)
				if !ok {
					continue
				}
				if !whole {
					t.Fatalf("n=%d min=%d: pieces found %d blocks where the whole text fails (%v, open block %v)", n, min, len(blocks), err, sc.cur != nil)
				}
				if m != mentions {
					t.Fatalf("n=%d min=%d: mentions %v, whole text %v", n, min, m, mentions)
				}
				if len(blocks) != len(sc.blocks) {
					t.Fatalf("n=%d min=%d: %d blocks, whole text %d", n, min, len(blocks), len(sc.blocks))
				}
				for i, b := range blocks {
					w := sc.blocks[i]
					if b.Type != w.Type || b.Line != w.Line || !bytes.Equal(b.Bytes, w.Bytes) || !maps.Equal(b.Headers, w.Headers) {
						t.Fatalf("n=%d min=%d: block %d is %q line %d (%d bytes, %v); whole text: %q line %d (%d bytes, %v)",
							n, min, i+1, b.Type, b.Line, len(b.Bytes), b.Headers, w.Type, w.Line, len(w.Bytes), w.Headers)
					}
				}
			}
		}
	})
}
