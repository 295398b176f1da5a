package cucm

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/voicepki/certkit/internal/cucmrule"
	"github.com/voicepki/certkit/internal/input"
	"github.com/voicepki/certkit/pkg/convert"
)

// TrustStores lists the trust stores certkit knows, spelled as CUCM's
// Certificate Management page spells them.
func TrustStores() []string { return cucmrule.TrustStores() }

// StoreName returns the trust store name as CUCM spells it for name,
// ignoring letter case (callmanager-trust gives CallManager-trust), and
// whether certkit knows it. An unknown name that ends in "-trust" is
// returned as it is, with known false; any other name gives "".
func StoreName(name string) (canonical string, known bool) {
	for _, s := range TrustStores() {
		if strings.EqualFold(s, name) {
			return s, true
		}
	}
	if len(name) > len("-trust") && strings.HasSuffix(strings.ToLower(name), "-trust") {
		return name, false
	}
	return "", false
}

// File is one file of a trust store as the caller read it: its name (as
// CUCM gave it, such as vgw1.pem) and its bytes.
type File struct {
	Name string
	Data []byte
}

// storeEntry is one certificate of a trust store.
type storeEntry struct {
	// Store is the trust store's name, such as CallManager-trust.
	Store string
	// File is the certificate's file name in the store: CUCM's own name
	// when a `show cert list trust` text gave it (see Options.List), else
	// the name of the file read.
	File string
	// Certificate is the certificate the file holds.
	Certificate *x509.Certificate
}

// trustStore is one CUCM trust store: its name and its certificates, in the
// order of its files.
type trustStore struct {
	Name    string
	Entries []storeEntry
	// Notes say what reading the store skipped or noticed, such as a file
	// holding more than one certificate.
	Notes []string
}

// ErrNoStore is what AuditSite's and Plan's errors match (errors.Is) when
// a Source's folder of stores holds no subfolder named as a trust store.
var ErrNoStore = errors.New("cucm: no trust store folder")

// errUnknownStore is what errors match (errors.Is) that report a store
// name that is neither one certkit knows nor ends in "-trust".
var errUnknownStore = errors.New("cucm: unknown trust store")

// FileError reports a store file that could not be read or holds no
// certificate. Err is convert's error, or one saying the file holds no
// certificate (only a key or a request, say).
type FileError struct {
	// Where is the Source's Where: the folder as the user named it, "" for
	// files given one by one.
	Where string
	// Store and File are the trust store and the file's name in it.
	Store, File string
	// Path is the file's path in a Source's folder of stores, its store's
	// folder as named there, then File: callmanager-trust/vgw1.pem. It is
	// "" for a store's folder or files.
	Path string
	Err  error
}

// Error says what went wrong, as the command prints it.
func (e *FileError) Error() string {
	return fmt.Sprintf("cucm: %s/%s: %v", e.Store, e.File, strings.TrimPrefix(fmt.Sprint(e.Err), "convert: "))
}

// Unwrap returns the underlying error, for errors.Is and errors.As.
func (e *FileError) Unwrap() error { return e.Err }

// errNoCertificate is what a FileError wraps for a file that decodes but
// holds no certificate (only a key or a request, say).
var errNoCertificate = errors.New("holds no certificate")

// readStore reads the files of the trust store name, each with
// convert.Decode (PEM, DER, .p7b, whatever convert reads). The name is
// spelled as CUCM spells it (StoreName); a name that is not a trust store
// matches ErrUnknownStore. A file that does not decode, or holds no
// certificate, stops it with a *FileError. Files named as Windows and
// macOS name their folder metadata (Thumbs.db, desktop.ini, dot files)
// are skipped.
func readStore(name string, files []File) (*trustStore, error) {
	canonical, _ := StoreName(name)
	if canonical == "" {
		return nil, fmt.Errorf("cucm: %q is not a trust store name (known: %s): %w", name, strings.Join(TrustStores(), ", "), errUnknownStore)
	}
	s := &trustStore{Name: canonical}
	for _, f := range files {
		if metadataFile(f.Name) {
			continue
		}
		res, err := convert.Decode(f.Data, convert.Options{})
		if err != nil {
			return nil, &FileError{Store: canonical, File: f.Name, Err: err}
		}
		if len(res.Certificates) == 0 {
			return nil, &FileError{Store: canonical, File: f.Name, Err: errNoCertificate}
		}
		if n := len(res.Certificates); n > 1 {
			s.Notes = append(s.Notes, fmt.Sprintf("%s/%s holds %d certificates; CUCM keeps one per file, so each is audited as if it were that file", canonical, f.Name, n))
		}
		for _, c := range res.Certificates {
			s.Entries = append(s.Entries, storeEntry{Store: canonical, File: f.Name, Certificate: c})
		}
	}
	return s, nil
}

// metadataFile reports the files a desktop leaves in a folder.
func metadataFile(name string) bool {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	return strings.HasPrefix(base, ".") || strings.EqualFold(base, "Thumbs.db") || strings.EqualFold(base, "desktop.ini")
}

// storeTree is what ReadTree found: the stores, and the entries it skipped.
type storeTree struct {
	Stores []*trustStore
	// Skipped names the files and folders of the top level that are not
	// trust stores, and folders inside a store, which ReadTree does not
	// read.
	Skipped []string
}

// readTree reads a folder of trust stores: each subfolder of fsys's top
// level named as a trust store (StoreName: CallManager-trust/,
// tomcat-trust/, ...; letter case does not matter) is read with ReadStore,
// in name order. Other top-level files and folders are skipped and named
// in Tree.Skipped. Files are read through fsys, at most
// input.MaxSize bytes each. With no store folder at all, the error
// matches ErrNoStore.
func readTree(fsys fs.FS) (*storeTree, error) {
	top, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("cucm: %w", err)
	}
	t := &storeTree{}
	for _, d := range top {
		name, _ := StoreName(d.Name())
		if !d.IsDir() || name == "" {
			if !metadataFile(d.Name()) {
				t.Skipped = append(t.Skipped, d.Name())
			}
			continue
		}
		sub, err := fs.Sub(fsys, d.Name())
		if err != nil {
			return nil, fmt.Errorf("cucm: %w", err)
		}
		files, skipped, err := readFiles(sub)
		if err != nil {
			return nil, fmt.Errorf("cucm: %s: %w", d.Name(), err)
		}
		for _, s := range skipped {
			t.Skipped = append(t.Skipped, d.Name()+"/"+s)
		}
		s, err := readStore(name, files)
		var fe *FileError
		if errors.As(err, &fe) {
			fe.Path = path.Join(d.Name(), fe.File)
		}
		if err != nil {
			return nil, err
		}
		t.Stores = append(t.Stores, s)
	}
	if len(t.Stores) == 0 {
		return nil, fmt.Errorf("cucm: no folder named as a CUCM trust store (%s): %w", strings.Join(TrustStores(), ", "), ErrNoStore)
	}
	return t, nil
}

// readFiles reads the regular files of fsys's top level, in name order,
// each capped at input.MaxSize, and names the folders it skipped.
func readFiles(fsys fs.FS) (files []File, skippedDirs []string, err error) {
	list, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, err
	}
	for _, d := range list {
		if d.IsDir() {
			skippedDirs = append(skippedDirs, d.Name())
			continue
		}
		if metadataFile(d.Name()) {
			continue
		}
		f, err := fsys.Open(d.Name())
		if err != nil {
			return nil, nil, err
		}
		data, err := input.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", d.Name(), err)
		}
		files = append(files, File{Name: d.Name(), Data: data})
	}
	return files, skippedDirs, nil
}
