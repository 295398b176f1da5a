package cucm

import (
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/cucmrule"
	"github.com/voicepki/certkit/internal/dnkey"
	"github.com/voicepki/certkit/internal/par"
	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
)

// Options tunes AuditSite. The zero value audits the stores alone, at the
// current time, warning 30 days before a certificate the plan keeps
// expires.
type Options struct {
	// At is the time certificates are checked against; zero means now.
	At time.Time
	// WarnWithin reports a kept certificate that expires within this
	// long of At (finding.CodeExpiring); zero means 30 days, a negative
	// value never warns.
	WarnWithin time.Duration
	// Devices are the hostnames of devices (gateways) certkit is told
	// of. A self-signed certificate that issued nothing given and names
	// one of them (CN, DNS SAN or unstructuredName: "vgw03" names
	// vgw03.example.com too) is that device's certificate, whatever its
	// CA flag says: IOS sets CA:TRUE on every self-signed certificate it
	// makes. The names of the Gateways count too, and so do IOS's own
	// IOS-Self-Signed-Certificate-N names.
	Devices []string
	// Gateways are the devices' new CA-signed certificates. A self-signed
	// certificate of the store that names the same device (CN, DNS SAN or
	// unstructuredName, ignoring letter case) is replaced-by-ca when one
	// of these is issued, by signature, by a CA in the same store.
	Gateways []*x509.Certificate
	// Own are CUCM's own certificates (CallManager, tomcat, ...). A copy
	// of one in a trust store is kept, and a CA that issued one is used.
	Own []*x509.Certificate
	// List is the parsed `show cert list trust` text, or nil. With it,
	// files take CUCM's names (matched by store and by name without its
	// extension, ignoring letter case), a store counts what CUCM lists,
	// and listed certificates not given as files are reported.
	List *TrustList
}

// Action is one certificate the audit recommends deleting.
type Action struct {
	Code finding.Code
	// Store, File and Certificate say which certificate: its trust store,
	// its file name there (CUCM's, with Options.List) and the certificate.
	Store, File string
	Certificate *x509.Certificate
	// Reason is one line saying why.
	Reason string
	// Successor is the certificate that takes its place, when there is
	// one: the device's CA-signed certificate (replaced-by-ca), or the
	// copy CUCM keeps (subject-collision).
	Successor *x509.Certificate
	// Delete is where an engineer deletes the certificate by hand, on
	// CUCM's Certificate Management page: "OS Administration > Security >
	// Certificate Management > Find, filter by STORE, select FILE, Delete".
	// The store and file are written as x509text.Printable writes them.
	Delete string
	// CLI is the CUCM CLI line that deletes the certificate: "set cert
	// delete STORE FILE". Cisco's CLI reference documents set cert delete
	// UNIT NAME; that a trust certificate's unit is its store's name is not
	// confirmed there, which the documentation says once.
	CLI string
}

// StoreSummary counts a store's certificates before and after the plan.
type StoreSummary struct {
	Name string
	// Before counts the store's certificates: the files given, and with
	// Options.List those listed but not given. After is Before less the
	// actions.
	Before, After int
	// Files counts the files given; 0 for a store only the list names,
	// which is not audited.
	Files int
	// Heading is the line that opens the store's actions in the text
	// report: "CallManager-trust: 54 certificates, 52 to delete".
	Heading string
	// Count is the store's line in the counts that end the text report:
	// "CallManager-trust: 54 → 2 certificates", with why a store is not
	// audited, or how many of its actions wait for devices to move to
	// the CA.
	Count string
}

// Report is the audit: per store its counts, the actions and the
// findings, each in store order, then file order.
type Report struct {
	Stores   []StoreSummary
	Actions  []Action
	Findings []Finding
	// Notes say what reading the stores skipped or noticed (a file
	// holding several certificates, a folder that is no store), then,
	// when the plan recommends deleting, that nothing was deleted or
	// changed. One line each.
	Notes []string
}

