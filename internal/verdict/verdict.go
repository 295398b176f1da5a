// Package verdict holds the checks every certkit job applies to every
// certificate it hands the user, so that split, order, issuer-for, the
// IOS paste session and trustpool, the CUCM plan and both audits say the
// same thing about the same certificate:
//
//   - validity at Options.At: expired, not yet valid, expiring within
//     Options.WarnWithin (finding.CodeExpired, CodeNotYetValid,
//     CodeExpiring);
//   - a weak signature (MD5, SHA-1, DSA) on a signature certkit relies on,
//     never on a self-signed certificate's own signature, which nobody
//     checks (finding.CodeWeakSignature);
//   - a key below RSA 2048 or EC 256 (finding.CodeKeyTooSmall);
//   - the device certificate's name against the hostname
//     (finding.CodeNameMismatch, CodeNameCaseMismatch), by NameMatch;
//   - whether a self-signed certificate is a device's, whatever its basic
//     constraints say (Device): IOS sets CA:TRUE on every self-signed
//     certificate it makes.
//
// The jobs call Certificates for the certificates they hand out, and Name
// for the device certificate; the words of each finding are written here
// once.
package verdict

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"hash/maphash"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
)

// DefaultWarnWithin is how long before its end a certificate is reported
// as expiring when Options.WarnWithin is zero: 30 days.
const DefaultWarnWithin = 30 * 24 * time.Hour

// Minimum key sizes: an RSA key under MinRSABits or an EC key on a curve
// under MinECBits is too small.
const (
	MinRSABits = 2048
	MinECBits  = 256
)

// Options says when the checks are made. The zero value checks at the
// current time and warns 30 days before a certificate expires.
type Options struct {
	// At is the moment validity is judged at; zero means now.
	At time.Time
	// WarnWithin reports a certificate that expires within this long of
	// At; zero means DefaultWarnWithin, a negative value never warns.
	WarnWithin time.Duration
}

// Time is o.At, or now when it is zero.
func (o Options) Time() time.Time {
	if o.At.IsZero() {
		return time.Now()
	}
	return o.At
}

// Window is how long before its end a certificate is reported as
// expiring: o.WarnWithin, DefaultWarnWithin for zero, 0 when negative.
func (o Options) Window() time.Duration {
	switch {
	case o.WarnWithin == 0:
		return DefaultWarnWithin
	case o.WarnWithin < 0:
		return 0
	}
	return o.WarnWithin
}

// Fixed returns o with At set to the moment it stands for, so that one
// job judges all its certificates at one instant.
func (o Options) Fixed() Options {
	o.At = o.Time()
	return o
}

const day = "2006-01-02"

