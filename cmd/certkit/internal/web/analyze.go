package web

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/voicepki/certkit/cmd/certkit/internal/chaintext"
	"github.com/voicepki/certkit/internal/input"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/cisco/cucm"
	"github.com/voicepki/certkit/pkg/cisco/ios"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/csr"
)

// soon is how close to its end a certificate is marked as expiring soon.
const soon = 30 * 24 * time.Hour

// analysis is what one request's files hold, worked out once with the
// calls the certkit commands make, for the JSON view and the downloads.
type analysis struct {
	// ctx is the request's, with its deadline: the work stops between
	// files, certificates, chains and steps when it ends.
	ctx     context.Context
	req     *request
	results []*convert.Result // per file; nil where the file could not be read
	errs    []string          // per file: certkit's error for it, or ""
	// lists holds, per file, the show cert list trust text it is, or nil.
	lists []*cucm.TrustList
	certs []*x509.Certificate
	// inputs are the certificates of each readable file, in order, as
	// ios.Issuer takes them.
	inputs [][]*x509.Certificate
	chains []chain.Chain
	now    time.Time
}

// analyze decodes every file (convert.Decode with the file's own password)
// and orders the readable certificates (chain.Order with the zero
// Options), as certkit order does. The files of CUCM trust stores and the
// text of show cert list trust are for the CUCM audit only, as certkit
// cucm audit takes them: they are not in the chains. It stops with ctx's
// error when ctx ends.
func analyze(ctx context.Context, req *request, now time.Time) (*analysis, []fileView, error) {
	n := len(req.Files)
	a := &analysis{ctx: ctx, req: req, now: now, results: make([]*convert.Result, n), errs: make([]string, n), lists: make([]*cucm.TrustList, n)}
	views := make([]fileView, n)
	var readable []*convert.Result
	for i, f := range req.Files {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		res, err := convert.Decode(f.Data, convert.Options{Password: req.Choices.Passwords[fmt.Sprint(i)]})
		views[i] = describeFile(f, res, err)
		a.errs[i] = views[i].Error
		if err != nil {
			if l, lerr := cucm.ParseTrustList(f.Data); lerr == nil {
				a.lists[i], a.errs[i] = l, ""
				views[i].Error, views[i].Hint = "", ""
				views[i].Encodings = append(views[i].Encodings, "show cert list trust")
				views[i].Notes = append(views[i].Notes, fmt.Sprintf("the text of show cert list trust, listing %d certificates: for the CUCM trust-store audit", l.Listed))
			}
			continue
		}
		a.results[i] = res
		if role := a.auditRole(f.Name); isStore(role) {
			views[i].Notes = append(views[i].Notes, "a file of the trust store "+role+": in the CUCM trust-store audit, not in the chains")
			continue
		}
		readable = append(readable, res)
		a.inputs = append(a.inputs, res.Certificates)
	}
	a.certs = convert.Merge(readable...).Certificates
	if len(a.certs) > 0 {
		chains, err := chain.OrderContext(ctx, a.certs, chain.Options{})
		if err != nil {
			return nil, nil, err
		}
		a.chains = chains
	}
	return a, views, nil
}

// view is the JSON the page shows. Certificates are listed once and
// chains point into that list, so that a root shared by 5,000 chains is
// sent once.
type view struct {
	Files        []fileView  `json:"files"`
	Certificates []certView  `json:"certificates"`
	Chains       []chainView `json:"chains"`
	// Outside indexes the certificates no chain took.
	Outside  []int       `json:"outside"`
	Notes    []string    `json:"notes"`
	Split    []splitView `json:"split"`
	CAOnly   string      `json:"ca_only_error,omitempty"`
	Paste    *pasteView  `json:"paste,omitempty"`
	CUCM     *cucmView   `json:"cucm,omitempty"`
	Requests []csrView   `json:"requests"`
	// IOSAudit is certkit ios audit over the files that hold IOS
	// configurations or show output, in its --json form.
	IOSAudit *ios.Report `json:"ios_audit,omitempty"`
	// CUCMAudit is certkit cucm audit over the files of trust-store
	// folders and the show cert list trust text among the files.
	CUCMAudit  *cucmAuditView `json:"cucm_audit,omitempty"`
	Services   []string       `json:"services"`
	CSRService []string       `json:"csr_services"`
}

