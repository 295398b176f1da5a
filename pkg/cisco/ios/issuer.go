package ios

import (
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/errkind"
	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/finding"
)

// ErrSelfSigned is what Issuer's error matches (errors.Is) when a paste
// session is asked for a device certificate that is self-signed: there is
// no CA to authenticate.
var ErrSelfSigned = errors.New("ios: the certificate is self-signed")

// errNoRootAbove is what Issuer's error matches (errors.Is) when
// IssuerOptions.AnchorRoot is asked for a device certificate whose issuer
// is itself the root.
var errNoRootAbove = errors.New("ios: the issuing CA is the root")

// IssuerOptions tunes Issuer. The zero value finds the issuer of the
// device certificate among the inputs and checks every certificate it
// returns at the current time, warning 30 days before one expires.
type IssuerOptions struct {
	// Trustpoint, when set, asks for the IOS paste session that installs
	// the device certificate and its issuing CA in that trustpoint
	// (PasteSession). Without it, Issuer only finds the issuer.
	Trustpoint string
	// AnchorRoot, with Trustpoint, writes the anchor-root session
	// (the anchor-root session): the root and every CA above the issuing one in
	// trustpoints of their own. The root must be among the inputs.
	AnchorRoot bool
	// Hostname is the device's hostname. It picks the device certificate
	// among several, by its CN or a DNS SAN (the hostname, or the hostname
	// followed by "." and a domain), and the device certificate is checked
	// against it, letter case included.
	Hostname string
	// At is the time validity is judged at; zero means now.
	At time.Time
	// WarnWithin reports a certificate that expires within this long of
	// At; zero means 30 days, a negative value never warns.
	WarnWithin time.Duration
	// Chain holds the options of the issuer search: Fetch, FetchBudget and
	// OnFetch download an issuer missing from the inputs (chain.IssuerOf);
	// Revocation and RevocationBudget check whether the certificates
	// returned are revoked (IssuerResult.Revocations), as chain.Order
	// does. Its At is ignored; At above is used.
	Chain chain.Options
}

// IssuerResult is everything certkit issuer-for shows, on the command
// line and on the page.
type IssuerResult struct {
	// Device is the certificate whose issuer was looked for: the device
	// certificate (picked as Issuer says), or with CA certificates only the last CA of
	// the first input's first chain.
	Device *x509.Certificate
	// Issuer is Device's issuer, Device itself when it is self-signed, or
	// nil when Missing says what is missing.
	Issuer *x509.Certificate
	// Missing says what is missing when the issuer is in none of the
	// inputs (and, with Chain.Fetch, could not be fetched).
	Missing *chain.IssuerNotFoundError
	// CAs are, with AnchorRoot, the hierarchy above Device, root first
	// and Issuer last.
	CAs []*x509.Certificate
	// Paste is the IOS session, with Trustpoint and an issuer found.
	Paste *Paste
	// Findings are every check of every certificate returned (validity,
	// weak signatures, key sizes), the device certificate against
	// Hostname, and the paste session's own warnings.
	Findings []finding.Finding
	// Notes are one line each, for the record.
	Notes []string
	// Revocations holds, with Chain.Revocation, the revocation status of
	// the device certificate and of each CA returned but the root (a
	// revoked one is also in Findings, as finding.CodeRevoked).
	Revocations []chain.Revocation
}

// SelfSigned reports whether the device certificate is its own issuer.
func (r *IssuerResult) SelfSigned() bool {
	return r.Issuer != nil && r.Issuer.Equal(r.Device)
}

// Warns reports whether a finding is a warning or an error: certkit
// exits 1 then.
func (r *IssuerResult) Warns() bool {
	return r.Missing != nil || verdict.Warns(r.Findings)
}

