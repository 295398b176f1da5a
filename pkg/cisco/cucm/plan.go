package cucm

import (
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/cucmrule"
	"github.com/voicepki/certkit/internal/errkind"
	"github.com/voicepki/certkit/internal/par"
	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
)

// Service is a CUCM certificate purpose with the trust store its CA
// certificates go into.
type Service struct {
	// Name is the purpose as CUCM spells it, such as CallManager or ipsec.
	Name string
	// TrustStore is where its CA certificates go, such as CallManager-trust.
	TrustStore string
	// ECDSA is set for the purposes that take an ECDSA key.
	ECDSA bool
}

// Services lists the CUCM purposes the upload plan knows, CallManager
// first: every purpose of csr.Services except ITLRecovery, whose upload
// certkit does not plan. CUCM has no -ECDSA trust stores: the ECDSA
// purposes share the RSA purpose's store.
func Services() []Service {
	var out []Service
	for _, s := range cucmrule.Services() {
		if s.Planned {
			out = append(out, Service{Name: s.Name, TrustStore: s.TrustStore, ECDSA: s.ECDSA})
		}
	}
	return out
}

// LookupService returns the service named name, ignoring letter case;
// "" means CallManager. ITLRecovery, a CUCM purpose whose upload certkit
// does not plan, wraps ErrServiceNotPlanned; any other unknown name wraps
// ErrUnknownService.
func LookupService(name string) (Service, error) {
	if name == "" {
		name = "CallManager"
	}
	s, ok := cucmrule.Lookup(name)
	switch {
	case ok && s.Planned:
		return Service{Name: s.Name, TrustStore: s.TrustStore, ECDSA: s.ECDSA}, nil
	case ok:
		return Service{}, errkind.New(ErrServiceNotPlanned, "cucm: %s is a CUCM certificate purpose, but certkit does not plan its upload: its trust store, and whether CUCM accepts a CA-signed %s certificate, are not confirmed", s.Name, s.Name)
	}
	var names []string
	for _, s := range Services() {
		names = append(names, s.Name)
	}
	return Service{}, errkind.New(ErrUnknownService, "cucm: unknown CUCM service %q (known: %s)", name, strings.Join(names, ", "))
}

// PlanOptions tunes Plan. The zero value plans for CallManager.
type planOptions struct {
	// Service is the CUCM purpose the leaf is for; "" means CallManager.
	Service string
	// PKCS7 holds the certificates of each .p7b file the inputs came from,
	// one slice per file. Plan notes when one holds the device certificate,
	// because CUCM refuses such a file, though not its certificates.
	PKCS7 [][]*x509.Certificate
	// Peer says the leaf is a peer's certificate, such as the IOS
	// gateway's at the other end of a SIP trunk, not CUCM's own. CUCM
	// trusts a peer through its CA certificates, so the leaf gets no step,
	// unless it is self-signed: then it has no CA, and is itself uploaded
	// to the trust store. It is still checked for what SIP TLS needs (its
	// issuer, wildcard, weak signatures, serverAuth and clientAuth, CAs
	// expiring first), but not for CUCM's own key limits.
	Peer bool
	// Left holds the certificates of the inputs that the plan leaves out,
	// as UploadChain returns them. Plan notes each, and warns
	// (codeSubjectCollision) when a CA certificate among them shares its
	// subject with a step: the old copy of a re-keyed CA may already be in
	// the trust store, and CUCM keeps one certificate per subject.
	Left []*x509.Certificate
	// At is the time validity is judged at; zero means now.
	At time.Time
	// WarnWithin reports a certificate that expires within this long of
	// At; zero means 30 days, a negative value never warns.
	WarnWithin time.Duration
}

// Step is one upload on CUCM's OS Administration > Security > Certificate
// Management > Upload Certificate/Certificate chain page.
type Step struct {
	// Number counts from 1, in upload order.
	Number int
	// Purpose is what to pick as the Certificate Purpose: the trust store
	// (CallManager-trust) for a CA certificate, the service (CallManager)
	// for the leaf.
	Purpose string
	// Certificate is the certificate to upload.
	Certificate *x509.Certificate
	// File is a file name for the step, such as
	// 01-CallManager-trust-Example-Root-CA.pem. The number has two digits,
	// or as many as the number of steps has (001 in a plan of 100 steps),
	// so that the files sort in order.
	File string
}