type fileView struct {
	Name      string   `json:"name"`
	Size      int      `json:"size"`
	Encodings []string `json:"encodings"`
	Certs     int      `json:"certificates"`
	Requests  int      `json:"requests"`
	Keys      int      `json:"private_keys"`
	CRLs      int      `json:"crls"`
	// Error is certkit's message for the file, as the command prints it
	// after "certkit: ".
	Error string `json:"error,omitempty"`
	Hint  string `json:"hint,omitempty"`
	// Password is set when the file is a PKCS#12 that needs a (different)
	// password.
	Password bool     `json:"password,omitempty"`
	Notes    []string `json:"notes"`
}

type certView struct {
	Role       string `json:"role"`
	Subject    string `json:"subject"`
	Issuer     string `json:"issuer"`
	CommonName string `json:"common_name"`
	NotBefore  string `json:"not_before"`
	NotAfter   string `json:"not_after"`
	// Status is valid, expired, not yet valid or expires soon (within 30
	// days).
	Status  string   `json:"status"`
	SANs    []string `json:"sans"`
	Key     string   `json:"key"`
	SHA256  string   `json:"sha256"`
	IOSMD5  string   `json:"ios_md5"`
	IOSSHA1 string   `json:"ios_sha1"`
}

type chainView struct {
	Complete bool     `json:"complete"`
	Certs    []int    `json:"certificates"`
	Roles    []string `json:"roles"`
	Missing  string   `json:"missing,omitempty"`
	Warnings []string `json:"warnings"`
	Notes    []string `json:"notes"`
}

type splitView struct {
	Name string `json:"name"`
	Cert int    `json:"certificate"`
}

// describeFile says what convert.Decode found in f, or its error in the
// words certkit prints ("FILE: convert: JPEG image, not a certificate").
func describeFile(f upload, res *convert.Result, err error) fileView {
	v := fileView{Name: f.Name, Size: len(f.Data), Encodings: []string{}, Notes: []string{}}
	if res != nil {
		for _, e := range res.Encodings {
			v.Encodings = append(v.Encodings, string(e))
		}
		v.Certs, v.Requests, v.Keys, v.CRLs = len(res.Certificates), len(res.Requests), res.KeyCount, len(res.CRLs)
		if res.KeyCount > 0 {
			v.Notes = append(v.Notes, fmt.Sprintf("%s also holds a private key, which is not written out (and never sent back to this page)", f.Name))
		}
		if res.Duplicates > 0 {
			v.Notes = append(v.Notes, fmt.Sprintf("dropped %d duplicate certificate(s)", res.Duplicates))
		}
	}
	if err != nil {
		v.Error = fmt.Sprintf("%s: %v", f.Name, err)
		switch {
		case errors.Is(err, convert.ErrIncorrectPassword) && errors.Is(err, convert.ErrJavaKeyStore):
			v.Password = true
			v.Hint = "enter the keystore's password below; it goes only to certkit on this computer"
		case errors.Is(err, convert.ErrIncorrectPassword):
			v.Password = true
			v.Hint = "enter the PKCS#12 password below; it goes only to certkit on this computer"
		case errors.Is(err, convert.ErrTooLarge):
			v.Hint = fmt.Sprintf("certkit reads at most %d MiB per input", input.MaxSize>>20)
		}
	}
	return v
}

