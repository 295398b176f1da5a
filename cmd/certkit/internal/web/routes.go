package web

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/x509"
	"embed"
	"errors"
	"net/http"
	"time"

	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
)

//go:embed static
var static embed.FS

// pages are the page's own files, the only ones served.
var pages = map[string]struct{ file, contentType string }{
	"/":            {"static/index.html", "text/html; charset=utf-8"},
	"/app.js":      {"static/app.js", "text/javascript; charset=utf-8"},
	"/style.css":   {"static/style.css", "text/css; charset=utf-8"},
	"/favicon.svg": {"static/favicon.svg", "image/svg+xml"},
}

// downloads are the files the page offers, each made from the request's
// files as the named certkit command writes them.
var downloads = map[string]struct {
	name, contentType string
	make              func(*analysis) ([]byte, error)
}{
	"/api/split.zip":   {"split.zip", "application/zip", (*analysis).splitZip},
	"/api/ca-only.p7b": {"ca-only.p7b", "application/pkcs7-mime", (*analysis).caOnly},
	"/api/chain.pem":   {"chain.pem", "application/x-pem-file", (*analysis).chainPEM},
	"/api/cucm.zip":    {"cucm.zip", "application/zip", (*analysis).cucmZip},
	// The name certkit cucm audit -o DIR writes.
	"/api/cucm-audit.csv": {"cucm-audit.csv", "text/csv; charset=utf-8", (*analysis).cucmAuditCSV},
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	if p, ok := pages[r.URL.Path]; ok {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			refuse(w, r, http.StatusMethodNotAllowed, r.Method+" is not allowed here")
			return
		}
		data, err := static.ReadFile(p.file)
		if err != nil {
			refuse(w, r, http.StatusInternalServerError, err.Error())
			return
		}
		w.Header().Set("Content-Type", p.contentType)
		w.Write(data)
		return
	}
	d, isDownload := downloads[r.URL.Path]
	if r.URL.Path != "/api/analyze" && !isDownload {
		refuse(w, r, http.StatusNotFound, r.URL.Path+" is not a page of certkit web")
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		refuse(w, r, http.StatusMethodNotAllowed, r.Method+" is not allowed here: the API takes POST")
		return
	}
	// At most MaxAnalyses at once, each within analysisTimeout and
	// stopped when its client goes away.
	release, err := s.acquire(r.Context())
	if err != nil {
		w.Header().Set("Retry-After", "5")
		refuse(w, r, http.StatusServiceUnavailable, err.Error())
		return
	}
	defer release()
	ctx, cancel := context.WithTimeout(r.Context(), analysisTimeout)
	defer cancel()
	req, err := readRequest(r)
	if errors.Is(err, errTooLarge) {
		refuse(w, r, http.StatusRequestEntityTooLarge, tooLarge)
		return
	}
	if err != nil {
		refuse(w, r, http.StatusBadRequest, err.Error())
		return
	}
	if err := countCertificates(ctx, req); err != nil {
		if ctx.Err() != nil {
			refuseStopped(w, r, ctx.Err())
			return
		}
		refuse(w, r, http.StatusRequestEntityTooLarge, err.Error())
		return
	}
	a, files, err := analyze(ctx, req, time.Now())
	if ctx.Err() != nil {
		refuseStopped(w, r, ctx.Err())
		return
	}
	if err != nil {
		refuse(w, r, http.StatusBadRequest, err.Error())
		return
	}
	if !isDownload {
		v := a.view(files)
		if ctx.Err() != nil {
			refuseStopped(w, r, ctx.Err())
			return
		}
		writeJSON(w, http.StatusOK, v)
		return
	}
	data, err := d.make(a)
	if ctx.Err() != nil {
		refuseStopped(w, r, ctx.Err())
		return
	}
	if err != nil {
		refuse(w, r, http.StatusUnprocessableEntity, err.Error())
		return
	}
	w.Header().Set("Content-Type", d.contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+d.name+`"`)
	w.Write(data)
}

// splitZip holds the files certkit split writes, same names, same order,
// same bytes.
func (a *analysis) splitZip() ([]byte, error) {
	if len(a.certs) == 0 {
		return nil, errors.New("no certificate among the files")
	}
	split, err := chain.Split(a.certs, a.chains, chain.Options{At: a.now})
	if err != nil {
		return nil, err
	}
	var entries []zipEntry
	for _, f := range split.Files {
		entries = append(entries, zipEntry{f.Name, f.PEM})
	}
	return a.zip(entries)
}

// cucmZip holds the files certkit cucm -o DIR writes: one PEM per step,
// named after the step.
func (a *analysis) cucmZip() ([]byte, error) {
	if len(a.certs) == 0 {
		return nil, errors.New("no certificate among the files")
	}
	plan, err := a.plan()
	if err != nil {
		return nil, err
	}
	var entries []zipEntry
	for _, s := range plan.Steps {
		pem, err := convert.Encode([]*x509.Certificate{s.Certificate}, convert.EncodeOptions{})
		if err != nil {
			return nil, err
		}
		entries = append(entries, zipEntry{s.File, pem})
	}
	return a.zip(entries)
}

type zipEntry struct {
	name string
	data []byte
}

// zip packs entries in order, dated now, as the files written now would be.
func (a *analysis) zip(entries []zipEntry) ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: a.now})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(e.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