// auditStores checks each store and returns the deletion plan. Nothing is
// deleted: the plan is advice for an engineer. Each certificate gets at
// most one action, the first that applies of: duplicate (the second and
// later file holding the same DER), kept as CUCM's own (Options.Own),
// expired, subject-collision (the copy CUCM would not keep: it keeps the
// one that starts later), replaced-by-ca, self-signed-device, not-a-ca.
//
// A self-signed certificate is a device's when it has no CA flag, or by
// the device rule (internal/verdict): it issued nothing given and names
// a device, by IOS's IOS-Self-Signed-Certificate-N CN or by a name of
// Options.Devices or of a gateway's certificate. IOS sets CA:TRUE on
// every self-signed certificate it makes, so the flag alone decides
// nothing.
//
// The findings are about the certificates the plan keeps (and the
// gateways' certificates it names as successors): the checks every
// certkit job makes (expired, not yet valid, expiring within
// Options.WarnWithin, a weak signature other than a self-signature, a key
// too small), CUCM's upload checks (a key over 4096 bits, a wildcard, an
// intermediate without its root), unused-ca and maybe-device.
//
// Subjects compare by meaning (letter case and spacing of string values
// aside), as chain building compares issuer names. Signatures are checked
// as internal/sigcheck.SignedBy checks them, on every core:
// each certificate once for being self-signed, and against the CAs of the
// stores named as its issuer.
func auditStores(stores []*trustStore, opts Options) (*Report, error) {
	rep, _, err := audit(stores, opts)
	return rep, err
}

// audit is auditStores, with the auditor for the benchmarks' figures.
func audit(stores []*trustStore, opts Options) (*Report, *auditor, error) {
	at := opts.At
	if at.IsZero() {
		at = time.Now()
	}
	for i, s := range stores {
		if s == nil {
			return nil, nil, fmt.Errorf("cucm: store %d of %d is nil", i+1, len(stores))
		}
		for j, e := range s.Entries {
			if e.Certificate == nil {
				return nil, nil, fmt.Errorf("cucm: %s: entry %d (%s) has no certificate", s.Name, j+1, e.File)
			}
		}
	}
	a := &auditor{opts: opts, at: at, check: verdict.Options{At: at, WarnWithin: opts.WarnWithin}, stores: applyList(stores, opts.List)}
	a.facts()
	rep := &Report{}
	for _, s := range a.stores {
		actions, findings := a.store(s)
		listed := opts.List.inStore(s.Name)
		notGiven, notListed := compareList(s, listed)
		before := len(s.Entries) + len(notGiven)
		rep.Stores = append(rep.Stores, StoreSummary{Name: s.Name, Before: before, After: before - len(actions), Files: len(s.Entries)})
		rep.Actions = append(rep.Actions, actions...)
		rep.Findings = append(rep.Findings, findings...)
		if len(notGiven) > 0 {
			rep.Findings = append(rep.Findings, newFinding(codeListedNotGiven, finding.Warning, s.Name, "", nil, fmt.Sprintf("CUCM lists %d certificate(s) of %s that were not given as files, so they are not audited: %s; download them from Certificate Management to audit them",
				len(notGiven), s.Name, someOf(notGiven))))
		}
		for _, f := range notListed {
			rep.Findings = append(rep.Findings, newFinding(codeNotListed, finding.Info, s.Name, f, nil, fmt.Sprintf("%s/%s was given, but `show cert list trust` does not list it: deleted since, or the list is from another node", s.Name, f)))
		}
	}
	// Stores the list names but no file was given for.
	for _, name := range listOnlyStores(a.stores, opts.List) {
		listed := opts.List.inStore(name)
		rep.Stores = append(rep.Stores, StoreSummary{Name: name, Before: len(listed), After: len(listed)})
		var files []string
		for _, e := range listed {
			files = append(files, e.File)
		}
		rep.Findings = append(rep.Findings, newFinding(codeListedNotGiven, finding.Warning, name, "", nil, fmt.Sprintf("CUCM lists %d certificate(s) of %s and none was given as a file, so the store is not audited: %s", len(listed), name, someOf(files))))
	}
	rep.Findings = append(rep.Findings, a.unused()...)
	rep.Findings = append(rep.Findings, a.successorChecks()...)
	rep.fill()
	return rep, a, nil
}