// view works out everything the page shows. When the request's context
// ends, it stops between steps, and what it returns is not shown.
func (a *analysis) view(files []fileView) view {
	v := view{Files: files, Certificates: []certView{}, Chains: []chainView{}, Outside: []int{}, Notes: []string{},
		Split: []splitView{}, Requests: []csrView{}, CSRService: csr.Services()}
	for _, s := range cucm.Services() {
		v.Services = append(v.Services, s.Name)
	}
	// The chains hold the very certificates a.certs holds (chain.Order
	// keeps them), so they are found by pointer.
	index := make(map[*x509.Certificate]int, len(a.certs))
	for i, c := range a.certs {
		index[c] = i
		v.Certificates = append(v.Certificates, a.describeCert(c))
	}
	if a.ctx.Err() != nil {
		return v
	}
	// Each certificate's role is the one certkit split names it by.
	if split, err := chain.Split(a.certs, a.chains, chain.Options{At: a.now}); err == nil {
		for _, f := range split.Files {
			v.Certificates[index[f.Certificate]].Role = string(f.Role)
			v.Split = append(v.Split, splitView{Name: f.Name, Cert: index[f.Certificate]})
		}
	}
	for _, ch := range a.chains {
		cv := chainView{Complete: ch.Complete, Warnings: []string{}, Notes: []string{}}
		for k, c := range ch.Certificates {
			cv.Certs = append(cv.Certs, index[c])
			cv.Roles = append(cv.Roles, string(ch.Roles[k]))
		}
		if ch.Missing != nil {
			cv.Missing = chaintext.Advice(ch.Missing)
		}
		for _, w := range ch.Warnings {
			cv.Warnings = append(cv.Warnings, w.Message) // as certkit order prints them
		}
		cv.Notes = append(cv.Notes, chaintext.Notes(ch)...)
		v.Chains = append(v.Chains, cv)
	}
	for _, c := range chain.Outside(a.certs, a.chains) {
		v.Outside = append(v.Outside, index[c])
	}
	if len(a.certs) > 0 && len(a.chains) == 0 {
		v.Notes = append(v.Notes, chaintext.NoChains)
	}
	if a.ctx.Err() != nil {
		return v
	}
	if _, err := a.caOnly(); err != nil {
		v.CAOnly = err.Error()
	}
	if strings.TrimSpace(a.req.Choices.Trustpoint) != "" {
		v.Paste = a.paste()
	}
	if len(a.certs) > 0 && a.ctx.Err() == nil {
		v.CUCM = a.cucm()
	}
	if a.ctx.Err() != nil {
		return v
	}
	v.Requests = a.requests()
	v.IOSAudit = a.iosAudit()
	if a.ctx.Err() != nil {
		return v
	}
	v.CUCMAudit = a.cucmAudit()
	return v
}

func (a *analysis) describeCert(c *x509.Certificate) certView {
	status := "valid"
	switch {
	case a.now.Before(c.NotBefore):
		status = "not yet valid"
	case a.now.After(c.NotAfter):
		status = "expired"
	case c.NotAfter.Sub(a.now) < soon:
		status = "expires soon"
	}
	return certView{
		Subject:    x509text.Subject(c),
		Issuer:     x509text.Issuer(c),
		CommonName: x509text.Printable(c.Subject.CommonName),
		NotBefore:  c.NotBefore.UTC().Format("2006-01-02 15:04:05Z"),
		NotAfter:   c.NotAfter.UTC().Format("2006-01-02 15:04:05Z"),
		Status:     status,
		SANs:       printable(x509text.SANs(c)),
		Key:        x509text.DescribeKey(c.PublicKey).String(),
		SHA256:     x509text.SHA256(c),
		IOSMD5:     ios.FingerprintMD5(c),
		IOSSHA1:    ios.FingerprintSHA1(c),
	}
}

// caOnly is what certkit convert --to p7b --no-leaf writes: every CA
// certificate, in input order, as a DER PKCS#7, the file CUCM takes.
func (a *analysis) caOnly() ([]byte, error) {
	if len(a.certs) == 0 {
		return nil, errors.New("no certificate among the files")
	}
	data, err := convert.Encode(a.certs, convert.EncodeOptions{Format: convert.FormatPKCS7, NoLeaf: true})
	if errors.Is(err, convert.ErrNoCertificates) {
		return nil, errors.New("the files hold no CA certificate: add the issuing CA and the root")
	}
	return data, err
}

// chainPEM is what certkit order prints: each chain as PEM, root first.
func (a *analysis) chainPEM() ([]byte, error) {
	var out []byte
	for _, ch := range a.chains {
		b, err := convert.Encode(ch.Certificates, convert.EncodeOptions{})
		if err != nil {
			return nil, err
		}
		out = append(out, b...)
	}
	if len(out) == 0 {
		return nil, errors.New("no certificate among the files")
	}
	return out, nil
}

// iosAudit is certkit ios audit over the dropped files, as over a folder
// of backups: ios.AuditCaptures with the zero Options, as the command
// without flags; the files that are not IOS text are skipped. Nil when no
// file is IOS text.
func (a *analysis) iosAudit() *ios.Report {
	caps := make([]ios.Capture, len(a.req.Files))
	for i, f := range a.req.Files {
		caps[i] = ios.Capture{Name: f.Name, Data: f.Data, InFolder: true}
	}
	rep := ios.AuditCaptures(caps, ios.Options{})
	if len(rep.Gateways) == 0 {
		return nil
	}
	return rep
}
