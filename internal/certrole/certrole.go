// Package certrole holds certkit's one rule for what a certificate is: a
// root, an intermediate or a leaf. pkg/convert (convert.IsLeaf, the
// NoLeaf option), pkg/chain (the roles of every chain Order builds),
// pkg/cisco and cmd/certkit all take roles from it (Of, InSet), so that
// every command labels a certificate alike.
//
// The rule:
//
//   - A certificate is a CA when its Basic Constraints say cA=TRUE, or
//     when it is a version 1 or 2 certificate whose subject is its issuer
//     (a version 1 certificate has no extensions to say so, and old roots
//     are version 1), or when it signed another certificate of the set it
//     came in, as its own key proves (old PKIs ran version 1 CAs, and a
//     certificate that issued another acts as a CA whatever its flags say;
//     chain.Order also warns when its CA flag is missing).
//   - A CA whose own key verifies its signature is a root; any other CA is
//     an intermediate.
//   - A self-signed certificate that issued nothing and that the device
//     rule (internal/verdict.Device) calls a device's is a leaf, whatever
//     its CA flag says: IOS sets CA:TRUE on every self-signed certificate
//     it makes. Alone, only IOS's default name
//     IOS-Self-Signed-Certificate-N says so; chain.Order also knows the
//     names of the set's device certificates and Options.Devices.
//   - Every other certificate is a leaf, including a version 1 end-entity
//     certificate and a self-signed end-entity certificate (a version 3
//     certificate without cA=TRUE that signed nothing, as an IOS gateway or
//     CUCM may make for itself).
package certrole

import (
	"bytes"
	"crypto/x509"
	"sync/atomic"

	"github.com/voicepki/certkit/internal/par"
	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/verdict"
)

// The roles, as chain.Role spells them.
const (
	Root         = "root"
	Intermediate = "intermediate"
	Leaf         = "leaf"
)

// MarkedCA reports whether c says by its own content that it is a CA:
// cA=TRUE in Basic Constraints, or a version 1 or 2 certificate that is
// self-issued.
func MarkedCA(c *x509.Certificate) bool {
	if c.BasicConstraintsValid && c.IsCA {
		return true
	}
	return c.Version < 3 && bytes.Equal(c.RawSubject, c.RawIssuer)
}

// EndEntity reports whether c is an end-entity certificate by its
// content alone: not marked as a CA by Basic Constraints, and not a
// version 1 self-issued root (which has no extensions to say so). A
// self-signed end-entity certificate is one. A nil certificate is not.
// Where c comes with other certificates, Leaves also counts as a CA a
// certificate that signed another of them, as old version 1 CAs did.
func EndEntity(c *x509.Certificate) bool {
	return c != nil && !MarkedCA(c)
}

// Leaves reports, for each of certs, whether it is a leaf of the set
// certs form: EndEntity, and its key verifies the signature of none of
// the others. chain.Roles gives the same certificates the role "leaf".
// convert.Encode's NoLeaf leaves these out.
func Leaves(certs []*x509.Certificate) []bool {
	issued := Issued(certs)
	out := make([]bool, len(certs))
	for i, c := range certs {
		out[i] = EndEntity(c) && !issued[i]
	}
	return out
}

// Of returns c's role; issued says c signed another certificate of its
// set. A nil certificate has no role ("").
func Of(c *x509.Certificate, issued bool) string {
	switch {
	case c == nil:
		return ""
	case !issued && !MarkedCA(c):
		return Leaf
	}
	self := sigcheck.Certificate(c, c)
	if !issued && verdict.Device(c, self, false, nil) {
		// IOS's own self-signed certificate, CA:TRUE as IOS makes them all.
		return Leaf
	}
	return Classify(true, self)
}

// Classify returns the role of a certificate that is a CA or not (MarkedCA,
// or it issued another of its set) and that its own key verifies or not,
// for callers that know both already.
func Classify(ca, selfSigned bool) string {
	switch {
	case !ca:
		return Leaf
	case selfSigned:
		return Root
	}
	return Intermediate
}

// Issued reports, for each of certs, whether its key verifies the
// signature of another certificate of certs (not a copy of itself).
// Candidates are found as the chain graph finds them (Index): the
// certificates whose subject name is the child's issuer name, byte for
// byte or by dnkey.Of, the MaxCandidates likeliest by key identifier; once
// one verifies, only those with its key are checked (Worth). The cost is
// at most MaxCandidates signature checks per certificate, whatever the
// names, made on every core.
func Issued(certs []*x509.Certificate) []bool {
	return issuedBy(certs, sigcheck.Certificate)
}

// issuedBy is Issued with check as the signature check.
func issuedBy(certs []*x509.Certificate, check func(child, parent *x509.Certificate) bool) []bool {
	// Copies are looked at once: the first stands for the others.
	first := make([]int, len(certs))
	seen := make(map[string]int, len(certs))
	var x Index
	for i, c := range certs {
		first[i] = i
		if c == nil {
			continue
		}
		if j, ok := seen[string(c.Raw)]; ok {
			first[i] = j
			continue
		}
		seen[string(c.Raw)] = i
		x.Add(i, c)
	}
	done := make([]atomic.Bool, len(certs)) // issued another
	par.For(len(certs), 64, func(i int) {
		child := certs[i]
		if child == nil || first[i] != i {
			return
		}
		cands, _ := x.Issuers(child, i, MaxCandidates, func(j int) bool { return j == i })
		var found *x509.Certificate
		for _, j := range cands {
			if !done[j].Load() && Worth(found, certs[j]) && check(child, certs[j]) {
				done[j].Store(true)
				found = certs[j]
			}
		}
	})
	out := make([]bool, len(certs))
	for i := range certs {
		out[i] = done[first[i]].Load()
	}
	return out
}

// InSet returns the role of each of certs within the set they form.
func InSet(certs []*x509.Certificate) []string {
	issued := Issued(certs)
	out := make([]string, len(certs))
	for i, c := range certs {
		out[i] = Of(c, issued[i])
	}
	return out
}
