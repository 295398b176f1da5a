package main

import (
	"bytes"
	"crypto/x509"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/cmd/certkit/internal/web"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/cisco/cucm"
	"github.com/voicepki/certkit/pkg/cisco/ios"
	"github.com/voicepki/certkit/pkg/convert"
)

// stderrLines are the lines of stderr that start with "certkit: " and one
// of the words, without the prefix.
func stderrLines(s string, words ...string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l, ok := strings.CutPrefix(l, "certkit: ")
		if !ok {
			continue
		}
		for _, w := range words {
			if strings.HasPrefix(l, w+": ") {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// TestOneResultTwoFrontEnds feeds the same job results (a CUCM plan and an
// IOS paste session) to the command's formatter and the page's: the steps,
// the findings, the notes and the text are the same, so neither front end
// decides anything of its own.
func TestOneResultTwoFrontEnds(t *testing.T) {
	certs := loadCerts(t, "../../testdata/samples/certnew.p7b")
	// At a time when the gateway's certificate is expiring, so that the
	// result carries findings.
	at := time.Date(2124, 12, 20, 0, 0, 0, 0, time.UTC)
	for _, owner := range []cucm.Owner{cucm.OwnerCUCM, cucm.OwnerDevice} {
		plan, err := cucm.Plan(certs, cucm.PlanOptions{Owner: owner, Hostname: "vgw1", At: at})
		if err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		e := &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
		printPlan(e, plan, "")
		for _, n := range plan.Notes {
			e.errorf("note: %s", n)
		}
		e.printFindings(plan.Warnings)
		page := web.CUCMView(plan)

		var cliSteps, pageSteps []string
		for _, s := range plan.Steps {
			cliSteps = append(cliSteps, s.Purpose+" "+x509text.Subject(s.Certificate))
		}
		for _, s := range page.Steps {
			pageSteps = append(pageSteps, s.Purpose+" "+s.Subject)
			if !strings.Contains(out.String(), s.SHA256) {
				t.Errorf("owner %v: the page's step %d sha256 is not in the command's plan", owner, s.Number)
			}
		}
		if diff := cmp.Diff(cliSteps, pageSteps); diff != "" {
			t.Errorf("owner %v: steps (-cli +page):\n%s", owner, diff)
		}
		if diff := cmp.Diff(stderrLines(errb.String(), "warning", "error"), page.Warnings); diff != "" {
			t.Errorf("owner %v: findings (-cli +page):\n%s", owner, diff)
		}
		if len(page.Warnings) == 0 {
			t.Errorf("owner %v: no finding for a certificate expiring in 11 days", owner)
		}
		var notes []string
		for _, n := range page.Notes {
			notes = append(notes, "note: "+n)
		}
		if diff := cmp.Diff(stderrLines(errb.String(), "note"), notes); diff != "" {
			t.Errorf("owner %v: notes (-cli +page):\n%s", owner, diff)
		}
		if page.Gateway != "" && !strings.Contains(out.String(), "("+page.Gateway+")") {
			t.Errorf("owner %v: the page says %q, the command does not", owner, page.Gateway)
		}
		if owner == cucm.OwnerDevice {
			for _, s := range page.Steps {
				if s.Purpose == "CallManager" {
					t.Errorf("a gateway's certificate is planned as CUCM's own: %+v", s)
				}
			}
		}
	}

	// The paste session: the text and the findings.
	r, err := ios.Issuer([][]*x509.Certificate{certs}, ios.IssuerOptions{Trustpoint: "voice-tp", Hostname: "VGW1", At: at})
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := certkit(t, nil, "issuer-for", "--ios", "voice-tp", "--hostname", "VGW1", "--at", at.Format(time.RFC3339), "../../testdata/samples/certnew.p7b")
	if code != exitCheck {
		t.Errorf("issuer-for --ios: exit %d, want 1 (expiring, letter case)", code)
	}
	page := web.PasteView("voice-tp", r)
	if page.Text != out {
		t.Errorf("paste text (-cli +page):\n%s", cmp.Diff(out, page.Text))
	}
	if diff := cmp.Diff(stderrLines(errs, "warning", "error"), page.Warnings); diff != "" || len(page.Warnings) < 2 {
		t.Errorf("paste findings (-cli +page):\n%s\n%q", diff, page.Warnings)
	}
}

// loadCerts reads every certificate of a file.
func loadCerts(t *testing.T, path string) []*x509.Certificate {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := convert.Decode(b, convert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Certificates
}