// Validity reports c expired, not yet valid, or expiring within the
// window, at o's time; at most one finding.
func Validity(c *x509.Certificate, o Options) []finding.Finding {
	at := o.Time()
	name := x509text.Describe(c)
	switch {
	case at.After(c.NotAfter):
		return []finding.Finding{{Code: finding.CodeExpired, Severity: finding.Error, Certificate: c,
			Message: fmt.Sprintf("%s expired on %s", name, c.NotAfter.UTC().Format(day))}}
	case at.Before(c.NotBefore):
		return []finding.Finding{{Code: finding.CodeNotYetValid, Severity: finding.Error, Certificate: c,
			Message: fmt.Sprintf("%s is not valid until %s", name, c.NotBefore.UTC().Format(day))}}
	case o.Window() > 0 && c.NotAfter.Before(at.Add(o.Window())):
		left := int(c.NotAfter.Sub(at).Hours() / 24)
		return []finding.Finding{{Code: finding.CodeExpiring, Severity: finding.Warning, Certificate: c,
			Message: fmt.Sprintf("%s expires on %s, in %d %s", name, c.NotAfter.UTC().Format(day), left, plural(left, "day", "days"))}}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Signature reports c's own signature as weak (MD5, MD2, SHA-1, DSA),
// unless c is self-signed: a trust anchor's self-signature is never
// checked, so its algorithm does not matter.
func Signature(c *x509.Certificate, selfSigned bool) []finding.Finding {
	a := c.SignatureAlgorithm
	if selfSigned || !sigcheck.Weak(a) {
		return nil
	}
	what := "SHA-1"
	switch {
	case sigcheck.Broken(a):
		what = "MD5"
	case c.SignatureAlgorithm == x509.DSAWithSHA1 || c.SignatureAlgorithm == x509.DSAWithSHA256:
		what = "DSA"
	}
	return []finding.Finding{{Code: finding.CodeWeakSignature, Severity: finding.Warning, Certificate: c,
		Message: fmt.Sprintf("%s is signed with %s (%v), which peers and CAs refuse; ask the CA for a SHA-256 certificate", x509text.Describe(c), what, a)}}
}

// Key reports an RSA key under MinRSABits or an EC key on a curve under
// MinECBits.
func Key(c *x509.Certificate) []finding.Finding {
	k := x509text.DescribeKey(c.PublicKey)
	small := false
	switch k.Algorithm {
	case "RSA", "DSA":
		small = k.Bits > 0 && k.Bits < MinRSABits
	case "ECDSA":
		small = k.Bits > 0 && k.Bits < MinECBits
	}
	if !small {
		return nil
	}
	return []finding.Finding{{Code: finding.CodeKeyTooSmall, Severity: finding.Warning, Certificate: c,
		Message: fmt.Sprintf("%s has the key %s, too small: use RSA %d or EC P-%d at least", x509text.Describe(c), k, MinRSABits, MinECBits)}}
}

// Certificate runs Validity, Signature and Key on one certificate.
func Certificate(c *x509.Certificate, o Options) []finding.Finding {
	var out []finding.Finding
	out = append(out, Validity(c, o)...)
	if sigcheck.Weak(c.SignatureAlgorithm) {
		// Only a weak signature needs to know whether it is the
		// certificate's own: a store of thousands would otherwise pay a
		// signature check for each.
		out = append(out, Signature(c, sigcheck.Certificate(c, c))...)
	}
	out = append(out, Key(c)...)
	return out
}

// Certificates runs Certificate on each of certs, once per distinct
// certificate (by DER), in their order.
func Certificates(certs []*x509.Certificate, o Options) []finding.Finding {
	o = o.Fixed()
	var out []finding.Finding
	// Distinct by DER, without a copy of each DER as a key (a store's is
	// megabytes): by a hash of it, the DER compared on a match.
	seed := maphash.MakeSeed()
	seen := map[uint64][]*x509.Certificate{}
	for _, c := range certs {
		if c == nil {
			continue
		}
		h := maphash.Bytes(seed, c.Raw)
		if slices.ContainsFunc(seen[h], func(d *x509.Certificate) bool { return bytes.Equal(d.Raw, c.Raw) }) {
			continue
		}
		seen[h] = append(seen[h], c)
		out = append(out, Certificate(c, o)...)
	}
	return out
}

// Match is how a certificate name compares with a hostname.
type Match int

// The outcomes of NameMatch, from the worst.
const (
	// NoMatch: neither the name nor the hostname followed by a domain.
	NoMatch Match = iota
	// CaseOnly: it matches in all but letter case.
	CaseOnly
	// Exact: the name is the hostname, or the hostname followed by "."
	// and a domain, letter case included.
	Exact
)

// NameMatch compares a name of a certificate (its CN or a DNS SAN) with a
// device's hostname: the name is the hostname, or the hostname followed
// by "." and a domain ("vgw1" and "vgw1.example.com" both match the
// hostname vgw1). A hostname given with its domain must match whole.
// Letter case counts: a difference in case alone is CaseOnly.
func NameMatch(name, hostname string) Match {
	if name == "" || hostname == "" {
		return NoMatch
	}
	if name == hostname || strings.HasPrefix(name, hostname+".") && len(name) > len(hostname)+1 {
		return Exact
	}
	ln, lh := strings.ToLower(name), strings.ToLower(hostname)
	if ln == lh || strings.HasPrefix(ln, lh+".") && len(ln) > len(lh)+1 {
		return CaseOnly
	}
	return NoMatch
}

// Names returns the names of c a hostname is compared with: its CN, then
// its DNS SANs.
func Names(c *x509.Certificate) []string {
	var out []string
	if c.Subject.CommonName != "" {
		out = append(out, c.Subject.CommonName)
	}
	return append(out, c.DNSNames...)
}

// Name checks the device certificate c against the device's hostname: its
// CN or a DNS SAN must be the hostname, or the hostname followed by "."
// and a domain, letter case included. A CN that differs from it in
// letter case only is a warning even when a SAN matches: the CN is what
// IOS and TAC compare. what names the certificate in the
// message ("the gateway certificate"). An empty hostname checks nothing.
func Name(c *x509.Certificate, what, hostname string) []finding.Finding {
	if hostname == "" {
		return nil
	}
	// The CN first: when it names the device in other letters, that is
	// the warning, whatever a SAN says (IOS and TAC compare the CN).
	best, bestName := NameMatch(c.Subject.CommonName, hostname), c.Subject.CommonName
	if best == NoMatch {
		for _, n := range c.DNSNames {
			if m := NameMatch(n, hostname); m > best {
				best, bestName = m, n
			}
		}
	}
	switch best {
	case Exact:
		return nil
	case CaseOnly:
		return []finding.Finding{{Code: finding.CodeNameCaseMismatch, Severity: finding.Warning, Certificate: c,
			Message: fmt.Sprintf("%s names %q and the hostname is %q: they differ in letter case only, and letter case counts", what, bestName, hostname)}}
	}
	names := Names(c)
	if len(names) == 0 {
		return []finding.Finding{{Code: finding.CodeNameMismatch, Severity: finding.Warning, Certificate: c,
			Message: fmt.Sprintf("%s has no CN and no DNS name; the hostname is %q", what, hostname)}}
	}
	return []finding.Finding{{Code: finding.CodeNameMismatch, Severity: finding.Warning, Certificate: c,
		Message: fmt.Sprintf("%s names %s, not the hostname %q nor %q followed by a domain", what, quoteList(names), hostname, hostname)}}
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// iosSelfSigned is the CN IOS gives the certificate of its
// TP-self-signed-N trustpoint.
var iosSelfSigned = regexp.MustCompile(`^IOS-Self-Signed-Certificate-[0-9]+$`)

var oidUnstructuredName = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 2}

// DeviceNames returns the names by which a certificate names a device:
// its CN, its DNS SANs and its unstructuredName (which IOS adds, holding
// the hostname, unless fqdn none is set).
func DeviceNames(c *x509.Certificate) []string {
	out := Names(c)
	for _, a := range c.Subject.Names {
		if a.Type.Equal(oidUnstructuredName) {
			if s, ok := a.Value.(string); ok && s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// SameDevice reports whether two names name one device: equal, or one is
// the other followed by "." and a domain, in any letter case ("vgw03" and
// "VGW03.verybigco.com" are one device; letter case is a finding of Name,
// not a different device).
func SameDevice(a, b string) bool {
	return NameMatch(a, b) != NoMatch || NameMatch(b, a) != NoMatch
}

// Device reports whether a self-signed certificate is a device's rather
// than a CA's, whatever its basic constraints say: it issued nothing
// among the certificates it came with (issued is false), and it names a
// device, by IOS's default CN IOS-Self-Signed-Certificate-N or by a CN,
// DNS SAN or unstructuredName that names one of devices (by SameDevice).
// A certificate that is not self-signed is never a device's by this rule;
// the role rule (internal/certrole) decides it.
func Device(c *x509.Certificate, selfSigned, issued bool, devices []string) bool {
	if c == nil || !selfSigned || issued {
		return false
	}
	if iosSelfSigned.MatchString(c.Subject.CommonName) {
		return true
	}
	for _, n := range DeviceNames(c) {
		for _, d := range devices {
			if SameDevice(n, d) {
				return true
			}
		}
	}
	return false
}

// Warns reports whether any of fs is a warning or an error: the
// advisory commands exit 1 then.
func Warns(fs []finding.Finding) bool {
	for _, f := range fs {
		if f.Severity >= finding.Warning {
			return true
		}
	}
	return false
}

// DeviceIndex holds device names by the part before their first dot, in
// lower case: two names that name one device (SameDevice) have the same,
// so a certificate is compared with the few names that may name its
// device, not with the thousands of leaves of a large folder. The zero
// value (nil) holds nothing; NewDeviceIndex makes one to Add to.
type DeviceIndex map[string][]string

// NewDeviceIndex returns an index of names; empty names are left out.
func NewDeviceIndex(names ...string) DeviceIndex {
	x := DeviceIndex{}
	x.Add(names...)
	return x
}

// Add puts names, trimmed of white space, in the index.
func (x DeviceIndex) Add(names ...string) {
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			x[HostKey(n)] = append(x[HostKey(n)], n)
		}
	}
}

// Candidates are the names of x that may name c's device, for Device:
// Device(c, self, issued, x.Candidates(c)) answers as Device would with
// every name of x.
func (x DeviceIndex) Candidates(c *x509.Certificate) []string {
	if len(x) == 0 {
		return nil
	}
	var out []string
	for _, n := range DeviceNames(c) {
		out = append(out, x[HostKey(n)]...)
	}
	return out
}

// HostKey is the part of a name before its first dot, lower case: two
// names that name one device (SameDevice) have the same.
func HostKey(name string) string {
	name = strings.ToLower(name)
	if i := strings.IndexByte(name, '.'); i >= 0 {
		return name[:i]
	}
	return name
}
