package cucm

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/voicepki/certkit/internal/testkit"
)

// testAt is the audit time of the tests.
var testAt = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// newKey makes a P-256 key.
var newKey = testkit.ECKey

// issue is testkit.Issue.
var issue = testkit.Issue

// makeCA makes a CA named cn under parent (self-signed when nil).
func makeCA(t testing.TB, cn string, parent *testCA) *testCA {
	t.Helper()
	k := newKey(t)
	return &testCA{Cert: issue(t, &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"Example Voice"}},
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true, IsCA: true,
	}, k.Public(), parent, k), Key: k}
}

// makeLeaf makes a device certificate named cn with the DNS SANs, under
// parent, or self-signed when parent is nil.
func makeLeaf(t testing.TB, cn string, dns []string, parent *testCA) *x509.Certificate {
	t.Helper()
	k := newKey(t)
	return issue(t, &x509.Certificate{
		Subject:     pkix.Name{CommonName: cn},
		DNSNames:    dns,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}, k.Public(), parent, k)
}

// storeOf builds a store from name/certificate pairs.
func storeOf(name string, files ...any) *trustStore {
	s := &trustStore{Name: name}
	for i := 0; i < len(files); i += 2 {
		s.Entries = append(s.Entries, storeEntry{Store: name, File: files[i].(string), Certificate: files[i+1].(*x509.Certificate)})
	}
	return s
}

// actionsOf lists a report's actions as "store/file code", sorted.
func actionsOf(r *Report) []string {
	var out []string
	for _, a := range r.Actions {
		out = append(out, a.Store+"/"+a.File+" "+string(a.Code))
	}
	sort.Strings(out)
	return out
}

// findingsOf lists a report's findings as "code store/file".
func findingsOf(r *Report) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, string(f.Code)+" "+f.Store+"/"+f.File)
	}
	return out
}

// ignoreLines leaves out of a comparison of store counts the lines of
// the text report written from them (StoreSummary.Heading and Count),
// which the text tests check.
var ignoreLines = cmpopts.IgnoreFields(StoreSummary{}, "Heading", "Count")
