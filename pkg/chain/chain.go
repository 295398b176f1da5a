// Package chain orders any set of certificates into chains, root first,
// finds the certificate that issued another, and says what is missing.
//
// Names and key identifiers only suggest a parent; a signature check
// confirms it. Links signed with MD5, SHA-1 or DSA, which crypto/x509
// refuses, are verified with the primitives directly and reported as weak.
//
// # Findings
//
// Chain.Warnings holds the checks of every job on each certificate of the
// chain, with the codes of pkg/finding (expired, weak-signature,
// key-too-small, expires-before-leaf...), and Order's own, each of
// severity warning and naming the certificate it is about, whose Code is
// one of these stable strings:
//
//	not-ca         a certificate issued another but is not marked as a CA
//	no-cert-sign   a certificate issued another but its key usage lacks certSign
//	path-length    a CA has more CAs below it than its pathLen allows
//	not-anchored   with Options.Roots, the chain ends at a self-signed root that is none of them
//
// With Options.Revocation, a revoked certificate is reported with the
// shared code revoked (finding.CodeRevoked).
package chain

import (
	"context"
	"crypto/x509"
	"fmt"
	"slices"
	"time"

	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/par"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
)

// Options tunes Order and IssuerOf. The zero value is ready to use.
type Options struct {
	// Roots are optional trust anchors. A chain ends at an anchor, even one
	// that is not in the set, and prefers an anchor to any other root.
	Roots []*x509.Certificate

	// Verify also runs crypto/x509 Verify on each chain, with Roots as the
	// trust anchors, or the chain's own self-signed root when Roots is empty.
	Verify bool

	// At is the time for validity warnings and Verify. If zero, the
	// current time is used.
	At time.Time

	// Devices are the names (hostnames, FQDNs) of devices the caller
	// knows, for the device rule: a self-signed certificate that issued
	// nothing and names one of them, or the device certificates of the
	// set, or has IOS's default CN IOS-Self-Signed-Certificate-N, is a
	// device's certificate (a leaf), whatever its CA flag says.
	Devices []string

	// WarnWithin reports a certificate that expires within this long of
	// At (finding.CodeExpiring). If zero, 30 days; a negative value never
	// warns.
	WarnWithin time.Duration

	// KeyUsages are the extended key usages Verify requires. If empty,
	// any usage is accepted.
	KeyUsages []x509.ExtKeyUsage

	// MaxCandidates caps the candidate parents whose signature is checked
	// for each certificate, best key identifier match first. If zero, 16.
	MaxCandidates int

	// Fetch, when set, downloads the issuer of a certificate whose issuer
	// is missing from the caIssuers URLs of its AIA (http and https only;
	// LDAP URLs are not fetched), each URL once, keeping only certificates
	// whose key verifies the certificate's signature, and climbing up to
	// 8 levels. If nil, nothing is fetched: package chain
	// itself never touches the network.
	Fetch Fetcher

	// FetchBudget is the time all fetches of one call may take together.
	// If zero, 20 s.
	FetchBudget time.Duration

	// MaxFetches is how many URLs one call fetches at most; then it stops
	// fetching (see ErrFetchLimit). If zero, 32.
	MaxFetches int

	// OnFetch, when set, is called after each URL fetched (or not
	// fetched, with the reason), in order, from the calling goroutine.
	OnFetch func(Fetch)

	// Revocation, when set, makes Order check whether each certificate
	// of each chain is revoked (all but a self-signed root or a trust
	// anchor at the top), with its chain's issuer: the OCSP responders of
	// its AIA first, then its CRL distribution points (http and https;
	// LDAP URLs are listed, not asked), each URL once, an answer of at
	// most 1 MiB (10 MiB for a CRL). Chain.Revocations holds the results,
	// and Chain.Warnings a finding.CodeRevoked warning for each revoked
	// certificate. An answer counts when the issuer (or an OCSP responder
	// it certified for OCSPSigning) signed it and it is current at At. If
	// nil, nothing is asked. IssuerOf ignores it.
	Revocation Revoker

	// RevocationBudget is the time all the revocation checks of one call
	// may take together. If zero, 20 s.
	RevocationBudget time.Duration

	ctx context.Context // OrderContext's: the work stops when it ends
}

// Role says what a certificate is in a chain, from its content.
type Role string

// The roles. A CA is a certificate with cA=TRUE in Basic Constraints, a
// version 1 or 2 self-issued certificate (old roots, which have no
// extensions), or one that signed another certificate of the set (old
// PKIs ran version 1 CAs; Order warns when the CA flag is missing). A root
// is a CA its own key verifies, an intermediate any other CA, and a leaf
// everything else: a version 1 end-entity certificate, and a self-signed
// end-entity certificate too. Order, PickLeaf, Split and pkg/cisco all
// follow this one rule (internal/certrole).
const (
	RoleRoot         Role = "root"
	RoleIntermediate Role = "intermediate"
	RoleLeaf         Role = "leaf"
)