// UploadPlan is the order in which to upload a chain to CUCM, with what
// certkit noticed about it.
type uploadPlan struct {
	Service  Service
	Steps    []Step
	Warnings []finding.Finding
	// Notes say where CUCM's behaviour is not documented, so certkit could
	// not check it, and which certificates of opts.Left the plan leaves out.
	Notes []string
}

// Plan returns the CUCM upload plan for certs, which must be ordered root
// first, as chain.Order returns them: each CA certificate as
// <service>-trust, in order, then the leaf, if the last certificate is not
// a CA, as the service itself (with opts.Peer: no step, or a trust step if
// it is self-signed). A certificate given more than once (the same DER)
// gets one step, where it first appears, and a note.
//
// It notes a .p7b holding the device certificate (opts.PKCS7; not with
// opts.Peer, whose certificate is not uploaded): that is how CAs send it,
// and CUCM only refuses the .p7b itself. It warns about everything CUCM
// refuses or handles badly: CA certificates sharing a subject,
// among the steps or with opts.Left (saying which one CUCM keeps), a key
// over 4096 bits or a CallManager key over 2048, a wildcard, MD5 and SHA-1
// signatures, a CallManager or peer certificate without both serverAuth
// and clientAuth, a CA certificate that expires before the leaf, a
// certificate not issued by the one before it, and a first certificate
// that is not a root. Signatures are checked as internal/sigcheck.SignedBy checks
// them. An unknown service matches ErrUnknownService, unusable
// certificates ErrInvalidOption (errors.Is).
func planChain(certs []*x509.Certificate, opts planOptions) (*uploadPlan, error) {
	svc, err := LookupService(opts.Service)
	if err != nil {
		return nil, err
	}
	if len(certs) == 0 {
		return nil, errkind.New(errInvalidOption, "cucm: no certificates to upload")
	}
	for i, c := range certs {
		if c == nil {
			return nil, errkind.New(errInvalidOption, "cucm: certificate %d of %d is nil", i+1, len(certs))
		}
	}
	certs, dups := dropDuplicates(certs)
	isLeaf := leavesOf(certs, opts.Left, opts.PKCS7)
	for i, c := range certs[:len(certs)-1] {
		if isLeaf(c) {
			return nil, errkind.New(errInvalidOption, "cucm: certificate %d of %d, %s, is not a CA, so it cannot come before %s: order the chain root first", i+1, len(certs), x509text.Describe(c), x509text.Describe(certs[i+1]))
		}
	}
	p := &uploadPlan{Service: svc}
	for _, c := range dups {
		p.Notes = append(p.Notes, fmt.Sprintf("%s is in the inputs more than once; it is uploaded once", x509text.Describe(c)))
	}
	var leaf, peer *x509.Certificate
	if last := certs[len(certs)-1]; isLeaf(last) {
		leaf = last
	}
	if opts.Peer {
		peer = leaf
	}
	// A self-signed peer has no CA for CUCM to trust it through: it goes
	// into the trust store itself.
	selfSignedPeer := peer != nil && sigcheck.SelfSigned(peer)
	for i, c := range certs {
		purpose := svc.TrustStore
		if c == leaf && !selfSignedPeer {
			purpose = svc.Name
		}
		p.Steps = append(p.Steps, Step{
			Number:      i + 1,
			Purpose:     purpose,
			Certificate: c,
			File:        x509text.FileName(i+1, len(certs), purpose, c),
		})
	}

	for _, c := range opts.Left {
		if c != nil {
			p.Notes = append(p.Notes, fmt.Sprintf("%s is not in the chain of %s, so it is not in the plan", x509text.Describe(c), x509text.Describe(certs[len(certs)-1])))
		}
	}
	name := func(s Step) string {
		if s.Certificate == peer {
			return "the peer certificate " + x509text.Describe(s.Certificate)
		}
		return fmt.Sprintf("step %d, %s,", s.Number, x509text.Describe(s.Certificate))
	}
	if !opts.Peer {
		// A peer's certificate is not uploaded, so its .p7b does not matter.
		p.Notes = append(p.Notes, notePKCS7(opts.PKCS7, isLeaf)...)
	}
	p.Warnings = append(p.Warnings, checkLinks(p.Steps, name)...)
	p.Warnings = append(p.Warnings, checkCollisions(p.Steps, isLeaf)...)
	p.Warnings = append(p.Warnings, checkLeftCollisions(p.Steps, opts.Left, isLeaf)...)
	for _, s := range p.Steps {
		if s.Certificate != peer {
			p.Warnings = append(p.Warnings, checkKey(svc, s, s.Certificate == leaf)...)
		}
	}
	// The checks of every job (internal/verdict): validity, a weak
	// signature (never a root's own), a key too small, on every step and
	// on the peer certificate, which CUCM checks though it is not uploaded.
	checked := make([]*x509.Certificate, 0, len(p.Steps))
	for _, s := range p.Steps {
		checked = append(checked, s.Certificate)
	}
	p.Warnings = append(p.Warnings, verdict.Certificates(checked, verdict.Options{At: opts.At, WarnWithin: opts.WarnWithin})...)
	if leaf != nil {
		what := "the " + svc.Name + " certificate"
		if peer != nil {
			what = "the peer certificate"
		}
		// SIP TLS needs both usages: CallManager's own certificate and the
		// trunk peer's. CUCM states no such rule for the others.
		rule, _ := cucmrule.Lookup(svc.Name)
		sipTLS := peer != nil || rule.SIPTLS
		p.Warnings = append(p.Warnings, checkLeaf(what, p.Steps[len(p.Steps)-1], sipTLS)...)
		for _, s := range p.Steps[:len(p.Steps)-1] {
			if s.Certificate.NotAfter.Before(leaf.NotAfter) {
				p.Warnings = append(p.Warnings, finding.Finding{Severity: finding.Warning, Code: finding.CodeExpiresBeforeLeaf, Certificate: s.Certificate,
					Message: fmt.Sprintf("%s expires on %s, before the leaf %s (%s): the chain breaks on that date",
						name(s), day(s.Certificate.NotAfter), x509text.Describe(leaf), day(leaf.NotAfter))})
			}
		}
	}
	if peer != nil && !selfSignedPeer {
		p.Steps = p.Steps[:len(p.Steps)-1]
	}
	return p, nil
}

