package cucm

import (
	"crypto/x509"
	"fmt"
	"strings"

	"github.com/voicepki/certkit/internal/cucmrule"
	"github.com/voicepki/certkit/internal/errkind"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
)

// TrunkName is one name typed into the X.509 Subject Name field of a CUCM
// SIP Trunk Security Profile, and what it matches in the certificate.
type TrunkName struct {
	// Name is the name as typed.
	Name string
	// Match is the CN or SAN it equals exactly, "" if none.
	Match string
	// Field is where Match, or CaseOnly, was found: "CN" or "SAN"; for a
	// name typed as attribute=value ("cn=vgw1.example.com"), the
	// attribute's short name ("CN").
	Field string
	// CaseOnly is the CN or SAN it equals when letter case is ignored, when
	// there is no exact match.
	CaseOnly string
	// Verdict says, in words, what the name matched: "matches the CN",
	// "matches the CN gw1 in letter case only", "matches nothing".
	Verdict string
}

// verdict is TrunkName.Verdict.
func (n TrunkName) verdict() string {
	switch {
	case n.Match != "":
		return "matches the " + n.Field
	case n.CaseOnly != "":
		return "matches the " + n.Field + " " + n.CaseOnly + " in letter case only"
	}
	return "matches nothing"
}

// TrunkCheck is the outcome of CheckTrunkSubject.
type TrunkCheck struct {
	Names    []TrunkName
	Warnings []finding.Finding
}

// CheckTrunkSubject says which of the names in field, the X.509 Subject
// Name of a CUCM SIP Trunk Security Profile, match the CN or a SAN (DNS
// name, IP address, email address or URI) of cert, the gateway's
// certificate. CUCM needs at least one to match. A name typed as
// attribute=value ("CN=vgw1.example.com", "cn=vgw1.example.com") is
// compared with that attribute of the subject: the attribute name by
// meaning, in any letter case, and the value as a bare name is. Whether
// CUCM itself takes that form is not documented. Whether CUCM compares
// letter case is not documented, so a name that matches in letter case
// only is a warning (finding.CodeNameCaseMismatch), like a name that matches nothing
// (finding.CodeNameMismatch). An empty field or a nil certificate is an
// error.
func CheckTrunkSubject(field string, cert *x509.Certificate) (*TrunkCheck, error) {
	if cert == nil {
		return nil, errkind.New(errInvalidOption, "cucm: no certificate to check the trunk subject names against")
	}
	names := cucmrule.SplitTrunkNames(field)
	if len(names) == 0 {
		return nil, errkind.New(errInvalidOption, "cucm: the X.509 subject name field %q holds no names", field)
	}
	var cands []candidate
	if cn := cert.Subject.CommonName; cn != "" {
		cands = append(cands, candidate{"CN", cn})
	}
	for _, n := range cert.DNSNames {
		cands = append(cands, candidate{"SAN", n})
	}
	for _, ip := range cert.IPAddresses {
		cands = append(cands, candidate{"SAN", ip.String()})
	}
	for _, e := range cert.EmailAddresses {
		cands = append(cands, candidate{"SAN", e})
	}
	for _, u := range cert.URIs {
		cands = append(cands, candidate{"SAN", u.String()})
	}

	tc := &TrunkCheck{}
	for _, n := range names {
		tn := TrunkName{Name: n}
		value, cands, where := n, cands, "neither the CN nor any SAN"
		if a, ok := typedAttribute(n); ok {
			value, cands, where = a.Value, subjectValues(cert, a), "no "+x509text.AttributeName(a.Type)+" in the subject"
		}
		for _, c := range cands {
			if c.value == value {
				tn.Match, tn.Field, tn.CaseOnly = c.value, c.field, ""
				break
			}
			if tn.CaseOnly == "" && strings.EqualFold(c.value, value) {
				tn.CaseOnly, tn.Field = c.value, c.field
			}
		}
		switch {
		case tn.Match != "":
		case tn.CaseOnly != "":
			tc.Warnings = append(tc.Warnings, finding.Finding{Severity: finding.Warning, Code: finding.CodeNameCaseMismatch, Certificate: cert,
				Message: fmt.Sprintf("%q matches the %s %q of %s in letter case only; type %q",
					n, tn.Field, tn.CaseOnly, x509text.Describe(cert), tn.CaseOnly)})
		default:
			tc.Warnings = append(tc.Warnings, finding.Finding{Severity: finding.Warning, Code: finding.CodeNameMismatch, Certificate: cert,
				Message: fmt.Sprintf("%q matches %s of %s (%s)", n, where, x509text.Describe(cert), listNames(cands))})
		}
		tn.Verdict = tn.verdict()
		tc.Names = append(tc.Names, tn)
	}
	return tc, nil
}

// typedAttribute reads a trunk name typed as one attribute=value, such as
// "cn=vgw1.example.com".
func typedAttribute(n string) (x509text.Attribute, bool) {
	if !strings.Contains(n, "=") {
		return x509text.Attribute{}, false
	}
	rdns, err := x509text.ParseName(n)
	if err != nil || len(rdns) != 1 || len(rdns[0]) != 1 || !rdns[0][0].IsString {
		return x509text.Attribute{}, false
	}
	return rdns[0][0], true
}

// subjectValues lists the values of cert's subject attributes of a's type.
func subjectValues(cert *x509.Certificate, a x509text.Attribute) []candidate {
	attrs, _ := x509text.Attributes(cert.RawSubject)
	var out []candidate
	for _, s := range attrs {
		if s.Type.Equal(a.Type) && s.IsString {
			out = append(out, candidate{x509text.AttributeName(s.Type), s.Value})
		}
	}
	return out
}

// candidate is a name in a certificate: field is "CN" or "SAN" (or the
// attribute's short name, for a name typed as attribute=value).
type candidate struct{ field, value string }

// listNames lists candidate names for a message.
func listNames(cands []candidate) string {
	var parts []string
	for _, c := range cands {
		parts = append(parts, c.field+" "+x509text.Printable(c.value))
	}
	if len(parts) == 0 {
		return "it has no names"
	}
	return strings.Join(parts, ", ")
}
