// Package scan inventories folders: every certificate, private key and
// CSR in them, whatever the files are named, what belongs together, and
// what the checks of every certkit job say about each certificate. It is
// the one call behind certkit scan.
//
// Dirs walks each folder of the caller's fs.FS (it never opens a file
// itself), reads every regular file with convert.Decode, the one reader
// of certkit (PEM, DER, PKCS#7, PKCS#12, Java keystores, CSRs, keys, IOS
// configurations and terminal captures), and returns a Result: each
// certificate once (by SHA-256) with every place it was found, its
// chains as chain.Order orders them, the keys and CSRs that hold each
// certificate's public key, and the findings of internal/verdict.
//
// # Findings
//
// Result.Findings holds the checks every job applies (the codes of
// pkg/finding: expired, not-yet-valid, expiring, weak-signature,
// key-too-small) on each certificate once, and the chain warnings of
// chain.Order (not-ca, no-cert-sign, path-length, expires-before-leaf),
// errors first. Package scan has no codes of its own: what it finds
// about files and keys is in Result's lists.
package scan

import (
	"context"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/input"
	"github.com/voicepki/certkit/internal/par"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/finding"
)

// The caps of a scan when Options leaves them zero.
const (
	defaultMaxFiles = 100_000
	defaultMaxBytes = 1 << 30
)

// Dir is one folder to scan.
type Dir struct {
	// Name is the folder as the user knows it (the path typed); it is
	// each Place's Dir.
	Name string
	// FS is the folder. certkit scan gives os.OpenRoot(dir).FS(), which
	// refuses any path that leaves the folder, links included.
	FS fs.FS
}

// Options controls Dirs. The zero value is safe: checks at the current
// time with a 30-day warning, no password, at most 100,000 files and 1
// GiB read.
type Options struct {
	// At is the moment validity is judged at; zero means now.
	At time.Time
	// WarnWithin reports a certificate that expires within this long of
	// At; zero means 30 days, a negative value never warns.
	WarnWithin time.Duration
	// Devices are the names of devices the caller knows, for the device
	// rule (a self-signed certificate that names one is a device's).
	Devices []string
	// Password opens PKCS#12 files and Java keystores.
	Password string
	// MaxFiles stops the walk after this many files; zero means 100,000.
	MaxFiles int
	// MaxBytes stops the walk before the files read would add up to more
	// than this many bytes; zero means 1 GiB. A single file larger than
	// the input limit of every certkit command (64 MiB) is listed in
	// Failed, unread.
	MaxBytes int64
	// Chain is handed to chain.Order for the chains (Fetch, Roots...);
	// its At, WarnWithin and Devices are set from the fields above.
	Chain chain.Options
}

// Place is where something was found: a file, and where inside it.
type Place struct {
	// Dir is the Name of the Dir the file is in; Path its slash path
	// inside that folder.
	Dir, Path string
	// Form names how the file is encoded, outermost first, as
	// convert.Result.Encodings does, joined by "+": "pem", "der",
	// "pkcs12", "base64+pkcs7-der", "jks", "ios".
	Form string
	// Inside says where in the file: "certificate 2 of 3",
	// "trustpoint TP, ca certificate (line 12)", "key 1 of 2"; "" when
	// the file holds that one thing.
	Inside string
	// Err is why the file could not be read (Result.Failed only).
	Err error
}

// Certificate is one certificate, however many files hold it.
type Certificate struct {
	Cert *x509.Certificate
	// SHA256 is the certificate's fingerprint (of its DER), lowercase hex.
	SHA256 string
	// Role is its role in its chain, by certkit's one rule: a leaf is a
	// device's or a user's certificate (a self-signed certificate that
	// names a device counts, whatever its CA flag); a root or an
	// intermediate is a CA.
	Role chain.Role
	// IOS is set when an IOS configuration or terminal capture holds it.
	IOS bool
	// Found lists every place it was found, in walk order.
	Found []Place
	// Keys and Requests are the private keys and CSRs holding its public
	// key.
	Keys, Requests []*Item
}

