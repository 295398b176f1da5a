package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/voicepki/certkit/internal/x509text"
)

// maxFiles is the most files one request may carry.
const maxFiles = 1000

// upload is one file the page sent: its name as the user's system gave it,
// and its bytes, held in memory only.
type upload struct {
	Name string
	Data []byte
}

// Choices are the page's fields: what a command line gives as flags.
type Choices struct {
	// Passwords opens PKCS#12 files, by the file's index (from 0) in the
	// request. It is used for the one request and never kept.
	Passwords map[string]string `json:"passwords"`
	// Trustpoint and Hostname are issuer-for --ios TRUSTPOINT and the
	// gateway's hostname.
	Trustpoint string `json:"trustpoint"`
	Hostname   string `json:"hostname"`
	// Service is the CUCM purpose (cucm --service, csr --service).
	Service string `json:"service"`
	// Owner is whose certificate the CUCM plan is for: "cucm" (CUCM's
	// own), "device" (a gateway's: only its CAs are uploaded), or ""
	// (certkit cucm's rule: a gateway's with a trunk subject).
	Owner string `json:"owner"`
	// TrunkSubject is cucm --trunk-subject.
	TrunkSubject string `json:"trunk_subject"`
	// FQDN and CSRService are csr --fqdn and csr --service.
	FQDN       string `json:"fqdn"`
	CSRService string `json:"csr_service"`
	// Names are the files' names, in order, as the page has them: the
	// browser escapes quotes and line breaks in a multipart file name
	// (%22), so the name sent there is not always the name shown. Ignored
	// unless there is one per file.
	Names []string `json:"names"`
	// CUCMRoles gives groups of files (the path of the folder they came
	// in, with its slash, "site/gateways/", or a file's name) their role
	// in the CUCM audit:
	// "gateways" (cucm audit --gateways), "own" (--own) or a trust
	// store's name (--store NAME). Files in a folder named as a trust
	// store are that store's without it.
	CUCMRoles map[string]string `json:"cucm_roles"`
}

// request is one request's files and choices.
type request struct {
	Files   []upload
	Choices Choices
}

// readRequest reads a multipart/form-data body: "file" parts (any number,
// in order) and one optional "choices" part holding Choices as JSON. It
// reads the parts itself, into memory: http.Request.ParseMultipartForm
// would write large files to a temporary directory.
func readRequest(r *http.Request) (*request, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, errors.New("the request is not multipart/form-data")
	}
	req := &request{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, bodyError(err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, bodyError(err)
		}
		switch p.FormName() {
		case "file":
			if len(req.Files) == maxFiles {
				return nil, fmt.Errorf("more than %d files in one request", maxFiles)
			}
			name := partFileName(p)
			if name == "" {
				name = "file " + strconv.Itoa(len(req.Files)+1)
			}
			req.Files = append(req.Files, upload{Name: name, Data: data})
		case "choices":
			if err := json.Unmarshal(data, &req.Choices); err != nil {
				return nil, fmt.Errorf("the page's choices are not valid JSON: %v", err)
			}
		default:
			return nil, fmt.Errorf("unexpected form field %q", p.FormName())
		}
	}
	if len(req.Choices.Names) == len(req.Files) {
		for i, n := range req.Choices.Names {
			if n != "" {
				req.Files[i].Name = n
			}
		}
	}
	return req, nil
}

// partFileName is the file name the page gave a part, as it gave it,
// with the folders of its path (stores/CallManager-trust/vgw1.pem): the
// CUCM audit reads the store from them, and the page matches its files
// by name. multipart.Part.FileName would keep the base name only. The
// name is only shown and matched, never opened.
func partFileName(p *multipart.Part) string {
	_, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
	if err != nil {
		return p.FileName()
	}
	return params["filename"]
}

// errTooLarge marks a body cut at MaxBody.
var errTooLarge = errors.New(tooLarge)

func bodyError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge
	}
	return fmt.Errorf("reading the request: %v", err)
}

// writeJSON answers with v as JSON, with & < > as they are (subjects such
// as "AT&T"), and what a terminal acts on as \u escapes
// (x509text.PrintableJSON), as certkit's --json writes it.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	w.Write(x509text.PrintableJSON(b.Bytes()))
}

// discardLog swallows net/http's own log lines (a client that went away):
// a library does not log.
var discardLog = log.New(io.Discard, "", 0)
