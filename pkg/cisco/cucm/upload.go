package cucm

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"strings"

	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/dnkey"
	"github.com/voicepki/certkit/internal/par"
	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
)

// checkUpload checks an upload plan (Plan's steps) against the
// trust store it uploads into, as it is now. For each step whose purpose
// is the store it says:
//
//   - already-present (info): the store holds the same certificate, so
//     the step can be skipped;
//   - subject-collision (warning): the store holds another certificate of
//     the same subject, such as the old copy of a CA that AD CS re-keyed.
//     CUCM keeps one certificate per subject and an upload replaces the one
//     there only if it starts later, so it says which copy CUCM keeps and,
//     when that is the old one, to delete it before the step;
//
// and, about the store's self-signed device certificates, which the new
// CA makes redundant once the devices move to it: with gateways (their
// CA-signed certificates), each one whose device has a certificate issued,
// by signature, by a CA of the plan (replaced-by-ca, info); without, how
// many there are (self-signed-device, info).
//
// When no step uploads into the store (the folder of another store was
// given), it returns an error naming both.
func checkUpload(steps []Step, store *trustStore, gateways []*x509.Certificate) ([]Finding, error) {
	if store == nil {
		return nil, fmt.Errorf("cucm: no store to check the plan against")
	}
	var fs []Finding
	var planCAs []*x509.Certificate
	used := false
	for _, st := range steps {
		if st.Certificate == nil || !strings.EqualFold(st.Purpose, store.Name) {
			continue
		}
		used = true
		c := st.Certificate
		if !certrole.EndEntity(c) {
			planCAs = append(planCAs, c)
		}
		if f, ok := compareStep(st, store); ok {
			fs = append(fs, f)
		}
	}
	if !used {
		var purposes []string
		for _, st := range steps {
			purposes = append(purposes, st.Purpose)
		}
		return nil, fmt.Errorf("cucm: the store given is %s, but the plan uploads to %s: give that store's folder", store.Name, strings.Join(unique(purposes), " and "))
	}
	return append(fs, redundant(store, planCAs, gateways)...), nil
}

// compareStep compares one step with the store's certificates.
func compareStep(st Step, store *trustStore) (Finding, bool) {
	c := st.Certificate
	for _, e := range store.Entries {
		if e.Certificate.Equal(c) {
			return newFinding(codeAlreadyPresent, finding.Info, store.Name, e.File, c, fmt.Sprintf("step %d, %s, is already in %s as %s (same certificate): skip the step", st.Number, x509text.Describe(c), store.Name, e.File)), true
		}
	}
	name := dnkey.Of(c.RawSubject)
	for _, e := range store.Entries {
		old := e.Certificate
		if dnkey.Of(old.RawSubject) != name {
			continue
		}
		rekeyed := ""
		if !bytes.Equal(old.RawSubjectPublicKeyInfo, c.RawSubjectPublicKeyInfo) {
			rekeyed = fmt.Sprintf("; the two have different keys (a re-keyed CA), so certificates issued by the key of %s are no longer trusted once it is gone: move those devices first, or give the renewed CA a distinct name (such as a -G2 suffix), which avoids the collision", e.File)
		}
		var msg string
		if c.NotBefore.After(old.NotBefore) {
			msg = fmt.Sprintf("step %d, %s, shares its subject with %s in %s; CUCM keeps one certificate per subject and replaces the one there only with one that starts later: step %d (valid from %s) starts after %s (valid from %s), so it replaces it%s",
				st.Number, x509text.Describe(c), e.File, store.Name, st.Number, day(c.NotBefore), e.File, day(old.NotBefore), rekeyed)
		} else {
			msg = fmt.Sprintf("step %d, %s, shares its subject with %s in %s; CUCM keeps one certificate per subject and replaces the one there only with one that starts later: step %d (valid from %s) does not start after %s (valid from %s), so CUCM keeps %s and does not upload step %d: delete %s from %s before step %d%s",
				st.Number, x509text.Describe(c), e.File, store.Name, st.Number, day(c.NotBefore), e.File, day(old.NotBefore), e.File, st.Number, e.File, store.Name, st.Number, rekeyed)
		}
		return newFinding(codeSubjectCollision, finding.Warning, store.Name, e.File, old, msg), true
	}
	return Finding{}, false
}