// Item is a private key or a CSR. It never holds the private key itself,
// only its public half.
type Item struct {
	Place Place
	// Kind is the key's type as convert names it ("RSA", "ECDSA",
	// "Ed25519", "encrypted", "DSA", "OpenSSH"...) or "CSR".
	Kind string
	// PublicKey is the key's public half, or the CSR's; nil when the key
	// cannot be read (encrypted, DSA, OpenSSH).
	PublicKey crypto.PublicKey
	// Request is the CSR; nil for a key.
	Request *x509.CertificateRequest
	// Certificates hold PublicKey.
	Certificates []*Certificate
}

// Result is everything a scan found.
type Result struct {
	// Certificates lists each certificate once, the one that ends
	// soonest first (those that end together in the order first found).
	Certificates []*Certificate
	// Chains are the certificates' chains, as chain.Order orders them.
	Chains []chain.Chain
	// Keys and Requests are every private key and CSR, in walk order;
	// the same key or CSR in several files is listed for each.
	Keys, Requests []*Item
	// Findings are the checks on every certificate and chain, errors
	// first, then the certificate that ends soonest.
	Findings []finding.Finding
	// KeysAlone are the keys no certificate holds (an unreadable key
	// among them: it cannot be compared); Unanswered the CSRs no
	// certificate answers; KeyNotSeen the leaf certificates whose
	// private key was in none of the files.
	KeysAlone, Unanswered []*Item
	KeyNotSeen            []*Certificate
	// Failed lists the files that could not be read, folder by folder in
	// path order, each with its Err: damaged, a wrong password, too
	// large, or refused by the fs.FS.
	Failed []Place
	// Files counts the files read that hold a certificate, a key, a CSR
	// or a CRL; Skipped those that hold nothing certkit reads; Links the
	// links and special files not followed (a link to a folder, out of
	// the folder or to nothing, a device, a pipe); Bytes what was read.
	Files, Skipped, Links int
	Bytes                 int64
	// Stopped says why the walk stopped before the end (MaxFiles,
	// MaxBytes); "" when every file was read.
	Stopped string
}

// file is one regular file the walk found.
type file struct {
	dir, path string
	fsys      fs.FS
	res       *convert.Result
	err       error
	skipped   bool
}