// auditor holds what Audit knows across stores.
type auditor struct {
	opts   Options
	at     time.Time
	check  verdict.Options
	stores []*trustStore
	// every distinct certificate (by DER): store entries, gateways, own.
	certs []*x509.Certificate
	index map[string]int // DER -> position in certs
	self  []bool         // self-signed
	// issuers[i] are the positions of the CA certificates of the stores
	// that signed certs[i] (not counting itself).
	issuers [][]int
	// issuedAny[i] is set when certs[i] signed some other certificate.
	issuedAny []bool
	own       map[string]bool // DER of Options.Own
	ownKeys   map[string]bool // subject + public key of Options.Own
	// device[i] is set for a store certificate that is a device's: self-
	// signed, and a leaf or a device by verdict.Device.
	device []bool
	// gatewaysByHost indexes Options.Gateways (leaves only) by the host
	// part of each name they give (verdict.HostKey), gatewayNames their names.
	gatewaysByHost map[string][]*x509.Certificate
	gatewayNames   map[*x509.Certificate][]string
	gatewayPos     map[*x509.Certificate]int
	// successors are the gateways' certificates the plan names, in order.
	successors []*x509.Certificate
	// checks counts the signature checks made.
	checks atomic.Int64
	// keptCA holds the DER of the store CAs some store keeps.
	keptCA map[string]bool
}

// facts gathers, in parallel, whether each certificate is self-signed
// and which store CAs signed it.
func (a *auditor) facts() {
	a.index = make(map[string]int)
	var isStore []bool
	add := func(c *x509.Certificate, inStore bool) {
		if i, ok := a.index[string(c.Raw)]; ok {
			isStore[i] = isStore[i] || inStore
			return
		}
		a.index[string(c.Raw)] = len(a.certs)
		a.certs = append(a.certs, c)
		isStore = append(isStore, inStore)
	}
	for _, s := range a.stores {
		for _, e := range s.Entries {
			add(e.Certificate, true)
		}
	}
	a.own = make(map[string]bool)
	a.ownKeys = make(map[string]bool)
	for _, c := range a.opts.Own {
		if c != nil {
			add(c, false)
			a.own[string(c.Raw)] = true
			a.ownKeys[string(c.RawSubject)+"\x00"+string(c.RawSubjectPublicKeyInfo)] = true
		}
	}
	for _, c := range a.opts.Gateways {
		if c != nil {
			add(c, false)
		}
	}
	// CA certificates, by subject: the issuer candidates. Those of the
	// stores count for the store rules (the callers check membership);
	// those given link the certificates given to the store CAs. As in
	// chains, the certrole.MaxCandidates likeliest by name are checked.
	var names certrole.Index
	for i, c := range a.certs {
		if !certrole.EndEntity(c) {
			names.Add(i, c)
		}
	}
	a.self = make([]bool, len(a.certs))
	a.issuers = make([][]int, len(a.certs))
	par.For(len(a.certs), 16, func(i int) {
		c := a.certs[i]
		if isStore[i] {
			a.checks.Add(1)
			a.self[i] = sigcheck.SelfSigned(c)
		}
		if a.self[i] {
			return
		}
		// Candidates by the issuer's bytes, else by its meaning.
		cands, _ := names.Issuers(c, i, certrole.MaxCandidates, func(j int) bool { return j == i })
		var found *x509.Certificate
		for _, j := range cands {
			if certrole.Worth(found, a.certs[j]) {
				a.checks.Add(1)
				if ok, _ := sigcheck.SignedBy(c, a.certs[j]); ok {
					a.issuers[i] = append(a.issuers[i], j)
					found = a.certs[j]
				}
			}
		}
	})
	a.gatewaysByHost = make(map[string][]*x509.Certificate)
	a.gatewayNames = make(map[*x509.Certificate][]string)
	for _, g := range a.opts.Gateways {
		if g == nil || !certrole.EndEntity(g) || a.gatewayNames[g] != nil {
			continue
		}
		names := verdict.DeviceNames(g)
		a.gatewayNames[g] = names
		seen := map[string]bool{}
		for _, n := range names {
			if k := verdict.HostKey(n); !seen[k] {
				seen[k] = true
				a.gatewaysByHost[k] = append(a.gatewaysByHost[k], g)
			}
		}
	}
	a.issuedAny = make([]bool, len(a.certs))
	for _, is := range a.issuers {
		for _, j := range is {
			a.issuedAny[j] = true
		}
	}
	// The devices certkit knows of: Options.Devices, the gateways'
	// certificates, and the self-signed device certificates without the
	// CA flag among the stores.
	known := verdict.NewDeviceIndex(a.opts.Devices...)
	for _, names := range a.gatewayNames {
		known.Add(names...)
	}
	for i, c := range a.certs {
		if isStore[i] && a.self[i] && certrole.EndEntity(c) {
			known.Add(verdict.DeviceNames(c)...)
		}
	}
	a.device = make([]bool, len(a.certs))
	for i, c := range a.certs {
		if isStore[i] && a.self[i] {
			a.device[i] = certrole.EndEntity(c) || verdict.Device(c, true, a.issuedAny[i], known.Candidates(c))
		}
	}
}

