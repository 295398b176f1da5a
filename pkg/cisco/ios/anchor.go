package ios

import (
	"crypto/x509"
	"fmt"
	"strings"

	"github.com/voicepki/certkit/internal/errkind"
	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
)

// anchorRootSession writes the paste sessions for a site that wants IOS to
// anchor at the root rather than at the issuing CA. cas is the hierarchy
// above the gateway, root first and the issuing CA last, each issued by
// the one before it. Each CA above the issuing one gets a trustpoint of its
// own, named trustpoint-root for the root and trustpoint-ca2,
// trustpoint-ca3... for the CAs between, in which it is authenticated;
// each trustpoint below names the one above it with chain-validation
// continue. The issuing CA is then authenticated in trustpoint itself and
// the gateway's certificate imported there, as PasteSession does.
//
// It warns as PasteSession does, and also (finding.CodeNotIssuedBy) when one CA of
// cas is not issued by the one before it or the first is not self-signed.
// What Cisco's documentation does not confirm about chain-validation is
// said once, in the README, not in the session.
func anchorRootSession(trustpoint string, cas []*x509.Certificate, gateway *x509.Certificate, opts PasteOptions) (*Paste, error) {
	if len(cas) < 2 {
		return nil, errkind.New(errInvalidOption, "ios: anchoring at the root needs the root and the issuing CA, got %d CA certificate(s)", len(cas))
	}
	issuing := cas[len(cas)-1]
	p, err := PasteSession(trustpoint, issuing, gateway, opts)
	if err != nil {
		return nil, err
	}
	// PasteSession's note about an intermediate is the question this
	// session answers; it is replaced by the chain-validation note.
	p.Notes = nil
	names := make([]string, len(cas))
	for i := range cas {
		switch {
		case i == 0:
			names[i] = trustpoint + "-root"
		case i == len(cas)-1:
			names[i] = trustpoint
		default:
			names[i] = fmt.Sprintf("%s-ca%d", trustpoint, i+1)
		}
		if err := checkName("trustpoint name", names[i]); err != nil {
			return nil, err
		}
	}
	var b strings.Builder
	for i, c := range cas[:len(cas)-1] {
		if i == 0 {
			fmt.Fprintf(&b, "! %d. the root CA in a trustpoint of its own, where IOS anchors\n", i+1)
		} else {
			fmt.Fprintf(&b, "! %d. the CA %s in a trustpoint of its own, validated up to %s\n", i+1, x509text.Describe(c), names[i-1])
		}
		fmt.Fprintf(&b, "crypto pki trustpoint %s\n enrollment terminal\n revocation-check none\n", names[i])
		if i > 0 {
			fmt.Fprintf(&b, " chain-validation continue %s\n", names[i-1])
		}
		b.WriteString(" exit\n")
		writeAuthenticate(&b, names[i], c)
	}
	fmt.Fprintf(&b, "! %d. the issuing CA in the gateway's trustpoint, validated up to %s, then the gateway's certificate\n", len(cas), names[len(cas)-2])
	fmt.Fprintf(&b, "crypto pki trustpoint %s\n chain-validation continue %s\n exit\n", trustpoint, names[len(cas)-2])
	b.WriteString(p.Text)
	p.Text = b.String()

	if !sigcheck.SelfSigned(cas[0]) {
		p.Warnings = append(p.Warnings, finding.Finding{Severity: finding.Warning, Code: finding.CodeNotIssuedBy, Certificate: cas[0],
			Message: fmt.Sprintf("%s is not self-signed, so it is not a root: IOS would anchor at a CA that is not the top of the hierarchy", x509text.Describe(cas[0]))})
	}
	for i := 1; i < len(cas); i++ {
		if ok, _ := sigcheck.SignedBy(cas[i], cas[i-1]); !ok {
			p.Warnings = append(p.Warnings, finding.Finding{Severity: finding.Warning, Code: finding.CodeNotIssuedBy, Certificate: cas[i],
				Message: fmt.Sprintf("%s was not issued by %s (its signature does not verify with that CA's key), so chain-validation continue %s cannot succeed",
					x509text.Describe(cas[i]), x509text.Describe(cas[i-1]), names[i-1])})
		}
	}
	return p, nil
}