// Issuer is the whole issuer-for job. inputs are the certificates of each
// input (a file, a paste), in the order given; the device certificate is
// chosen among all of them (by Hostname, else the trustpoint name), so the order of the inputs does
// not matter when a name picks it. Its issuer is looked for among every
// other certificate (chain.IssuerOf), and with opts.Trustpoint the IOS
// paste session is written. Every certificate returned is checked.
//
// An error means there is nothing to show: no certificate, a
// *chain.SeveralLeavesError when names pick none of several device
// certificates, chain.ErrNoLeaf (CA certificates only) or ErrSelfSigned with a
// trustpoint, ErrNoRootAbove with AnchorRoot, or a name IOS would not
// take. A missing issuer is not an error: the result's
// Missing says what is missing.
func Issuer(inputs [][]*x509.Certificate, opts IssuerOptions) (*IssuerResult, error) {
	if opts.Trustpoint != "" {
		if err := checkName("trustpoint name", opts.Trustpoint); err != nil {
			return nil, err
		}
	}
	if opts.AnchorRoot && opts.Trustpoint == "" {
		return nil, errkind.New(errInvalidOption, "ios: anchoring at the root needs a trustpoint")
	}
	checks := verdict.Options{At: opts.At, WarnWithin: opts.WarnWithin}.Fixed()
	device, err := pickDevice(inputs, opts.Hostname, opts.Trustpoint)
	isDevice := err == nil
	if errors.Is(err, chain.ErrNoLeaf) && opts.Trustpoint == "" {
		// CA certificates only: the issuer of the lowest CA of the first
		// input's first chain.
		device, err = lowestCA(inputs)
	}
	if err != nil {
		return nil, err
	}
	var candidates []*x509.Certificate
	for _, in := range inputs {
		for _, c := range in {
			if c != nil && !c.Equal(device) {
				candidates = append(candidates, c)
			}
		}
	}
	r := &IssuerResult{Device: device}
	copts := opts.Chain
	copts.At = checks.At
	issuer, err := chain.IssuerOf(device, candidates, copts)
	var nf *chain.IssuerNotFoundError
	switch {
	case errors.As(err, &nf):
		r.Missing = nf
		r.Findings = append(r.Findings, verdict.Certificates([]*x509.Certificate{device}, checks)...)
		r.Findings = append(r.Findings, verdict.Name(device, "the gateway certificate", opts.Hostname)...)
		r.revocations(copts, nil, device)
		return r, nil
	case err != nil:
		return nil, fmt.Errorf("ios: %w", err)
	}
	r.Issuer = issuer
	if opts.Trustpoint != "" && r.SelfSigned() {
		return nil, errkind.New(ErrSelfSigned, "ios: %s is self-signed: there is no CA to authenticate for trustpoint %s", x509text.Describe(device), opts.Trustpoint)
	}
	r.CAs = []*x509.Certificate{issuer}
	if opts.AnchorRoot {
		if r.CAs, err = above(device, issuer, candidates, opts.Trustpoint); err != nil {
			var nf *chain.IssuerNotFoundError
			if errors.As(err, &nf) {
				r.Missing = nf
				r.Findings = append(r.Findings, verdict.Certificates([]*x509.Certificate{device, issuer}, checks)...)
				r.revocations(copts, candidates, device, issuer)
				return r, nil
			}
			return nil, err
		}
	}
	// Every certificate the result hands out, the device certificate
	// first, then its CAs from the issuing one up.
	handed := []*x509.Certificate{device}
	for i := len(r.CAs) - 1; i >= 0; i-- {
		handed = append(handed, r.CAs[i])
	}
	r.Findings = append(r.Findings, verdict.Certificates(handed, checks)...)
	r.revocations(copts, candidates, handed...)
	if isDevice {
		r.Findings = append(r.Findings, verdict.Name(device, "the gateway certificate", opts.Hostname)...)
	}
	if opts.Trustpoint == "" {
		return r, nil
	}
	if opts.AnchorRoot {
		r.Paste, err = anchorRootSession(opts.Trustpoint, r.CAs, device, PasteOptions{})
	} else {
		r.Paste, err = PasteSession(opts.Trustpoint, issuer, device, PasteOptions{})
	}
	if err != nil {
		return nil, err
	}
	r.Findings = append(r.Findings, r.Paste.Warnings...)
	r.Notes = append(r.Notes, r.Paste.Notes...)
	if n := trustpointNote(opts.Trustpoint, opts.Hostname, device); n != "" {
		r.Notes = append(r.Notes, n)
	}
	return r, nil
}

// revocations checks, with opts.Revocation, whether the certificates
// handed out are revoked, by chain.Order's rule: the device certificate,
// and each CA above it but the root, the CAs above the highest handed
// out found among candidates by signature (the issuer of each is needed
// to check it).
func (r *IssuerResult) revocations(opts chain.Options, candidates []*x509.Certificate, handed ...*x509.Certificate) {
	if opts.Revocation == nil {
		return
	}
	path := append([]*x509.Certificate(nil), handed...)
	for cur := path[len(path)-1]; len(path) > 1 && !sigcheck.SelfSigned(cur) && len(path) <= len(candidates)+1; {
		p, err := chain.IssuerOf(cur, candidates, chain.Options{At: opts.At})
		if err != nil {
			break
		}
		path = append(path, p)
		cur = p
	}
	opts.Fetch, opts.OnFetch = nil, nil // the issuer search fetched already
	chains, err := chain.Order(path, opts)
	if err != nil {
		return // handed holds no nil certificate
	}
	for _, ch := range chains {
		r.Revocations = append(r.Revocations, ch.Revocations...)
		for _, f := range ch.Warnings {
			if f.Code == finding.CodeRevoked {
				r.Findings = append(r.Findings, f)
			}
		}
	}
}