func (a *auditor) pos(c *x509.Certificate) int { return a.index[string(c.Raw)] }

func (a *auditor) isOwn(c *x509.Certificate) bool {
	return a.own[string(c.Raw)] || a.ownKeys[string(c.RawSubject)+"\x00"+string(c.RawSubjectPublicKeyInfo)]
}

// store decides the action of each entry of s, then the findings about
// the entries it keeps.
func (a *auditor) store(s *trustStore) ([]Action, []Finding) {
	action := make([]*Action, len(s.Entries))
	set := func(i int, code finding.Code, reason string, successor *x509.Certificate) {
		e := s.Entries[i]
		action[i] = &Action{Code: code, Store: s.Name, File: e.File, Certificate: e.Certificate, Reason: x509text.Printable(reason), Successor: successor}
	}
	// Duplicates: the first file of each DER stays.
	first := make(map[string]int)
	for i, e := range s.Entries {
		if j, ok := first[string(e.Certificate.Raw)]; ok {
			set(i, codeDuplicate, fmt.Sprintf("the same certificate (same SHA-256) as %s; CUCM needs one copy at most, so this one can go whatever becomes of that one", s.Entries[j].File), nil)
			continue
		}
		first[string(e.Certificate.Raw)] = i
	}
	own := make([]bool, len(s.Entries))
	for i, e := range s.Entries {
		if action[i] == nil && a.isOwn(e.Certificate) {
			own[i] = true
		}
	}
	// Expired.
	for i, e := range s.Entries {
		if action[i] == nil && !own[i] && a.at.After(e.Certificate.NotAfter) {
			set(i, finding.CodeExpired, fmt.Sprintf("expired on %s; Cisco's Security Guide (12.5(1)SU6 and later) says expired trust certificates are not carried over on an upgrade to 12.5(1)SU6, 14SU2 or later, so the upgrade drops it anyway",
				day(e.Certificate.NotAfter)), nil)
		}
	}
	// Subject collisions among what is left: the copy that starts later
	// stays, as it would win an upload.
	bySubject := make(map[string][]int)
	var subjects []string
	for i, e := range s.Entries {
		if action[i] != nil {
			continue
		}
		k := dnkey.Of(e.Certificate.RawSubject)
		if bySubject[k] == nil {
			subjects = append(subjects, k)
		}
		bySubject[k] = append(bySubject[k], i)
	}
	for _, k := range subjects {
		group := bySubject[k]
		if len(group) < 2 {
			continue
		}
		keep := group[0]
		for _, i := range group[1:] {
			if own[i] && !own[keep] || own[i] == own[keep] && later(s.Entries[i].Certificate, s.Entries[keep].Certificate) {
				keep = i
			}
		}
		kc := s.Entries[keep].Certificate
		for _, i := range group {
			if i == keep || own[i] {
				continue
			}
			c := s.Entries[i].Certificate
			how := "it starts later"
			if c.NotBefore.Equal(kc.NotBefore) {
				how = "both start on the same day; certkit keeps the one that expires later (CUCM's choice between equal start dates is not documented)"
			}
			set(i, codeSubjectCollision, fmt.Sprintf("shares its subject with %s; CUCM keeps one certificate per subject, the one that starts later: %s (valid from %s) stays, this one (valid from %s) goes (%s)",
				s.Entries[keep].File, s.Entries[keep].File, day(kc.NotBefore), day(c.NotBefore), how), kc)
		}
	}
	// CAs this store keeps, for the successor check.
	keptCA := make(map[int]bool)
	for i, e := range s.Entries {
		if action[i] == nil && !certrole.EndEntity(e.Certificate) {
			keptCA[a.pos(e.Certificate)] = true
		}
	}
	// Device certificates: self-signed without the CA flag, or with it
	// (as IOS makes them all) by the device rule.
	for i, e := range s.Entries {
		c := e.Certificate
		if action[i] != nil || own[i] {
			continue
		}
		p := a.pos(c)
		switch {
		case a.device[p]:
			self := "self-signed"
			if !certrole.EndEntity(c) {
				self = "self-signed (CA:TRUE, but it issued nothing given)"
			}
			if g, ca := a.successor(c, keptCA); g != nil {
				a.successors = append(a.successors, g)
				set(i, codeReplacedByCA, fmt.Sprintf("%s; %s now has a CA-signed certificate (%s, valid from %s) issued by %s, which is in %s: delete this once the device uses it",
					self, deviceName(c, g), x509text.Describe(g), day(g.NotBefore), x509text.Describe(ca), s.Name), g)
			} else if verdict.Device(c, true, false, nil) && len(verdict.DeviceNames(c)) == 1 {
				// IOS's own CN and no other name: no certificate given
				// can be told to be its device's.
				set(i, codeSelfSignedDevice, "IOS's own self-signed certificate, whose name (IOS-Self-Signed-Certificate-N) names no host, so no certificate given (--gateways) can be matched to it: move the device to a CA certificate, then delete this", nil)
			} else {
				set(i, codeSelfSignedDevice, "self-signed device certificate with no CA-signed successor given (--gateways): move the device to a CA certificate, then delete this; if it is a CUCM node's own certificate, keep it (give CUCM's certificates as own to tell)", nil)
			}
		case certrole.EndEntity(c) && !a.issuedWithin(p, keptCA):
			set(i, codeNotACA, fmt.Sprintf("an end-entity certificate issued by %s, which is not in %s, so it anchors no chain; CUCM trusts a CA-signed device through its CA: upload the CA instead, if it is still needed",
				x509text.Issuer(c), s.Name), nil)
		}
	}
	var actions []Action
	var findings []Finding
	var maybe []string
	for i, e := range s.Entries {
		if action[i] != nil {
			actions = append(actions, *action[i])
			continue
		}
		c := e.Certificate
		if !certrole.EndEntity(c) {
			if a.keptCA == nil {
				a.keptCA = make(map[string]bool)
			}
			a.keptCA[string(c.Raw)] = true
			if p := a.pos(c); a.self[p] && !a.issuedAny[p] && !own[i] && c.KeyUsage&x509.KeyUsageCertSign == 0 {
				maybe = append(maybe, e.File)
			}
		}
		findings = append(findings, a.uploadChecks(s, e, keptCA)...)
	}
	if len(maybe) > 0 {
		findings = append(findings, newFinding(codeMaybeDevice, finding.Info, s.Name, "", nil, fmt.Sprintf("%s keeps %d self-signed certificate(s) with CA:TRUE, no keyCertSign usage, that issued nothing given (%s): IOS makes its self-signed certificates so; if they are devices', name the devices (--hostname) or give their new certificates (--gateways)",
			s.Name, len(maybe), someOf(maybe))))
	}
	return actions, findings
}