// leavesOf returns a test for the leaves among every certificate Plan is
// given: a certificate is a leaf or a CA as internal/certrole.InSet says within that
// set, so a version 1 CA that issued the next step is a CA here too.
func leavesOf(certs, left []*x509.Certificate, bundles [][]*x509.Certificate) func(*x509.Certificate) bool {
	all := append(slices.Clone(certs), left...)
	for _, b := range bundles {
		all = append(all, b...)
	}
	all = slices.DeleteFunc(all, func(c *x509.Certificate) bool { return c == nil })
	leaf := make(map[string]bool, len(all))
	for i, r := range certrole.InSet(all) {
		leaf[string(all[i].Raw)] = r == certrole.Leaf
	}
	return func(c *x509.Certificate) bool { return leaf[string(c.Raw)] }
}

// dropDuplicates returns certs without the certificates that repeat an
// earlier one byte for byte, keeping the first of each, and the
// certificates that were repeated, once each.
func dropDuplicates(certs []*x509.Certificate) (kept, repeated []*x509.Certificate) {
	seen := make(map[string]bool, len(certs))
	noted := make(map[string]bool)
	kept = make([]*x509.Certificate, 0, len(certs))
	for _, c := range certs {
		k := string(c.Raw)
		if !seen[k] {
			seen[k] = true
			kept = append(kept, c)
		} else if !noted[k] {
			noted[k] = true
			repeated = append(repeated, c)
		}
	}
	return kept, repeated
}

// notePKCS7 notes each .p7b that holds a device certificate: that is how
// CAs send one, and fine, since the plan is one file per step; only the
// .p7b itself must not be uploaded.
func notePKCS7(bundles [][]*x509.Certificate, isLeaf func(*x509.Certificate) bool) []string {
	var notes []string
	for _, b := range bundles {
		for _, c := range b {
			if c != nil && isLeaf(c) {
				notes = append(notes, fmt.Sprintf("a .p7b holds the device certificate %s: CUCM takes a .p7b of CA certificates only, so upload the step files, not the .p7b",
					x509text.Describe(c)))
				break
			}
		}
	}
	return notes
}