// Link is a parent confirmed by its signature over a child.
type Link struct {
	Child, Parent *x509.Certificate
	// Weak is set when the child was signed with MD5, SHA-1 or DSA.
	Weak bool
}

// Chain is one chain of certificates, root (or the highest found) first.
type Chain struct {
	// Certificates runs from the root, the trust anchor or the highest
	// certificate found, down to the certificate that ends the chain.
	Certificates []*x509.Certificate
	// Roles is parallel to Certificates.
	Roles []Role
	// Complete is set when the chain reaches a self-signed root or a trust
	// anchor.
	Complete bool
	// Anchored is set when the chain ends at one of Options.Roots.
	Anchored bool
	// Verified is set only with Options.Verify; VerifyError then says why
	// the chain did not verify: Missing for an incomplete chain, else an
	// error in certkit's words that wraps crypto/x509's (errors.As finds
	// x509.CertificateInvalidError, x509.UnknownAuthorityError...).
	Verified    *bool
	VerifyError error
	// Missing describes the absent issuer of an incomplete chain.
	Missing *IssuerNotFoundError
	// Warnings lists what is wrong with the chain even when it is complete.
	Warnings []finding.Finding
	// Weak lists the links of the chain signed with MD5, SHA-1 or DSA.
	Weak []Link
	// Alternatives lists confirmed parents of the chain's certificates that
	// were not taken: old copies of a re-keyed CA, cross-signed roots.
	Alternatives []Link
	// CrossCertified is set on an incomplete chain that stopped because
	// every issuer of its highest certificate has the subject and key of a
	// certificate already on the chain: CAs that certify each other, and
	// no self-signed copy of either among the inputs. It is that
	// certificate on the chain.
	CrossCertified *x509.Certificate
	// Revocations holds, with Options.Revocation, the revocation status
	// of each certificate of the chain but a self-signed root or a trust
	// anchor at the top, in the order of Certificates.
	Revocations []Revocation
}

// Order sorts certs into chains. Every certificate that issued no other
// certificate of the set ends a chain, so two gateway certificates give two
// chains and a bundle of CAs gives a chain that ends at its lowest CA.
// Duplicates (by DER) count once. Each chain climbs by confirmed links to a
// trust anchor, else a self-signed root. Among the paths there it takes the
// one crypto/x509 would accept (issuers valid at Options.At, marked as CAs
// with certSign, within their pathLen, permitting the leaf's extended key
// usages, no weak link), else the one with the fewest such faults; then
// the fewest links; ties go to issuers valid at Options.At, then the later
// NotAfter, then a key identifier match, then the stronger signature. With
// Options.Verify, when the best path does not verify, up to seven others
// are tried in that order. The chains come in the order of the
// certificates that end them.
//
// Order reports problems in the chains, not as an error; the error is for
// an input it cannot work with (a nil certificate).
func Order(certs []*x509.Certificate, opts Options) ([]Chain, error) {
	if err := checkNil(certs, opts.Roots); err != nil {
		return nil, err
	}
	g := newGraph(certs, opts.Roots, opts)
	return g.chains(opts), nil
}

// chains builds the chain of every certificate of the set that issued
// nothing else in the set, on all cores when there are many (Verify makes
// each one cost several signature checks).
func (g *graph) chains(opts Options) []Chain {
	var ends []int
	for i, nd := range g.nodes {
		if nd.inSet && !nd.issued {
			ends = append(ends, i)
		}
	}
	g.devices = verdict.NewDeviceIndex(g.deviceNames(opts.Devices)...)
	out := make([]Chain, len(ends))
	par.For(len(ends), 64, func(k int) {
		if !opts.stopped() {
			out[k] = g.chain(ends[k], opts)
		}
	})
	if opts.Revocation != nil && !opts.stopped() {
		g.revocations(out, opts)
	}
	return out
}

// deviceNames returns the names the device rule (internal/verdict.Device)
// knows: those given, and those of the device certificates of the set
// (not CAs, issuing nothing). It is nil when no certificate of the set is
// self-signed, marked a CA and issued nothing: the rule then has nothing
// to decide.
func (g *graph) deviceNames(given []string) []string {
	undecided := false
	for _, nd := range g.nodes {
		if nd.inSet && !nd.issued && nd.self && certrole.MarkedCA(nd.cert) {
			undecided = true
			break
		}
	}
	if !undecided {
		return nil
	}
	names := append([]string{}, given...)
	for _, nd := range g.nodes {
		if nd.inSet && !nd.issued && !certrole.MarkedCA(nd.cert) {
			names = append(names, verdict.DeviceNames(nd.cert)...)
		}
	}
	return names
}

// maxVerifyTries caps the candidate paths handed to crypto/x509 Verify for
// one chain, best first, when the best one does not verify.
const maxVerifyTries = 8

