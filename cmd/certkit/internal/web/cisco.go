package web

import (
	"crypto/x509"
	"errors"
	"fmt"
	"strings"

	"github.com/voicepki/certkit/cmd/certkit/internal/chaintext"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/cisco/cucm"
	"github.com/voicepki/certkit/pkg/cisco/ios"
	"github.com/voicepki/certkit/pkg/csr"
	"github.com/voicepki/certkit/pkg/finding"
)

type pasteView struct {
	Trustpoint string   `json:"trustpoint"`
	Gateway    string   `json:"gateway,omitempty"`
	Issuer     string   `json:"issuer,omitempty"`
	Text       string   `json:"text,omitempty"`
	Warnings   []string `json:"warnings"`
	Notes      []string `json:"notes"`
	Error      string   `json:"error,omitempty"`
}

// paste is certkit issuer-for --ios TRUSTPOINT over every file: the one
// library call ios.Issuer, with the CLI's words for its errors.
func (a *analysis) paste() *pasteView {
	ch := a.req.Choices
	tp := strings.TrimSpace(ch.Trustpoint)
	r, err := ios.Issuer(a.inputs, ios.IssuerOptions{Trustpoint: tp, Hostname: strings.TrimSpace(ch.Hostname), At: a.now})
	if err != nil {
		v := &pasteView{Trustpoint: tp, Warnings: []string{}, Notes: []string{}}
		switch {
		case errors.Is(err, chain.ErrSeveralLeaves):
			v.Error = leafChoiceError(err).Error()
		case errors.Is(err, chain.ErrNoLeaf):
			v.Error = fmt.Sprintf("the files hold CA certificates only: give the gateway's certificate (the one the CA issued for %s) too", tp)
		default:
			v.Error = err.Error()
		}
		return v
	}
	return PasteView(tp, r)
}

// PasteView is what the page shows of ios.Issuer's result with a
// trustpoint: formatted, deciding nothing. certkit issuer-for --ios
// formats the same result; a test holds the two to each other.
func PasteView(tp string, r *ios.IssuerResult) *pasteView {
	v := &pasteView{Trustpoint: tp, Warnings: []string{}, Notes: []string{}}
	for _, f := range r.Findings {
		v.Warnings = append(v.Warnings, findingLine(f))
	}
	if r.Missing != nil {
		v.Error = chaintext.Advice(r.Missing)
		return v
	}
	v.Gateway, v.Issuer = x509text.Printable(r.Device.Subject.CommonName), x509text.Printable(r.Issuer.Subject.CommonName)
	if r.Paste != nil {
		v.Text = r.Paste.Text
	}
	v.Notes = append(v.Notes, r.Notes...)
	return v
}

type cucmView struct {
	Service  string      `json:"service"`
	Steps    []stepView  `json:"steps"`
	Warnings []string    `json:"warnings"`
	Notes    []string    `json:"notes"`
	Trunk    []trunkView `json:"trunk_subject"`
	// Gateway says, with a trunk subject, how CUCM trusts the gateway.
	Gateway string `json:"gateway,omitempty"`
	Error   string `json:"error,omitempty"`
}

type stepView struct {
	Number  int    `json:"step"`
	Purpose string `json:"purpose"`
	Subject string `json:"subject"`
	File    string `json:"file"`
	SHA256  string `json:"sha256"`
}

type trunkView struct {
	Name     string `json:"name"`
	Match    string `json:"match"`
	CaseOnly string `json:"case_only"`
	Field    string `json:"field"`
	Verdict  string `json:"verdict"` // what certkit cucm prints after the name
}

// plan is certkit cucm --service S [--hostname H] [--trunk-subject NAMES]
// over every file: cucm.Plan, with the chains at hand. Its errors
// are the CLI's, with the page's fields where the CLI names its flags.
func (a *analysis) plan() (*cucm.PlanResult, error) {
	ch := a.req.Choices
	var bundles [][]*x509.Certificate
	for _, res := range a.results {
		if res != nil && res.PKCS7() {
			bundles = append(bundles, res.Certificates)
		}
	}
	owner := cucm.OwnerAuto
	switch ch.Owner {
	case "cucm":
		owner = cucm.OwnerCUCM
	case "device":
		owner = cucm.OwnerDevice
	}
	plan, err := cucm.Plan(a.certs, cucm.PlanOptions{Service: ch.Service, PKCS7: bundles, Owner: owner, At: a.now,
		Hostname: strings.TrimSpace(ch.Hostname), TrunkSubject: ch.TrunkSubject, Chains: a.chains})
	switch {
	case errors.Is(err, chain.ErrSeveralLeaves):
		return nil, leafChoiceError(err)
	case errors.Is(err, chain.ErrNoLeaf):
		return nil, errors.New("cucm: the trunk subject needs the gateway's certificate among the files, and they hold CA certificates only")
	case err != nil:
		return nil, err
	}
	return plan, nil
}

