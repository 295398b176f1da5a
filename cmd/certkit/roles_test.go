package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRolesAlike runs every command that tells CAs from leaves over the
// generated version 1 certificates: a version 1 issuing CA under a version
// 3 root with the version 1 gateway certificate it issued
// (roles/v1-chain.pem), and a version 1 gateway certificate alone
// (roles/v1-leaf.pem). Every command must call the gateway certificates
// leaves and the version 1 CA that signed one an intermediate.
func TestRolesAlike(t *testing.T) {
	const (
		root = "Example Voice Root CA"
		v1CA = "Example Voice v1 Issuing CA"
		v1gw = "v1gw.example.com"
		lone = "v1lone.example.com"
	)
	for _, tc := range []struct {
		file string
		want map[string]string // common name -> role
	}{
		{"roles/v1-chain.pem", map[string]string{root: "root", v1CA: "intermediate", v1gw: "leaf"}},
		{"roles/v1-leaf.pem", map[string]string{lone: "leaf"}},
	} {
		file := convertData(tc.file)
		// caOrLeaf is want as the commands that only tell a CA from a leaf
		// see it.
		caOrLeaf := map[string]string{}
		for cn, r := range tc.want {
			caOrLeaf[cn] = "CA"
			if r == "leaf" {
				caOrLeaf[cn] = "leaf"
			}
		}
		t.Run(tc.file, func(t *testing.T) {
			check := func(command string, want, got map[string]string) {
				t.Helper()
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: roles by common name (-want +got):\n%s", command, diff)
				}
			}

			// order --json
			_, out, errs := certkit(t, nil, "order", "--json", file)
			var o struct {
				Chains []struct {
					Certificates []struct{ Role, CommonName string } `json:"certificates"`
				}
			}
			if err := json.Unmarshal([]byte(strings.ReplaceAll(out, `"common_name"`, `"commonname"`)), &o); err != nil {
				t.Fatalf("order --json: %v\n%s%s", err, out, errs)
			}
			got := map[string]string{}
			for _, ch := range o.Chains {
				for _, c := range ch.Certificates {
					got[c.CommonName] = c.Role
				}
			}
			check("order", tc.want, got)

			// order's text on stderr
			_, _, errs = certkit(t, nil, "order", file)
			got = map[string]string{}
			for _, m := range regexp.MustCompile(`(?m)^  (\w+) +"([^"]+)"`).FindAllStringSubmatch(errs, -1) {
				got[m[2]] = m[1]
			}
			check("order (text)", tc.want, got)

			// split: the role is in each file's name
			dir := t.TempDir()
			if code, _, errs := certkit(t, nil, "split", "-o", dir, file); code != exitOK {
				t.Fatalf("split: exit %d: %s", code, errs)
			}
			entries, _ := os.ReadDir(dir)
			got = map[string]string{}
			for _, e := range entries {
				data, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				role := strings.SplitN(e.Name(), "-", 3)[1]
				got[decodedNames(t, data)[0]] = role
			}
			check("split", tc.want, got)

			// inspect: "certificate N (role)" then its subject
			_, out, _ = certkit(t, nil, "inspect", file)
			got = map[string]string{}
			for _, m := range regexp.MustCompile(`certificate \d+ \((\w+)\)\n  subject: +CN=([^,\n]+)`).FindAllStringSubmatch(out, -1) {
				got[m[2]] = m[1]
			}
			check("inspect", tc.want, got)

			// convert --no-leaf: what it leaves out are the leaves
			p := filepath.Join(t.TempDir(), "ca.pem")
			code, _, errs := certkit(t, nil, "convert", "--no-leaf", "-o", p, file)
			got = map[string]string{}
			for _, m := range regexp.MustCompile(`left out the leaf certificate CN=(.+)|only the device certificate CN=([^,]+),`).FindAllStringSubmatch(errs, -1) {
				got[m[1]+m[2]] = "leaf"
			}
			if code == exitOK {
				data, _ := os.ReadFile(p)
				for _, cn := range decodedNames(t, data) {
					got[cn] = "CA"
				}
			}
			check("convert --no-leaf", caOrLeaf, got)

			// cucm: a CA is uploaded to the trust store, the leaf as the
			// service itself
			_, out, errs = certkit(t, nil, "cucm", "--json", "--service", "tomcat-ECDSA", file)
			var plan struct {
				Steps []struct{ Purpose, Subject string }
			}
			if err := json.Unmarshal([]byte(out), &plan); err != nil {
				t.Fatalf("cucm --json: %v\n%s%s", err, out, errs)
			}
			got = map[string]string{}
			for _, s := range plan.Steps {
				cn := strings.TrimPrefix(strings.SplitN(s.Subject, ",", 2)[0], "CN=")
				switch s.Purpose {
				case "tomcat-trust":
					got[cn] = "CA"
				case "tomcat-ECDSA":
					got[cn] = "leaf"
				default:
					t.Errorf("cucm: step purpose %q", s.Purpose)
				}
			}
			check("cucm", caOrLeaf, got)
		})
	}

	// issuer-for --json gives the issuer's role: the version 1 CA that
	// signed the gateway is an intermediate.
	_, out, errs := certkit(t, nil, "issuer-for", "--json", convertData("roles/v1-chain.pem"))
	var is struct {
		Issuer struct{ Role, CommonName string }
	}
	if err := json.Unmarshal([]byte(strings.ReplaceAll(out, `"common_name"`, `"commonname"`)), &is); err != nil {
		t.Fatalf("issuer-for --json: %v\n%s%s", err, out, errs)
	}
	if is.Issuer.CommonName != v1CA || is.Issuer.Role != "intermediate" {
		t.Errorf("issuer-for: issuer %q role %q, want %q intermediate", is.Issuer.CommonName, is.Issuer.Role, v1CA)
	}
}