// checkLinks warns when a step's certificate is issued, by signature, by
// none of the steps before it (CUCM wants each CA's issuer uploaded first;
// in a chain that is the step just before), and when the first is not
// self-signed. The steps checked are the one just before and, by name,
// the certrole.MaxCandidates likeliest before it, as chains find issuers.
func checkLinks(steps []Step, name func(Step) string) []finding.Finding {
	var ws []finding.Finding
	if first := steps[0].Certificate; !sigcheck.SelfSigned(first) {
		ws = append(ws, finding.Finding{Severity: finding.Warning, Code: codeNoRoot, Certificate: first,
			Message: fmt.Sprintf("step 1, %s, is not a self-signed root; CUCM needs the root of the chain too (issued by %s)", x509text.Describe(first), x509text.Issuer(first))})
	}
	// Each step's issuer among the steps before it, on every core.
	var names certrole.Index
	for i, s := range steps {
		names.Add(i, s.Certificate)
	}
	issuedBefore := make([]bool, len(steps))
	par.For(len(steps)-1, 16, func(k int) {
		i := k + 1
		c := steps[i].Certificate
		if sigcheck.SelfSigned(c) {
			issuedBefore[i] = true // another root: it starts a chain of its own
			return
		}
		issued, _ := sigcheck.SignedBy(c, steps[i-1].Certificate)
		if !issued {
			cands, _ := names.Issuers(c, i, certrole.MaxCandidates, func(j int) bool { return j >= i-1 })
			for _, j := range cands {
				if issued, _ = sigcheck.SignedBy(c, steps[j].Certificate); issued {
					break
				}
			}
		}
		issuedBefore[i] = issued
	})
	for i := 1; i < len(steps); i++ {
		if c := steps[i].Certificate; !issuedBefore[i] {
			// Name the step just before, which is where its issuer belongs.
			ws = append(ws, finding.Finding{Severity: finding.Warning, Code: finding.CodeNotIssuedBy, Certificate: c,
				Message: fmt.Sprintf("%s was not issued by %s nor by any step before it (its signature verifies with none of their keys)", name(steps[i]), strings.TrimSuffix(name(steps[i-1]), ","))})
		}
	}
	return ws
}

// checkCollisions warns about CA certificates that share a subject. CUCM
// keeps one certificate per subject in a trust store, and a later upload
// replaces the one there only if it starts later.
func checkCollisions(steps []Step, isLeaf func(*x509.Certificate) bool) []finding.Finding {
	var ws []finding.Finding
	// The CA steps of each purpose and subject, in order.
	groups := make(map[string][]Step)
	for _, s := range steps {
		if !isLeaf(s.Certificate) {
			k := s.Purpose + "\x00" + string(s.Certificate.RawSubject)
			groups[k] = append(groups[k], s)
		}
	}
	for _, s := range steps {
		k := s.Purpose + "\x00" + string(s.Certificate.RawSubject)
		same := groups[k]
		if len(same) < 2 || same[0].Number != s.Number {
			continue
		}
		// Replay the uploads in order: a newcomer replaces the kept one
		// only if its start date is later.
		kept := same[0]
		var nums []string
		for _, o := range same {
			nums = append(nums, fmt.Sprint(o.Number))
			if o.Certificate.NotBefore.After(kept.Certificate.NotBefore) {
				kept = o
			}
		}
		ws = append(ws, finding.Finding{Severity: finding.Warning, Code: codeSubjectCollision, Certificate: kept.Certificate,
			Message: fmt.Sprintf("steps %s share the subject %s, and %s keeps one certificate per subject: step %d (valid from %s) wins and the others are not kept",
				strings.Join(nums, ", "), x509text.Subject(s.Certificate), s.Purpose, kept.Number, day(kept.Certificate.NotBefore))})
	}
	return ws
}