// later reports whether c wins over k in CUCM's one-per-subject rule: a
// later start date, else (not documented) the later expiry.
func later(c, k *x509.Certificate) bool {
	if !c.NotBefore.Equal(k.NotBefore) {
		return c.NotBefore.After(k.NotBefore)
	}
	return c.NotAfter.After(k.NotAfter)
}

// successor returns the gateway certificate that names the same device as
// c (verdict.SameDevice) and is issued by a CA among kept (positions),
// with that CA. Gateways are tried in the order given.
func (a *auditor) successor(c *x509.Certificate, kept map[int]bool) (*x509.Certificate, *x509.Certificate) {
	var best *x509.Certificate
	var bestCA *x509.Certificate
	bestAt := -1
	for _, n := range verdict.DeviceNames(c) {
		for _, g := range a.gatewaysByHost[verdict.HostKey(n)] {
			if g.Equal(c) || a.at.After(g.NotAfter) || !namesDevice(a.gatewayNames[g], n) {
				continue
			}
			for _, j := range a.issuers[a.pos(g)] {
				if !kept[j] {
					continue
				}
				if at := a.gatewayOrder(g); bestAt < 0 || at < bestAt {
					best, bestCA, bestAt = g, a.certs[j], at
				}
				break
			}
		}
	}
	return best, bestCA
}