// above returns the CAs from the root down to issuer, each found among
// candidates by signature; an *chain.IssuerNotFoundError when one is
// missing.
func above(device, issuer *x509.Certificate, candidates []*x509.Certificate, tp string) ([]*x509.Certificate, error) {
	if sigcheck.SelfSigned(issuer) {
		return nil, errkind.New(errNoRootAbove, "ios: %s, the issuer of %s, is itself the root: there is no root above the issuing CA to anchor at; use the trustpoint %s without anchoring at the root",
			x509text.Describe(issuer), x509text.Describe(device), tp)
	}
	cas := []*x509.Certificate{issuer}
	for cur := issuer; !sigcheck.SelfSigned(cur) && len(cas) <= len(candidates); {
		p, err := chain.IssuerOf(cur, candidates, chain.Options{})
		if err != nil {
			return nil, err
		}
		cas = append([]*x509.Certificate{p}, cas...)
		cur = p
	}
	return cas, nil
}

// trustpointNote says, when the trustpoint is not the device's hostname,
// that this is fine, and what the hostname and key label must be. It is
// "" when the trustpoint names the device.
func trustpointNote(tp, hostname string, device *x509.Certificate) string {
	cn := device.Subject.CommonName
	if cn == "" || verdict.NameMatch(cn, tp) == verdict.Exact {
		return ""
	}
	host := hostname
	if host == "" || verdict.NameMatch(cn, host) == verdict.NoMatch {
		host, _, _ = strings.Cut(cn, ".")
	}
	return fmt.Sprintf("trustpoint %s is not the CN %q: fine, a trustpoint may have any name; the hostname and RSA key label must be %q, letter case included", tp, cn, host)
}

// lowestCA returns the last certificate of the first chain of the first
// input holding a certificate.
func lowestCA(inputs [][]*x509.Certificate) (*x509.Certificate, error) {
	for _, in := range inputs {
		if len(in) == 0 {
			continue
		}
		chains, err := chain.Order(in, chain.Options{})
		if err != nil {
			return nil, fmt.Errorf("ios: %w", err)
		}
		if len(chains) > 0 {
			cs := chains[0].Certificates
			return cs[len(cs)-1], nil
		}
	}
	return nil, errkind.New(errInvalidOption, "ios: no certificates")
}

// pickDevice chooses the device certificate among inputs, the
// certificates of each input in the order given, by the hostname, else the
// trustpoint:
//
//   - among the device certificates (those that end a chain and are not
//     CAs) of all inputs, the one a name picks (chain.PickLeaf: the hostname,
//     else the trustpoint);
//   - else the only device certificate of all inputs;
//   - else, with no name given, the only device certificate of the first
//     input, the one named first;
//   - else a *chain.SeveralLeavesError listing them, or with CA certificates
//     only, an error matching chain.ErrNoLeaf.
//
// The hostname is also a device name for the device rule: a self-signed
// certificate that names it is the device's, whatever its CA flag says.
func pickDevice(inputs [][]*x509.Certificate, hostname, trustpoint string) (*x509.Certificate, error) {
	var all []*x509.Certificate
	for _, in := range inputs {
		all = append(all, in...)
	}
	if len(all) == 0 {
		return nil, errkind.New(errInvalidOption, "ios: no certificates")
	}
	// Only the device certificates matter here, not the chains: among
	// thousands of CAs, PickLeafOf checks a few signatures where Order
	// checks them all.
	leaf, err := chain.PickLeafOf(all, chain.Options{Devices: nonEmpty(hostname)}, hostname, trustpoint)
	if err != nil && !errors.Is(err, chain.ErrNoLeaf) && !errors.Is(err, chain.ErrSeveralLeaves) {
		return nil, fmt.Errorf("ios: %w", err)
	}
	var several *chain.SeveralLeavesError
	if !errors.As(err, &several) || len(several.Names) > 0 || len(inputs) < 2 {
		return leaf, err
	}
	first, ferr := chooseLeaf(inputs[0])
	if ferr != nil {
		return nil, err
	}
	return first, nil
}

// nonEmpty returns the names that are not empty.
func nonEmpty(names ...string) []string {
	var out []string
	for _, n := range names {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// DeviceNamed reports the device certificate among certs when it is the
// one PickDevice would choose whatever other inputs hold: the only device
// certificate of certs, with no name given or with a name (the hostname,
// else the trustpoint) that is its CN or a DNS SAN, or that followed by a
// domain. A caller holding many other certificates can then read only
// those that may be its issuers.
func DeviceNamed(certs []*x509.Certificate, names ...string) (*x509.Certificate, bool) {
	leaf, err := chooseLeaf(certs, names...)
	if err != nil {
		return nil, false
	}
	given := false
	for _, n := range names {
		if n == "" {
			continue
		}
		given = true
		for _, name := range verdict.Names(leaf) {
			if verdict.NameMatch(name, n) == verdict.Exact {
				return leaf, true
			}
		}
	}
	return leaf, !given
}

// chooseLeaf orders certs and picks the device certificate among them
// (chain.PickLeaf).
func chooseLeaf(certs []*x509.Certificate, names ...string) (*x509.Certificate, error) {
	if len(certs) == 0 {
		return nil, errkind.New(errInvalidOption, "ios: no certificates")
	}
	chains, err := chain.Order(certs, chain.Options{})
	if err != nil {
		return nil, fmt.Errorf("ios: %w", err)
	}
	return chain.PickLeaf(chains, names...)
}