// checkLeftCollisions warns about each CA certificate of left, which the
// plan leaves out, that shares its subject with a CA step of the plan. It
// is not uploaded, but it may already be in the trust store (the old copy
// of a re-keyed CA), and then the step replaces it only if the step starts
// later.
func checkLeftCollisions(steps []Step, left []*x509.Certificate, isLeaf func(*x509.Certificate) bool) []finding.Finding {
	var ws []finding.Finding
	// The CA steps of each subject, in order.
	bySubject := make(map[string][]Step)
	for _, s := range steps {
		if !isLeaf(s.Certificate) {
			bySubject[string(s.Certificate.RawSubject)] = append(bySubject[string(s.Certificate.RawSubject)], s)
		}
	}
	for _, c := range left {
		if c == nil || isLeaf(c) {
			continue
		}
		for _, s := range bySubject[string(c.RawSubject)] {
			if s.Certificate.Equal(c) {
				continue
			}
			var outcome string
			if s.Certificate.NotBefore.After(c.NotBefore) {
				outcome = fmt.Sprintf("step %d replaces it, since it starts later (%s)", s.Number, day(s.Certificate.NotBefore))
			} else {
				outcome = fmt.Sprintf("CUCM keeps it, since step %d does not start later (%s); delete it from %s before step %d",
					s.Number, day(s.Certificate.NotBefore), s.Purpose, s.Number)
			}
			ws = append(ws, finding.Finding{Severity: finding.Warning, Code: codeSubjectCollision, Certificate: c,
				Message: fmt.Sprintf("step %d shares the subject %s with a certificate of the inputs that the plan leaves out (serial %s, valid from %s): %s keeps one certificate per subject, so if that copy is already there, %s",
					s.Number, x509text.Subject(s.Certificate), serialOf(c), day(c.NotBefore), s.Purpose, outcome)})
			break
		}
	}
	return ws
}

// checkKey warns about key sizes CUCM refuses or phones handle badly, and
// about a leaf key of the wrong type for the service.
func checkKey(svc Service, s Step, isLeaf bool) []finding.Finding {
	c := s.Certificate
	rule, _ := cucmrule.Lookup(svc.Name)
	var ws []finding.Finding
	if k, ok := c.PublicKey.(*rsa.PublicKey); ok {
		bits := x509text.KeyBits(k) // 0 for a key without its modulus
		switch {
		case bits > cucmrule.MaxRSABits:
			ws = append(ws, finding.Finding{Severity: finding.Warning, Code: finding.CodeKeyTooLarge, Certificate: c,
				Message: fmt.Sprintf("step %d, %s, has a %d-bit key; CUCM takes at most %d bits", s.Number, x509text.Describe(c), bits, cucmrule.MaxRSABits)})
		case isLeaf && bits > rule.MaxRSABits:
			ws = append(ws, finding.Finding{Severity: finding.Warning, Code: finding.CodeKeyOver2048, Certificate: c,
				Message: fmt.Sprintf("the %s certificate %s has a %d-bit key; phones misbehave with a %s key over %d bits", svc.Name, x509text.Describe(c), bits, svc.Name, rule.MaxRSABits)})
		}
	}
	if isLeaf && !rule.KeyFits(c.PublicKey) {
		ws = append(ws, finding.Finding{Severity: finding.Warning, Code: finding.CodeKeyType, Certificate: c,
			Message: fmt.Sprintf("%s has %s key, but %s takes %s", x509text.Describe(c), withArticle(c.PublicKeyAlgorithm.String()), svc.Name, rule.WantKey())})
	}
	return ws
}

// withArticle puts "a" or "an" before an algorithm name, as it is read
// aloud: an RSA, an ECDSA, an Ed25519, a DSA.
func withArticle(alg string) string {
	if alg != "" && strings.ContainsRune("AEFHILMNORSX", rune(alg[0])) {
		return "an " + alg
	}
	return "a " + alg
}

// checkLeaf warns about a wildcard name and, when sipTLS is set, missing
// extended key usages.
func checkLeaf(what string, s Step, sipTLS bool) []finding.Finding {
	c := s.Certificate
	var ws []finding.Finding
	if n, ok := cucmrule.Wildcard(append([]string{c.Subject.CommonName}, c.DNSNames...)); ok {
		ws = append(ws, finding.Finding{Severity: finding.Warning, Code: finding.CodeWildcard, Certificate: c,
			Message: fmt.Sprintf("%s names %q; CUCM does not support wildcard certificates", x509text.Describe(c), n)})
	}
	if !sipTLS {
		return ws
	}
	if missing := cucmrule.MissingEKU(func(u x509.ExtKeyUsage) bool { return slices.Contains(c.ExtKeyUsage, u) }); len(missing) > 0 {
		ws = append(ws, finding.Finding{Severity: finding.Warning, Code: finding.CodeMissingEKU, Certificate: c,
			Message: fmt.Sprintf("%s %s lacks extended key usage %s; SIP TLS needs both serverAuth and clientAuth", what, x509text.Describe(c), strings.Join(missing, " and "))})
	}
	return ws
}