// gatewayOrder is g's position among Options.Gateways.
func (a *auditor) gatewayOrder(g *x509.Certificate) int {
	if a.gatewayPos == nil {
		a.gatewayPos = make(map[*x509.Certificate]int)
		for i, x := range a.opts.Gateways {
			if _, ok := a.gatewayPos[x]; !ok {
				a.gatewayPos[x] = i
			}
		}
	}
	return a.gatewayPos[g]
}

// issuedWithin reports whether a CA among kept signed certs[p].
func (a *auditor) issuedWithin(p int, kept map[int]bool) bool {
	for _, j := range a.issuers[p] {
		if kept[j] {
			return true
		}
	}
	return false
}

// namesDevice reports whether one of names names the device n names.
func namesDevice(names []string, n string) bool {
	for _, g := range names {
		if verdict.SameDevice(g, n) {
			return true
		}
	}
	return false
}

// uploadChecks reports, for a certificate the store keeps, what every
// certkit job checks (internal/verdict: validity at Options.At, a weak
// signature unless it is the certificate's own self-signature, a key too
// small) and what CUCM refuses on upload.
func (a *auditor) uploadChecks(s *trustStore, e storeEntry, keptCA map[int]bool) []Finding {
	c := e.Certificate
	p := a.pos(c)
	where := s.Name + "/" + e.File
	var fs []Finding
	for _, f := range a.verdicts(c, a.self[p]) {
		fs = append(fs, newFinding(f.Code, f.Severity, s.Name, e.File, c, where+": "+f.Message))
	}
	add := func(code finding.Code, format string, args ...any) {
		fs = append(fs, newFinding(code, finding.Warning, s.Name, e.File, c, fmt.Sprintf("%s (%s) ", where, x509text.Describe(c))+fmt.Sprintf(format, args...)))
	}
	if k, ok := c.PublicKey.(*rsa.PublicKey); ok && k.N.BitLen() > cucmrule.MaxRSABits {
		add(finding.CodeKeyTooLarge, "has a %d-bit key; CUCM takes at most %d bits, so it could not be uploaded again", k.N.BitLen(), cucmrule.MaxRSABits)
	}
	if n, ok := cucmrule.Wildcard(append([]string{c.Subject.CommonName}, c.DNSNames...)); ok {
		add(finding.CodeWildcard, "names %q; CUCM does not support wildcard certificates", n)
	}
	if !certrole.EndEntity(c) && !a.self[p] && !a.reachesRoot(p, keptCA) {
		add(codeNoRoot, "is an intermediate CA, and its root (%s) is not in %s; CUCM wants the root uploaded first", x509text.Issuer(c), s.Name)
	}
	return fs
}

// verdicts are internal/verdict's checks of one certificate at the
// audit's time: validity, its signature (none when it is self-signed)
// and its key.
func (a *auditor) verdicts(c *x509.Certificate, selfSigned bool) []finding.Finding {
	var out []finding.Finding
	out = append(out, verdict.Validity(c, a.check)...)
	out = append(out, verdict.Signature(c, selfSigned)...)
	return append(out, verdict.Key(c)...)
}

// successorChecks are the checks of the gateways' certificates the plan
// names as successors, each once: the devices move to them.
func (a *auditor) successorChecks() []Finding {
	var fs []Finding
	seen := map[*x509.Certificate]bool{}
	for _, g := range a.successors {
		if seen[g] {
			continue
		}
		seen[g] = true
		for _, f := range a.verdicts(g, false) {
			fs = append(fs, newFinding(f.Code, f.Severity, "", "", g, "the new certificate "+f.Message))
		}
	}
	return fs
}

// reachesRoot reports whether certs[p]'s issuers among kept lead to a
// self-signed one.
func (a *auditor) reachesRoot(p int, kept map[int]bool) bool {
	seen := map[int]bool{p: true}
	todo := []int{p}
	for len(todo) > 0 {
		q := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		for _, j := range a.issuers[q] {
			if !kept[j] || seen[j] {
				continue
			}
			if a.self[j] {
				return true
			}
			seen[j] = true
			todo = append(todo, j)
		}
	}
	return false
}