// chain builds the Chain that ends at node i: its best complete path, or
// with Options.Verify the best one that verifies, else the highest
// incomplete path found.
func (g *graph) chain(i int, opts Options) Chain {
	cands := g.paths(i)
	if len(cands) == 0 {
		path, loop := g.incompletePath(i)
		ch := g.assemble(path, false, opts)
		if loop >= 0 {
			// The top's issuers are the loop, which CrossCertified
			// describes, not alternatives.
			ch.CrossCertified = g.nodes[loop].cert
			top := g.nodes[path[len(path)-1]].cert
			ch.Alternatives = slices.DeleteFunc(ch.Alternatives, func(l Link) bool { return l.Child == top })
			if len(ch.Alternatives) == 0 {
				ch.Alternatives = nil
			}
		}
		return ch
	}
	ch := g.assemble(cands[0].nodes, true, opts)
	if !opts.Verify {
		return ch
	}
	ok, err := verify(&ch, opts, g.at)
	ch.Verified, ch.VerifyError = &ok, err
	for _, c := range cands[1:min(len(cands), maxVerifyTries)] {
		if ok {
			break
		}
		alt := g.assemble(c.nodes, true, opts)
		if ok, _ := verify(&alt, opts, g.at); ok {
			alt.Verified = &ok
			return alt
		}
	}
	return ch
}

// assemble makes the Chain for a path given leaf first.
func (g *graph) assemble(path []int, complete bool, opts Options) Chain {
	var ch Chain
	ch.Complete = complete
	top := path[len(path)-1]
	ch.Anchored = complete && g.nodes[top].anchor
	for k := len(path) - 1; k >= 0; k-- {
		ch.Certificates = append(ch.Certificates, g.nodes[path[k]].cert)
	}
	for k, j := range path {
		nd := &g.nodes[j]
		taken := -1
		if k+1 < len(path) {
			taken = path[k+1]
		}
		for _, e := range nd.parents {
			l := Link{Child: nd.cert, Parent: g.nodes[e.to].cert, Weak: e.weak}
			if e.to == taken {
				if e.weak {
					ch.Weak = append(ch.Weak, l)
				}
				continue
			}
			if nd.self && sameKey(nd.cert, l.Parent) {
				continue // another certificate of a root's own key says nothing new
			}
			ch.Alternatives = append(ch.Alternatives, l)
		}
	}
	ch.Roles = make([]Role, len(path))
	selfSigned := make([]bool, len(path))
	for k, c := range ch.Certificates {
		nd := &g.nodes[path[len(path)-1-k]]
		ca := k < len(path)-1 || nd.issued || certrole.MarkedCA(c)
		if ca && k == len(path)-1 && !nd.issued && verdict.Device(c, nd.self, false, g.devices.Candidates(c)) {
			// A self-signed device certificate, whatever its CA flag says
			// (IOS sets CA:TRUE on every one it makes).
			ca = false
		}
		ch.Roles[k] = Role(certrole.Classify(ca, nd.self))
		selfSigned[k] = nd.self
	}
	if !complete {
		ch.Missing = newIssuerNotFound(g.nodes[top].cert)
	}
	ch.Warnings = g.warnings(&ch, selfSigned, verdict.Options{At: g.at, WarnWithin: opts.WarnWithin})
	if complete && !ch.Anchored && len(opts.Roots) > 0 {
		root := ch.Certificates[0]
		ch.Warnings = append(ch.Warnings, finding.Finding{Code: codeNotAnchored, Severity: finding.Warning, Certificate: root,
			Message: fmt.Sprintf("the chain ends at the self-signed %s, which is none of the trust anchors given", x509text.Describe(root))})
	}
	if opts.Verify && !complete {
		ok := false
		ch.Verified, ch.VerifyError = &ok, ch.Missing
	}
	return ch
}

// Outside returns the certificates of certs, once each, that are in none of
// chains: confirmed issuers that no chain took, such as the old copy of a
// re-keyed CA or a cross-certificate, and members of loops with no end.
func Outside(certs []*x509.Certificate, chains []Chain) []*x509.Certificate {
	// Order's chains hold the very certificates it was given: look them
	// up by pointer first, and by DER only for the others (a store of
	// thousands has megabytes of DER to hash).
	onChain := map[*x509.Certificate]bool{}
	for _, ch := range chains {
		for _, c := range ch.Certificates {
			onChain[c] = true
		}
	}
	var byDER map[string]bool
	seen := map[string]bool{}
	var out []*x509.Certificate
	for _, c := range certs {
		if c == nil || onChain[c] {
			continue
		}
		if byDER == nil {
			byDER = map[string]bool{}
			for c := range onChain {
				byDER[string(c.Raw)] = true
			}
		}
		if byDER[string(c.Raw)] || seen[string(c.Raw)] {
			continue
		}
		seen[string(c.Raw)] = true
		out = append(out, c)
	}
	return out
}