// leafChoiceError is chain's *SeveralLeavesError as it is, with the
// page's hint where the CLI names its --hostname flag.
func leafChoiceError(err error) error {
	return errors.New(err.Error() + "; on this page, type the CN of one (what follows CN=), exactly as listed, as the hostname")
}

func (a *analysis) cucm() *cucmView {
	plan, err := a.plan()
	if err != nil {
		v := &cucmView{Steps: []stepView{}, Warnings: []string{}, Notes: []string{}, Trunk: []trunkView{}}
		v.Error = err.Error()
		return v
	}
	return CUCMView(plan)
}

// CUCMView is what the page shows of a CUCM plan: cucm.Plan'
// result, formatted, deciding nothing. certkit cucm formats the same
// result; a test holds the two to each other.
func CUCMView(plan *cucm.PlanResult) *cucmView {
	v := &cucmView{Steps: []stepView{}, Warnings: []string{}, Notes: []string{}, Trunk: []trunkView{}}
	v.Service = plan.Service.Name
	for _, s := range plan.Steps {
		v.Steps = append(v.Steps, stepView{Number: s.Number, Purpose: s.Purpose, Subject: x509text.Subject(s.Certificate),
			File: s.File, SHA256: x509text.SHA256(s.Certificate)})
	}
	v.Notes = append(v.Notes, plan.Notes...)
	if plan.Trunk != nil {
		for _, n := range plan.Trunk.Names {
			v.Trunk = append(v.Trunk, trunkView{Name: n.Name, Match: n.Match, CaseOnly: n.CaseOnly, Field: n.Field, Verdict: n.Verdict})
		}
	}
	v.Gateway = plan.GatewayNote
	for _, w := range plan.Warnings {
		v.Warnings = append(v.Warnings, findingLine(w))
	}
	return v
}

// findingLine is a finding as the page lists it, and as the command
// prints it after "certkit: ": "warning: CODE: MESSAGE" ("error", "note").
func findingLine(f finding.Finding) string {
	word := f.Severity.String()
	if f.Severity == finding.Info {
		word = "note"
	}
	return word + ": " + string(f.Code) + ": " + f.Message
}

type csrView struct {
	File        string        `json:"file"`
	Subject     string        `json:"subject"`
	SANs        []string      `json:"sans"`
	Key         string        `json:"key"`
	Signature   string        `json:"signature"`
	KeyUsage    []string      `json:"key_usage"`
	ExtKeyUsage []string      `json:"ext_key_usage"`
	Findings    []findingView `json:"findings"`
}

type findingView struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// requests is certkit csr [--hostname H] [--fqdn F] [--service S] for
// each file that holds a request: csr.Parse and csr.Lint.
func (a *analysis) requests() []csrView {
	out := []csrView{}
	ch := a.req.Choices
	for i, f := range a.req.Files {
		if res := a.results[i]; res != nil && len(res.Requests) == 0 {
			continue
		}
		req, _ := csr.Parse(f.Data) // a bad signature comes back with the request, and Lint reports it
		if req == nil {
			continue
		}
		p := csr.Policy{Hostname: strings.TrimSpace(ch.Hostname), FQDN: strings.TrimSpace(ch.FQDN), Service: ch.CSRService}
		u, _ := csr.RequestedUsage(req) // a malformed extension is a finding already
		v := csrView{File: f.Name, Subject: x509text.RequestSubject(req), SANs: printable(x509text.RequestSANs(req)), Signature: req.SignatureAlgorithm.String(),
			Key:      x509text.DescribeKey(req.PublicKey).String(),
			KeyUsage: append([]string{}, u.KeyUsageNames()...), ExtKeyUsage: append([]string{}, u.ExtKeyUsageNames()...), Findings: []findingView{}}
		for _, fd := range csr.Lint(req, p) {
			v.Findings = append(v.Findings, findingView{Severity: fd.Severity.String(), Code: string(fd.Code), Message: fd.Message})
		}
		out = append(out, v)
	}
	return out
}