// unused reports the store CAs the plan keeps that issued none of the
// given certificates, directly or through a CA that did. Without
// gateways or own certificates there is nothing to measure use by, and it
// reports nothing.
func (a *auditor) unused() []Finding {
	if len(a.opts.Gateways) == 0 && len(a.opts.Own) == 0 {
		return nil
	}
	used := make(map[int]bool)
	var todo []int
	for _, c := range append(append([]*x509.Certificate{}, a.opts.Gateways...), a.opts.Own...) {
		if c != nil {
			todo = append(todo, a.pos(c))
		}
	}
	for len(todo) > 0 {
		q := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		for _, j := range a.issuers[q] {
			if !used[j] {
				used[j] = true
				todo = append(todo, j)
			}
		}
	}
	var fs []Finding
	for _, s := range a.stores {
		seen := make(map[string]bool)
		for _, e := range s.Entries {
			c := e.Certificate
			if certrole.EndEntity(c) || !a.keptCA[string(c.Raw)] || used[a.pos(c)] || seen[string(c.Raw)] || a.isOwn(c) {
				continue
			}
			seen[string(c.Raw)] = true
			fs = append(fs, newFinding(codeUnusedCA, finding.Info, s.Name, e.File, c, fmt.Sprintf("%s/%s (%s) issued none of the certificates given (gateways, CUCM's own); CUCM may still need it, for phones or LDAP, so this is no reason alone to delete it",
				s.Name, e.File, x509text.Describe(c))))
		}
	}
	return fs
}

// deviceName is the first name of the successor g that names old's
// device (verdict.SameDevice), as g spells it.
func deviceName(old, g *x509.Certificate) string {
	names, gnames := verdict.DeviceNames(old), verdict.DeviceNames(g)
	for _, n := range gnames { // the same name first, in any letter case
		for _, o := range names {
			if strings.EqualFold(n, o) {
				return n
			}
		}
	}
	for _, n := range gnames {
		if namesDevice(names, n) {
			return n
		}
	}
	return x509text.Describe(g)
}

// applyList gives each entry the name `show cert list trust` gives its
// file, matched by store and by name without extension, ignoring case.
func applyList(stores []*trustStore, l *TrustList) []*trustStore {
	if l == nil {
		return stores
	}
	out := make([]*trustStore, len(stores))
	for i, s := range stores {
		listed := make(map[string]string)
		for _, e := range l.inStore(s.Name) {
			listed[stem(e.File)] = e.File
		}
		c := *s
		c.Entries = append([]storeEntry(nil), s.Entries...)
		for j := range c.Entries {
			if name, ok := listed[stem(c.Entries[j].File)]; ok {
				c.Entries[j].File = name
			}
		}
		out[i] = &c
	}
	return out
}

// compareList returns the listed files of s no entry matches, and the
// files of s the list does not hold (none without a list).
func compareList(s *trustStore, listed []listEntry) (notGiven, notListed []string) {
	if listed == nil {
		return nil, nil
	}
	have := make(map[string]bool)
	for _, e := range s.Entries {
		have[stem(e.File)] = true
	}
	inList := make(map[string]bool)
	for _, e := range listed {
		inList[stem(e.File)] = true
		if !have[stem(e.File)] {
			notGiven = append(notGiven, e.File)
		}
	}
	seen := make(map[string]bool)
	for _, e := range s.Entries {
		if !inList[stem(e.File)] && !seen[e.File] {
			seen[e.File] = true
			notListed = append(notListed, e.File)
		}
	}
	return notGiven, notListed
}

// listOnlyStores returns the stores the list names that no store given
// is, in list order.
func listOnlyStores(stores []*trustStore, l *TrustList) []string {
	if l == nil {
		return nil
	}
	given := make(map[string]bool)
	for _, s := range stores {
		given[strings.ToLower(s.Name)] = true
	}
	var out []string
	for _, e := range l.entries {
		if k := strings.ToLower(e.Store); !given[k] {
			given[k] = true
			out = append(out, e.Store)
		}
	}
	return out
}

// stem is a file name without its extension, lower case.
func stem(name string) string {
	name = strings.ToLower(name)
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	return name
}

// describe names a certificate in a message as pkg/cisco does.

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

// fill writes what the front ends show of each action and store: where
// to delete it (Action.Delete, Action.CLI) and the store's lines of the
// text report (StoreSummary.Heading, StoreSummary.Count).
func (r *Report) fill() {
	for i := range r.Actions {
		r.Actions[i].Delete, r.Actions[i].CLI = r.Actions[i].guiPath(), r.Actions[i].cliLine()
	}
	for i := range r.Stores {
		r.Stores[i].Heading, r.Stores[i].Count = r.heading(r.Stores[i]), r.countLine(r.Stores[i])
	}
}
