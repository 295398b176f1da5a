package cucm

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/voicepki/certkit/pkg/finding"
)

// Source is one place a CUCM audit reads trust stores from, as a front
// end found it: a store's folder, a store's files given one by one, or a
// folder of stores. certkit cucm audit gives its PATHs as os.DirFS
// folders; the web page gives the dropped files.
type Source struct {
	// Store is the trust store the files are of, in any spelling
	// StoreName takes; "" when FS is a folder of stores.
	Store string
	// FS is a folder: with Store, that store's folder (its files are read
	// as ReadFiles reads them); without, a folder of stores (ReadTree).
	FS fs.FS
	// Files are files of Store given one by one, beside FS's.
	Files []File
	// Where names the folder in notes and errors, as the user knows it
	// (the path typed); "" for files given one by one.
	Where string
}

// SourceError is why a Source could not be read. Err is a *FileError (a
// file that does not decode or holds no certificate), an error matching
// ErrNoStore (a folder holding no store's folder) or ErrUnknownStore, or
// the fs.FS's own error.
type SourceError struct {
	// Where is the Source's Where.
	Where string
	Err   error
}

func (e *SourceError) Error() string {
	msg := strings.TrimPrefix(e.Err.Error(), "cucm: ")
	if e.Where == "" {
		return "cucm: " + msg
	}
	return "cucm: " + e.Where + ": " + msg
}

func (e *SourceError) Unwrap() error { return e.Err }

// SiteReport is the whole of certkit cucm audit: the plan (Report) and
// the notes, one line each, that go with it.
type SiteReport struct {
	Report
	// Notes say what reading the stores skipped or noticed (a file
	// holding several certificates, a folder that is no store), then,
	// when the plan recommends deleting, AdviceNote.
	Notes []string
}

// NeedsAction reports whether the plan recommends an action or a finding
// is a warning or an error: what certkit cucm audit exits 1 for.
func (r *SiteReport) NeedsAction() bool {
	if len(r.Actions) > 0 {
		return true
	}
	for _, f := range r.Findings {
		if f.Severity >= finding.Warning {
			return true
		}
	}
	return false
}

// Text is the report as certkit cucm audit prints it (WriteText).
func (r *SiteReport) Text() string {
	var b strings.Builder
	r.WriteText(&b)
	return b.String()
}

// AuditSite is the CUCM trust-store audit of a site, the one call behind
// certkit cucm audit and the web page: it reads every source
// (ReadSources), audits the stores with Audit and opts, and returns the
// plan with its notes. A source that cannot be read stops it with a
// *SourceError. It never opens a file: the folders are the caller's
// fs.FS.
func AuditSite(sources []Source, opts Options) (*SiteReport, error) {
	stores, notes, err := ReadSources(sources)
	if err != nil {
		return nil, err
	}
	rep, err := Audit(stores, opts)
	if err != nil {
		return nil, err
	}
	out := &SiteReport{Report: *rep, Notes: notes}
	if len(rep.Actions) > 0 {
		out.Notes = append(out.Notes, AdviceNote)
	}
	return out, nil
}

// ReadSources reads the trust stores of every source, the stores of one
// name merged in the order first seen, with the notes reading gives (a
// file holding several certificates, a folder that is no store). A
// source that cannot be read stops it with a *SourceError.
func ReadSources(sources []Source) ([]*Store, []string, error) {
	var stores []*Store
	var notes []string
	byName := make(map[string]*Store)
	addStore := func(s *Store) {
		notes = append(notes, s.Notes...)
		if old, ok := byName[s.Name]; ok {
			old.Entries = append(old.Entries, s.Entries...)
			return
		}
		byName[s.Name] = s
		stores = append(stores, s)
	}
	for _, src := range sources {
		if src.Store == "" {
			if src.FS == nil {
				continue
			}
			tree, err := ReadTree(src.FS)
			if err != nil {
				return nil, nil, &SourceError{Where: src.Where, Err: err}
			}
			for _, s := range tree.Skipped {
				notes = append(notes, fmt.Sprintf("%s: skipped %s, which is not a trust store folder", src.Where, s))
			}
			for _, s := range tree.Stores {
				addStore(s)
			}
			continue
		}
		files := src.Files
		if src.FS != nil {
			read, skipped, err := ReadFiles(src.FS)
			if err != nil {
				return nil, nil, &SourceError{Where: src.Where, Err: err}
			}
			for _, s := range skipped {
				notes = append(notes, fmt.Sprintf("%s: skipped the folder %s (a store's certificates are files in its folder)", src.Where, s))
			}
			files = append(read, files...)
		}
		s, err := ReadStore(src.Store, files)
		if err != nil {
			return nil, nil, &SourceError{Where: src.Where, Err: err}
		}
		addStore(s)
	}
	return stores, notes, nil
}
