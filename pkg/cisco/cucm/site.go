package cucm

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
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
	// are read in name order, each capped at internal/input.MaxSize);
	// without, a folder of stores (each subfolder named as a trust
	// store, StoreName).
	FS fs.FS
	// Files are files of Store given one by one, beside FS's.
	Files []File
	// Where names the folder in notes and errors, as the user knows it
	// (the path typed); "" for files given one by one.
	Where string
}

// sourceError is why a Source could not be read, when no file is to
// blame: a folder holding no store's folder (ErrNoStore), or the fs.FS's
// own error. A file that does not decode or holds no certificate is a
// *FileError naming the Source's Where.
type sourceError struct {
	// where is the Source's Where.
	where string
	err   error
}

func (e *sourceError) Error() string {
	msg := strings.TrimPrefix(e.err.Error(), "cucm: ")
	if e.where == "" {
		return "cucm: " + msg
	}
	return "cucm: " + e.where + ": " + msg
}

func (e *sourceError) Unwrap() error { return e.err }

// readError is err, an error reading src: a *FileError gets src's
// Where; any other error is a *sourceError naming it.
func readError(src Source, err error) error {
	var fe *FileError
	if errors.As(err, &fe) {
		fe.Where = src.Where
		return fe
	}
	return &sourceError{where: src.Where, err: err}
}

// AuditSite is the CUCM trust-store audit of a site, the one call behind
// certkit cucm audit and the web page: it reads every source, audits the
// stores with opts, and returns the plan with its notes. A file that
// cannot be read stops it with a *FileError naming it; a folder holding
// no trust store's folder with an error matching ErrNoStore. It never
// opens a file: the folders are the caller's fs.FS.
func AuditSite(sources []Source, opts Options) (*Report, error) {
	stores, notes, err := readSources(sources)
	if err != nil {
		return nil, err
	}
	rep, err := auditStores(stores, opts)
	if err != nil {
		return nil, err
	}
	rep.Notes = notes
	if len(rep.Actions) > 0 {
		rep.Notes = append(rep.Notes, adviceNote)
	}
	return rep, nil
}

// readSources reads the trust stores of every source, the stores of one
// name merged in the order first seen, with the notes reading gives (a
// file holding several certificates, a folder that is no store). A
// source that cannot be read stops it (readError).
func readSources(sources []Source) ([]*trustStore, []string, error) {
	var stores []*trustStore
	var notes []string
	byName := make(map[string]*trustStore)
	addStore := func(s *trustStore) {
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
			tree, err := readTree(src.FS)
			if err != nil {
				return nil, nil, readError(src, err)
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
			read, skipped, err := readFiles(src.FS)
			if err != nil {
				return nil, nil, readError(src, err)
			}
			for _, s := range skipped {
				notes = append(notes, fmt.Sprintf("%s: skipped the folder %s (a store's certificates are files in its folder)", src.Where, s))
			}
			files = append(read, files...)
		}
		s, err := readStore(src.Store, files)
		if err != nil {
			return nil, nil, readError(src, err)
		}
		addStore(s)
	}
	return stores, notes, nil
}