// Dirs scans the folders, in order, and returns what they hold. A file
// that cannot be read is listed in Result.Failed and the scan goes on;
// links to folders are never followed. The error is ctx's when it ends
// first, or chain.Order's for an input it refuses.
func Dirs(ctx context.Context, dirs []Dir, opts Options) (*Result, error) {
	res := &Result{}
	files, err := walk(ctx, dirs, opts, res)
	if err != nil {
		return nil, err
	}
	par.For(len(files), 4, func(i int) {
		if ctx.Err() == nil {
			files[i].read(opts.Password)
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b := builder{res: res, bySum: map[[32]byte]*Certificate{}}
	for i := range files {
		b.add(&files[i])
		files[i].res = nil
	}
	if err := b.finish(ctx, opts); err != nil {
		return nil, err
	}
	// The failures of the walk and of reading, listed apart, folder by
	// folder in path order.
	order := map[string]int{}
	for i, d := range dirs {
		if _, ok := order[d.Name]; !ok {
			order[d.Name] = i
		}
	}
	slices.SortStableFunc(res.Failed, func(a, b Place) int {
		if a.Dir != b.Dir {
			return order[a.Dir] - order[b.Dir]
		}
		return strings.Compare(a.Path, b.Path)
	})
	return res, nil
}

// walk lists the regular files of dirs, in lexical order, within the
// caps; it counts and lists in res what it does not read.
func walk(ctx context.Context, dirs []Dir, opts Options, res *Result) ([]file, error) {
	maxFiles, maxBytes := opts.MaxFiles, opts.MaxBytes
	if maxFiles <= 0 {
		maxFiles = defaultMaxFiles
	}
	if maxBytes <= 0 {
		maxBytes = defaultMaxBytes
	}
	var files []file
	errStop := errors.New("stop")
	for _, d := range dirs {
		if d.FS == nil {
			res.Failed = append(res.Failed, Place{Dir: d.Name, Path: ".", Err: errors.New("scan: no folder given")})
			continue
		}
		err := fs.WalkDir(d.FS, ".", func(p string, e fs.DirEntry, err error) error {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			if err != nil {
				res.Failed = append(res.Failed, Place{Dir: d.Name, Path: p, Err: fmt.Errorf("scan: %w", unwrapPath(err))})
				return nil // a folder that cannot be listed: the walk goes on
			}
			if e.IsDir() {
				return nil
			}
			var size int64
			switch t := e.Type(); {
			case t&fs.ModeSymlink != 0:
				// A link is read when it leads to a file inside the
				// folder; d.FS refuses one that leaves it. WalkDir never
				// descends a link to a folder, so a loop ends here.
				fi, err := fs.Stat(d.FS, p)
				if err != nil || !fi.Mode().IsRegular() {
					res.Links++
					return nil
				}
				size = fi.Size()
			case !t.IsRegular():
				res.Links++ // a device, a pipe, a socket: never opened
				return nil
			default:
				fi, err := e.Info()
				if err != nil {
					res.Failed = append(res.Failed, Place{Dir: d.Name, Path: p, Err: fmt.Errorf("scan: %w", unwrapPath(err))})
					return nil
				}
				size = fi.Size()
			}
			if len(files) >= maxFiles {
				res.Stopped = fmt.Sprintf("stopped at %s/%s: the cap of %d files was reached", d.Name, p, maxFiles)
				return errStop
			}
			if size > input.MaxSize {
				res.Failed = append(res.Failed, Place{Dir: d.Name, Path: p, Err: fmt.Errorf("scan: %s, larger than the %d MiB input limit", sizeOf(size), input.MaxSize>>20)})
				return nil
			}
			if res.Bytes+size > maxBytes {
				res.Stopped = fmt.Sprintf("stopped at %s/%s: the cap of %s read was reached", d.Name, p, input.Size(int(maxBytes)))
				return errStop
			}
			res.Bytes += size
			files = append(files, file{dir: d.Name, path: p, fsys: d.FS})
			return nil
		})
		if errors.Is(err, errStop) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

func sizeOf(n int64) string {
	return fmt.Sprintf("%d MiB", n>>20)
}

// unwrapPath drops the path of an *fs.PathError: the Place names it.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// read reads and decodes f.
func (f *file) read(password string) {
	r, err := f.fsys.Open(f.path)
	if err != nil {
		f.err = fmt.Errorf("scan: %w", unwrapPath(err))
		return
	}
	data, err := input.ReadAll(r)
	r.Close()
	if err != nil {
		f.err = err
		return
	}
	res, err := convert.Decode(data, convert.Options{Password: password, KeepKeys: true, Defer: true})
	switch {
	case err == nil:
		f.res = res
	case errors.Is(err, convert.ErrNoCertificates) && res != nil:
		f.res = res // keys or CRLs only
	case errors.Is(err, convert.ErrUnrecognized):
		f.skipped = true
	default:
		f.err = err
	}
}

// builder gathers the files' contents into a Result.
type builder struct {
	res   *Result
	bySum map[[32]byte]*Certificate
	// pending are the certificates first found in a PEM or PKCS#7 form,
	// left unparsed by Decode (convert.Options.Defer) until each is known
	// once: a folder holds the same CAs in hundreds of files.
	pending []pending
	notes   []finding.Finding // convert's notes on certificates read leniently
}

// pending is a certificate to parse, and where it was first found.
type pending struct {
	cert *Certificate
	d    convert.DeferredCertificate
}

// add takes in one file's contents.
func (b *builder) add(f *file) {
	r := b.res
	place := Place{Dir: f.dir, Path: f.path}
	switch {
	case f.err != nil:
		place.Err = f.err
		r.Failed = append(r.Failed, place)
		return
	case f.skipped:
		r.Skipped++
		return
	}
	r.Files++
	res := f.res
	place.Form = strings.Join(res.Encodings, "+")
	ios := map[string][]string{} // by DER
	for _, c := range res.IOS {
		ios[string(c.Certificate.Raw)] = append(ios[string(c.Certificate.Raw)], fmt.Sprintf("trustpoint %s, %s certificate, line %d", c.Trustpoint, c.Role, c.Line))
	}
	b.notes = append(b.notes, res.Notes...)
	n := len(res.Certificates) + len(res.Deferred)
	for i := range n {
		var raw []byte
		var parsed *x509.Certificate
		if i < len(res.Certificates) {
			parsed = res.Certificates[i]
			raw = parsed.Raw
		} else {
			raw = res.Deferred[i-len(res.Certificates)].Raw
		}
		at := place
		if where, ok := ios[string(raw)]; ok {
			at.Inside = strings.Join(where, "; ")
		} else if n > 1 {
			at.Inside = fmt.Sprintf("certificate %d of %d", i+1, n)
		}
		sum := sha256.Sum256(raw)
		cert := b.bySum[sum]
		if cert == nil {
			cert = &Certificate{Cert: parsed, SHA256: fmt.Sprintf("%x", sum)}
			b.bySum[sum] = cert
			r.Certificates = append(r.Certificates, cert)
			if parsed == nil {
				b.pending = append(b.pending, pending{cert, res.Deferred[i-len(res.Certificates)]})
			}
		}
		cert.IOS = cert.IOS || len(ios[string(raw)]) > 0
		cert.Found = append(cert.Found, at)
	}
	keys := res.Keys
	for i, kind := range res.KeyKinds {
		it := &Item{Place: place, Kind: kind}
		if len(res.KeyKinds) > 1 {
			it.Place.Inside = fmt.Sprintf("key %d of %d", i+1, len(res.KeyKinds))
		}
		switch kind {
		case "RSA", "ECDSA", "Ed25519", "X25519":
			if len(keys) > 0 {
				if s, ok := keys[0].(interface{ Public() crypto.PublicKey }); ok {
					it.PublicKey = s.Public()
				}
				keys = keys[1:]
			}
		}
		r.Keys = append(r.Keys, it)
	}
	for i, q := range res.Requests {
		it := &Item{Place: place, Kind: "CSR", PublicKey: q.PublicKey, Request: q}
		if len(res.Requests) > 1 {
			it.Place.Inside = fmt.Sprintf("CSR %d of %d", i+1, len(res.Requests))
		}
		r.Requests = append(r.Requests, it)
	}
}

// finish orders the chains, matches keys and CSRs to certificates, runs
// the checks and makes the lists.
func (b *builder) finish(ctx context.Context, opts Options) error {
	r := b.res
	// The certificates left unparsed, each once, on every core.
	errs := make([]error, len(b.pending))
	notes := make([][]finding.Finding, len(b.pending))
	par.For(len(b.pending), 64, func(i int) {
		p := b.pending[i]
		p.cert.Cert, notes[i], errs[i] = p.d.Parse()
	})
	for i, err := range errs {
		if err != nil {
			// Every file that holds it cannot be read as a whole.
			for _, at := range b.pending[i].cert.Found {
				at.Inside, at.Err = "", err
				r.Failed = append(r.Failed, at)
			}
		}
		b.notes = append(b.notes, notes[i]...)
	}
	b.pending = nil
	r.Certificates = slices.DeleteFunc(r.Certificates, func(c *Certificate) bool { return c.Cert == nil })
	certs := make([]*x509.Certificate, len(r.Certificates))
	byCert := make(map[*x509.Certificate]*Certificate, len(certs))
	for i, c := range r.Certificates {
		certs[i] = c.Cert
		byCert[c.Cert] = c
	}
	copts := opts.Chain
	copts.At, copts.WarnWithin, copts.Devices = opts.At, opts.WarnWithin, opts.Devices
	checks := verdict.Options{At: opts.At, WarnWithin: opts.WarnWithin}.Fixed()
	copts.At = checks.At
	chains, err := chain.OrderContext(ctx, certs, copts)
	if err != nil {
		return err
	}
	r.Chains = chains
	for _, ch := range chains {
		for k, c := range ch.Certificates {
			if sc := byCert[c]; sc != nil && sc.Role == "" {
				sc.Role = ch.Roles[k]
			}
		}
	}

	// A certificate on no chain issued another (every one that issued
	// nothing ends a chain), whose chain took another copy of its CA (a
	// renewed or cross-signed one): a CA by the one rule.
	for _, c := range r.Certificates {
		if c.Role == "" {
			c.Role = chain.Role(certrole.Of(c.Cert, true))
		}
	}

	// Keys and CSRs, by public key.
	byKey := map[string][]*Certificate{}
	for _, c := range r.Certificates {
		if k := keyID(c.Cert.PublicKey, c.Cert.RawSubjectPublicKeyInfo); k != "" {
			byKey[k] = append(byKey[k], c)
		}
	}
	match := func(items []*Item, alone *[]*Item, key bool) {
		for _, it := range items {
			if it.PublicKey != nil {
				it.Certificates = byKey[keyID(it.PublicKey, nil)]
			}
			for _, c := range it.Certificates {
				if key {
					c.Keys = append(c.Keys, it)
				} else {
					c.Requests = append(c.Requests, it)
				}
			}
			if len(it.Certificates) == 0 {
				*alone = append(*alone, it)
			}
		}
	}
	match(r.Keys, &r.KeysAlone, true)
	match(r.Requests, &r.Unanswered, false)
	for _, c := range r.Certificates {
		if c.Role == chain.RoleLeaf && len(c.Keys) == 0 {
			r.KeyNotSeen = append(r.KeyNotSeen, c)
		}
	}

	// The checks of every job, each certificate once; the chains' own.
	fs := append(verdict.Certificates(certs, checks), b.notes...)
	seen := map[string]bool{}
	for _, f := range fs {
		seen[findingKey(f)] = true
	}
	for _, ch := range chains {
		for _, w := range ch.Warnings {
			switch w.Code {
			case finding.CodeExpired, finding.CodeNotYetValid, finding.CodeExpiring, finding.CodeWeakSignature, finding.CodeKeyTooSmall:
				continue // verdict's, above
			}
			if k := findingKey(w); !seen[k] {
				seen[k] = true
				fs = append(fs, w)
			}
		}
	}
	slices.SortStableFunc(fs, func(a, b finding.Finding) int {
		if a.Severity != b.Severity {
			return int(b.Severity) - int(a.Severity)
		}
		if a.Certificate != nil && b.Certificate != nil {
			return a.Certificate.NotAfter.Compare(b.Certificate.NotAfter)
		}
		return 0
	})
	r.Findings = fs
	// Certificates, soonest to end first (walk order between equals).
	slices.SortStableFunc(r.Certificates, func(a, b *Certificate) int { return a.Cert.NotAfter.Compare(b.Cert.NotAfter) })
	return nil
}

// findingKey tells findings apart: the same code, message and
// certificate is one finding.
func findingKey(f finding.Finding) string {
	return string(f.Code) + "\x00" + f.Message + "\x00" + x509text.SHA256(f.Certificate)
}

// keyID is a public key's DER (SubjectPublicKeyInfo), the key two
// holders of one key share; raw, a certificate's own, when crypto/x509
// cannot marshal the parsed key.
func keyID(pub crypto.PublicKey, raw []byte) string {
	if pub != nil {
		if der, err := x509.MarshalPKIXPublicKey(pub); err == nil {
			return string(der)
		}
	}
	return string(raw)
}
