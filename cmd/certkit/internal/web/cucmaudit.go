package web

import (
	"cmp"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/cisco/cucm"
	"github.com/voicepki/certkit/pkg/convert"
)

// The roles a group of dropped files can be given for the CUCM audit,
// besides a trust store's name (cucm audit --store NAME): the flags of
// certkit cucm audit they stand for.
const (
	roleGateways = "gateways" // --gateways
	roleOwn      = "own"      // --own
)

// cleanPath is a dropped file's name as a slash path: the page sends the
// path inside a dropped folder (stores/CallManager-trust/vgw1.pem).
func cleanPath(name string) string { return strings.ReplaceAll(name, `\`, "/") }

// storeFolder is the trust store a dropped file is a file of: the folder
// it came in, when that folder is named as a trust store
// (CallManager-trust/vgw1.pem), as certkit cucm audit reads a store's
// folder, alone or in a folder of stores. "" for any other file.
func storeFolder(name string) string {
	dir := path.Dir(cleanPath(name))
	if dir == "." || dir == "/" {
		return ""
	}
	store, _ := cucm.StoreName(path.Base(dir))
	return store
}

// group is the name the page gives a dropped file's audit role by: the
// folder it came in ("site/gateways/"), as the flags of cucm audit take a
// folder's files, else its own name.
func group(name string) string {
	p := cleanPath(name)
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[:i+1]
	}
	return p
}

// auditRole is the trust store, or roleGateways or roleOwn, that the file
// is for in the CUCM audit: its store folder, else the role chosen on
// the page for its group. "" when it is not in the audit.
func (a *analysis) auditRole(name string) string {
	if s := storeFolder(name); s != "" {
		return s
	}
	return a.groupRole(group(name))
}

// groupRole is the role chosen on the page for a group of files, if it
// is one of the roles: roleGateways, roleOwn or a trust store's name.
func (a *analysis) groupRole(g string) string {
	switch r := a.req.Choices.CUCMRoles[g]; r {
	case roleGateways, roleOwn:
		return r
	default:
		s, _ := cucm.StoreName(r)
		return s
	}
}

// isStore reports a trust store's name, as auditRole returns it.
func isStore(role string) bool { return role != "" && role != roleGateways && role != roleOwn }

type cucmAuditView struct {
	Stores   []auditStoreView   `json:"stores"`
	Findings []auditFindingView `json:"findings"`
	Notes    []string           `json:"notes"`
	Error    string             `json:"error,omitempty"`
	// Groups are the dropped files outside the store folders, by folder,
	// each with the role chosen for it; Roles are the roles to choose from.
	Groups []auditGroupView `json:"groups"`
	Roles  []auditRoleView  `json:"roles"`
}

type auditStoreView struct {
	Name   string `json:"name"`
	Before int    `json:"before"`
	After  int    `json:"after"`
	Files  int    `json:"files"`
	// Heading and Count are the store's lines in cucm audit's text.
	Heading string            `json:"heading"`
	Count   string            `json:"count"`
	Actions []auditActionView `json:"actions"`
}

type auditActionView struct {
	Code            string `json:"code"`
	File            string `json:"file"`
	Subject         string `json:"subject"`
	Expires         string `json:"expires"`
	Reason          string `json:"reason"`
	Delete          string `json:"delete"`
	CLI             string `json:"cli"`
	SHA256          string `json:"sha256"`
	SuccessorSHA256 string `json:"successor_sha256,omitempty"`
}

type auditFindingView struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Store    string `json:"store,omitempty"`
	File     string `json:"file,omitempty"`
}

type auditGroupView struct {
	Name  string `json:"name"`
	Files int    `json:"files"`
	Role  string `json:"role"`
}

type auditRoleView struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// cucmAuditReport is certkit cucm audit over the dropped files: one
// cucm.AuditSite call with the files of each store (stores in name order,
// files in name order, as cucm audit reads a folder of stores), the show
// cert list trust text, and the files given the gateways and own roles,
// at the page's time. Its error is in cucm audit's words. Nil, nil when
// no file is a store's or a list.
func (a *analysis) cucmAuditReport() (*cucm.Report, error) {
	byStore := map[string][]cucm.File{}
	var names []string
	paths := map[string]string{} // store/file -> the dropped file's name
	var gateways, own []*convert.Result
	var listFiles []string
	for i, f := range a.req.Files {
		if a.lists[i] != nil {
			listFiles = append(listFiles, f.Name)
			continue
		}
		role := a.auditRole(f.Name)
		switch {
		case isStore(role):
			if _, ok := byStore[role]; !ok {
				names = append(names, role)
			}
			base := path.Base(cleanPath(f.Name))
			byStore[role] = append(byStore[role], cucm.File{Name: base, Data: f.Data})
			paths[role+"/"+base] = f.Name
		case role == roleGateways || role == roleOwn:
			if a.results[i] == nil {
				return nil, errors.New(a.errs[i])
			}
			if len(a.results[i].Certificates) == 0 {
				return nil, fmt.Errorf("%s: holds a certificate request but no certificate", f.Name)
			}
			if role == roleGateways {
				gateways = append(gateways, a.results[i])
			} else {
				own = append(own, a.results[i])
			}
		}
	}
	if len(names) == 0 && len(listFiles) == 0 {
		return nil, nil
	}
	opts := cucm.Options{At: a.now, Gateways: convert.Merge(gateways...).Certificates, Own: convert.Merge(own...).Certificates}
	switch len(listFiles) {
	case 0:
	case 1:
		for _, l := range a.lists {
			if l != nil {
				opts.List = l
			}
		}
	default:
		return nil, fmt.Errorf("cucm audit: %d files hold the text of show cert list trust (%s); give one, as --list takes one", len(listFiles), strings.Join(listFiles, ", "))
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("cucm audit: no folder named as a CUCM trust store (%s): drop a folder holding CallManager-trust/, tomcat-trust/, ..., or one store's folder, or choose the store of the files below", strings.Join(cucm.TrustStores(), ", "))
	}
	slices.Sort(names)
	var sources []cucm.Source
	for _, name := range names {
		files := byStore[name]
		slices.SortStableFunc(files, func(x, y cucm.File) int { return cmp.Compare(x.Name, y.Name) })
		sources = append(sources, cucm.Source{Store: name, Files: files})
	}
	rep, err := cucm.AuditSite(sources, opts)
	var fe *cucm.FileError
	if errors.As(err, &fe) {
		return nil, fmt.Errorf("%s: %v", paths[fe.Store+"/"+fe.File], fe.Err)
	}
	return rep, err
}

// cucmAudit is the view of cucmAuditReport, with the roles to choose.
func (a *analysis) cucmAudit() *cucmAuditView {
	rep, err := a.cucmAuditReport()
	if rep == nil && err == nil {
		return nil
	}
	v := &cucmAuditView{Stores: []auditStoreView{}, Findings: []auditFindingView{}, Notes: []string{}, Groups: []auditGroupView{}, Roles: auditRoles()}
	counts := map[string]int{}
	var order []string
	for i, f := range a.req.Files {
		if a.lists[i] != nil || storeFolder(f.Name) != "" {
			continue
		}
		g := group(f.Name)
		if counts[g] == 0 {
			order = append(order, g)
		}
		counts[g]++
	}
	for _, g := range order {
		v.Groups = append(v.Groups, auditGroupView{Name: g, Files: counts[g], Role: a.groupRole(g)})
	}
	if err != nil {
		v.Error = err.Error()
		return v
	}
	v.Notes = append(v.Notes, rep.Notes...)
	for _, s := range rep.Stores {
		sv := auditStoreView{Name: s.Name, Before: s.Before, After: s.After, Files: s.Files, Heading: s.Heading, Count: s.Count, Actions: []auditActionView{}}
		for _, act := range rep.Actions {
			if act.Store != s.Name {
				continue
			}
			av := auditActionView{Code: string(act.Code), File: x509text.Printable(act.File), Subject: x509text.Subject(act.Certificate),
				Expires: act.Certificate.NotAfter.UTC().Format("2006-01-02"), Reason: act.Reason, Delete: act.Delete, CLI: act.CLI,
				SHA256: x509text.SHA256(act.Certificate)}
			if act.Successor != nil {
				av.SuccessorSHA256 = x509text.SHA256(act.Successor)
			}
			sv.Actions = append(sv.Actions, av)
		}
		v.Stores = append(v.Stores, sv)
	}
	for _, f := range rep.Findings {
		v.Findings = append(v.Findings, auditFindingView{Severity: f.Severity.String(), Code: string(f.Code), Message: f.Message, Store: x509text.Printable(f.Store), File: x509text.Printable(f.File)})
	}
	return v
}

// auditRoles are the choices for a group of files: not in the audit,
// --gateways, --own, or a trust store's files (--store NAME).
func auditRoles() []auditRoleView {
	roles := []auditRoleView{
		{"", "not in the audit"},
		{roleGateways, "the devices' new CA-signed certificates (--gateways)"},
		{roleOwn, "CUCM's own certificates, kept (--own)"},
	}
	for _, s := range cucm.TrustStores() {
		roles = append(roles, auditRoleView{s, "files of the trust store " + s + " (--store " + s + ")"})
	}
	return roles
}

// cucmAuditCSV is the file certkit cucm audit -o DIR writes.
func (a *analysis) cucmAuditCSV() ([]byte, error) {
	rep, err := a.cucmAuditReport()
	if err != nil {
		return nil, err
	}
	if rep == nil {
		return nil, fmt.Errorf("cucm audit: no file of a trust store among the files")
	}
	return rep.CSV(), nil
}