// redundant reports the store's self-signed device certificates that the
// plan's CAs make redundant: those without the CA flag, and those with it
// that the device rule (internal/verdict) makes a device's, by IOS's own
// CN or by a gateway's name, when they issued nothing given.
func redundant(store *trustStore, planCAs, gateways []*x509.Certificate) []Finding {
	known := verdict.NewDeviceIndex()
	for _, g := range gateways {
		if g != nil && certrole.EndEntity(g) {
			known.Add(verdict.DeviceNames(g)...)
		}
	}
	// A certificate with the CA flag is worth a signature check only
	// when it would name a device.
	maybe := make([]bool, len(store.Entries))
	for i, e := range store.Entries {
		c := e.Certificate
		maybe[i] = certrole.EndEntity(c) || verdict.Device(c, true, false, known.Candidates(c))
	}
	device := make([]bool, len(store.Entries))
	par.For(len(store.Entries), 16, func(i int) {
		c := store.Entries[i].Certificate
		if !maybe[i] || !sigcheck.SelfSigned(c) {
			return
		}
		device[i] = certrole.EndEntity(c) || !issuedAny(c, store, planCAs, gateways)
	})
	var devices []storeEntry
	for i, e := range store.Entries {
		if device[i] {
			devices = append(devices, e)
		}
	}
	if len(devices) == 0 || len(planCAs) == 0 {
		return nil
	}
	// Gateways issued by a CA of the plan.
	var issued []*x509.Certificate
	for _, g := range gateways {
		if g == nil {
			continue
		}
		for _, ca := range planCAs {
			if ok, _ := sigcheck.SignedBy(g, ca); ok {
				issued = append(issued, g)
				break
			}
		}
	}
	var fs []Finding
	var rest []string
	issuedNames := make([][]string, len(issued))
	for i, g := range issued {
		issuedNames[i] = verdict.DeviceNames(g)
	}
	for _, e := range devices {
		var succ *x509.Certificate
		for i, g := range issued {
			for _, n := range verdict.DeviceNames(e.Certificate) {
				if namesDevice(issuedNames[i], n) {
					succ = g
					break
				}
			}
			if succ != nil {
				break
			}
		}
		if succ == nil {
			rest = append(rest, e.File)
			continue
		}
		fs = append(fs, newFinding(codeReplacedByCA, finding.Info, store.Name, e.File, e.Certificate, fmt.Sprintf("%s in %s is the self-signed certificate of %s, which now has a certificate from this CA (%s): delete it once the device uses that certificate",
			e.File, store.Name, deviceName(e.Certificate, succ), x509text.Describe(succ))))
	}
	if len(rest) > 0 {
		fs = append(fs, newFinding(codeSelfSignedDevice, finding.Info, store.Name, "", nil, fmt.Sprintf("%s holds %d self-signed device certificate(s) (%s): each becomes redundant once its device moves to a certificate from this CA; certkit cucm audit --gateways lists which", store.Name, len(rest), someOf(rest))))
	}
	return fs
}

// issuedAny reports whether the self-signed c signed another certificate
// of the store, of the plan or of the gateways (by name, then signature).
func issuedAny(c *x509.Certificate, store *trustStore, more ...[]*x509.Certificate) bool {
	subject := dnkey.Of(c.RawSubject)
	try := func(o *x509.Certificate) bool {
		if o == nil || o.Equal(c) || !bytes.Equal(o.RawIssuer, c.RawSubject) && dnkey.Of(o.RawIssuer) != subject {
			return false
		}
		ok, _ := sigcheck.SignedBy(o, c)
		return ok
	}
	for _, e := range store.Entries {
		if try(e.Certificate) {
			return true
		}
	}
	for _, list := range more {
		for _, o := range list {
			if try(o) {
				return true
			}
		}
	}
	return false
}

func unique(s []string) []string {
	var out []string
	seen := make(map[string]bool)
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// someOf lists the first few names, saying how many more there are.
func someOf(names []string) string {
	const most = 5
	if len(names) <= most {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:most], ", "), len(names)-most)
}

// checkStores checks the plan against the trust stores as they are now
// (PlanOptions.Stores): it reads them, takes the store the plan uploads
// to (or the only one read: checkUpload then says it is another store's),
// and adds what checkUpload finds, warnings to Warnings and the others
// to Notes, after the notes reading gave.
func (p *PlanResult) checkStores(sources []Source) error {
	stores, notes, err := readSources(sources)
	if err != nil {
		return err
	}
	var where []string
	for _, src := range sources {
		where = append(where, src.Where)
	}
	var store *trustStore
	for _, s := range stores {
		if strings.EqualFold(s.Name, p.Service.TrustStore) {
			store = s
		}
	}
	if store == nil && len(stores) == 1 {
		store = stores[0]
	}
	if store == nil {
		return fmt.Errorf("cucm: %s holds no %s folder, the store the plan uploads to", strings.Join(where, ", "), p.Service.TrustStore)
	}
	var gateways []*x509.Certificate
	if p.Device {
		gateways = append(gateways, p.Leaf)
	}
	found, err := checkUpload(p.Steps, store, gateways)
	if err != nil {
		return &sourceError{where: strings.Join(where, ", "), err: err}
	}
	p.Notes = append(p.Notes, notes...)
	for _, f := range found {
		if f.Severity >= finding.Warning {
			p.Warnings = append(p.Warnings, f.Finding)
		} else {
			p.Notes = append(p.Notes, string(f.Code)+": "+f.Message)
		}
	}
	return nil
}
