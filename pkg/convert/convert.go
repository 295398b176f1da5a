package convert

import (
	"crypto"
	"crypto/x509"
	"slices"

	"github.com/voicepki/certkit/internal/input"
	"github.com/voicepki/certkit/pkg/finding"
)

// The forms Decode recognises, as Result.Encodings names them.
const (
	encPEM      = "pem"       // PEM armour
	encDER      = "der"       // a DER certificate, CSR, CRL or key
	encPKCS7DER = "pkcs7-der" // PKCS#7 signed-data in DER
	encPKCS7BER = "pkcs7-ber" // PKCS#7 in BER (indefinite lengths)
	encPKCS12   = "pkcs12"    // a .pfx/.p12 file
	encBase64   = "base64"    // bare base64 with no armour
	encUTF8BOM  = "utf-8-bom" // text starting with a UTF-8 byte-order mark
	encUTF16LE  = "utf-16le"  // UTF-16 little-endian text
	encUTF16BE  = "utf-16be"  // UTF-16 big-endian text
	encBER      = "ber"       // a BER (non-DER) structure other than PKCS#7
	encIOS      = "ios"       // IOS text: certificate chains in hex, or crypto pki export labels
	encJKS      = "jks"       // a Java keystore (JKS)
	encJCEKS    = "jceks"     // a Java keystore (JCEKS)
)

// Options controls Decode. The zero value is safe: no password, keys
// counted but not returned.
type Options struct {
	// Password opens PKCS#12 files and Java keystores. "" tries the empty
	// password and an unencrypted file. A passwordless PKCS#12 file (one
	// without a MAC) is read whatever Password says, so that one password
	// can serve a mix of inputs. A keystore's password is tried for its
	// private keys too: a key it does not open (a key password that
	// differs from the store's) is counted as "encrypted", its chain read.
	Password string
	// KeepKeys also returns the private keys Decode could parse
	// (unencrypted PKCS#1, PKCS#8, SEC 1 and PKCS#12 keys) in Result.Keys.
	// Without it keys are only counted.
	KeepKeys bool
	// Defer leaves the certificates of PEM blocks and PKCS#7 bundles, the
	// forms a bundle of thousands comes in, unparsed: they go to
	// Result.Deferred, with their subject and issuer, instead of
	// Certificates, for a caller that needs a few of them (see
	// chain.Candidates). Certificates in other forms (a single DER file,
	// PKCS#12, IOS text, a signed trustpool bundle) are parsed as usual,
	// and so is any certificate whose structure cannot be cut into its
	// fields, so that its error names where it is.
	Defer bool
}

// Result is everything Decode found, in file order.
type Result struct {
	Certificates []*x509.Certificate        // in file order, duplicates (same DER) dropped
	Duplicates   int                        // how many certificates were dropped as duplicates
	Requests     []*x509.CertificateRequest // CSRs, in file order, repeats (same DER) dropped
	// DuplicateRequests counts the CSRs dropped as repeats, such as the
	// request an IOS capture shows twice.
	DuplicateRequests int
	KeyCount          int // private keys seen (PEM key labels, DER keys, PKCS#12 key bags, keystore key entries)
	// KeyKinds names what each key counted is, in file order: KeyCount
	// of them. Keys of the kinds "RSA", "ECDSA", "Ed25519" and "X25519"
	// are read (with Options.KeepKeys, Keys holds one for each, in the
	// same order); the others are named only: "DSA", "encrypted" (under a
	// password: ENCRYPTED PRIVATE KEY, or a PEM key with a Proc-Type
	// header), "OpenSSH" (an OPENSSH PRIVATE KEY) and "unknown".
	KeyKinds []string
	Keys     []crypto.PrivateKey    // only with Options.KeepKeys
	CRLs     []*x509.RevocationList // CRLs, in file order
	// Notes names, for each certificate crypto/x509 refuses (or reads
	// only in part) but Decode read leniently, what is wrong with it: a
	// negative serial number, inherited DSA parameters, a malformed SAN
	// entry... Such a certificate is in Certificates like any other, with
	// its own Raw bytes, so its signatures verify.
	Notes []finding.Finding
	// Encodings names the forms recognised, outermost first, each once:
	// "pem" (PEM armour), "der" (a DER certificate, CSR, CRL or key),
	// "pkcs7-der" and "pkcs7-ber" (PKCS#7 in DER, or in BER with
	// indefinite lengths), "pkcs12" (a .pfx/.p12 file), "base64" (bare
	// base64 with no armour), "utf-8-bom", "utf-16le" and "utf-16be" (text
	// with a byte-order mark, or UTF-16 without one), "ber" (a BER
	// structure other than PKCS#7), "ios" (IOS text: certificate
	// chains in hex, or crypto pki export labels), "jks" and "jceks" (a
	// Java keystore of either kind).
	Encodings []string
	// IOS ties each certificate read from IOS text (a configuration's
	// hex, a crypto pki export capture) to its trustpoint and role, in
	// file order; a certificate in several trustpoints is listed for each.
	// Its element type is certkit's own (internal/input), read by
	// pkg/cisco/ios (ios.Read) and the command: a Go program
	// reads the fields (Certificate, Trustpoint, Role "device", "ca",
	// "self-signed" or "rollover", HeaderSerial, Line) without naming it.
	IOS []input.IOSCertificate
	// IOSReferences are the certificates an IOS configuration names
	// without their hex (startup-config, show running-config brief),
	// each with Trustpoint, Role, Serial, Location and Line; String says
	// how to capture the certificate itself.
	IOSReferences []input.IOSReference
	// SignedBundles are the signed PKCS#7 files whose content is another
	// PKCS#7 of certificates (Cisco's trustpool bundles). Their inner
	// certificates are in Certificates too, before the outer ones.
	SignedBundles []SignedBundle
	// Deferred are, with Options.Defer, the certificates left unparsed,
	// in file order, repeats (same DER) dropped and counted in Duplicates.
	Deferred []DeferredCertificate
}

// Decode reads every certificate, CSR, private key and CRL in data.
//
// It returns an error wrapping ErrNoCertificates, together with a non-nil
// Result describing what was there, when data is readable but holds neither
// a certificate nor a CSR (a key-only PEM, a CRL-only PKCS#7). Any other
// failure is a *DecodeError that says what was found, with a nil Result.
// Inputs larger than 64 MiB are refused with ErrTooLarge.
func Decode(data []byte, opts Options) (*Result, error) {
	if len(data) > input.MaxSize {
		return nil, tooLarge()
	}
	d := newDecoder(opts)
	if err := d.decode(data, 0); err != nil {
		return nil, err
	}
	if len(d.res.Certificates) == 0 && len(d.res.Requests) == 0 && len(d.res.Deferred) == 0 {
		return d.res, &DecodeError{Found: d.nothingFound(), Err: ErrNoCertificates}
	}
	return d.res, nil
}

// Merge combines the results of several inputs into one: certificates in
// order, those repeated across inputs dropped and counted in Duplicates;
// everything else concatenated. Nil results and nil certificates are
// skipped. A single result comes back as a copy of itself: Decode's
// results hold each certificate once already.
func Merge(results ...*Result) *Result {
	if r := onlyResult(results); r != nil {
		// One input, as most commands get: its certificates are distinct
		// already, and rechecking thousands costs a map of them.
		out := *r
		out.Certificates = slices.Clone(r.Certificates)
		out.Requests = slices.Clone(r.Requests)
		out.Keys = slices.Clone(r.Keys)
		out.KeyKinds = slices.Clone(r.KeyKinds)
		out.CRLs = slices.Clone(r.CRLs)
		out.Notes = slices.Clone(r.Notes)
		out.Encodings = slices.Clone(r.Encodings)
		out.Deferred = slices.Clone(r.Deferred)
		return &out
	}
	out := &Result{}
	var seen certSet
	var deferredSeen deferredSet
	for _, r := range results {
		if r == nil {
			continue
		}
		out.Duplicates += r.Duplicates
		out.DuplicateRequests += r.DuplicateRequests
		notes := notesByCert(r.Notes)
		for _, c := range r.Certificates {
			if c == nil {
				continue
			}
			if !seen.add(c) {
				out.Duplicates++
				continue
			}
			out.Certificates = append(out.Certificates, c)
			out.Notes = append(out.Notes, notes[c]...)
		}
		out.Requests = append(out.Requests, r.Requests...)
		out.KeyCount += r.KeyCount
		out.KeyKinds = append(out.KeyKinds, r.KeyKinds...)
		out.Keys = append(out.Keys, r.Keys...)
		out.CRLs = append(out.CRLs, r.CRLs...)
		out.IOS = append(out.IOS, r.IOS...)
		out.IOSReferences = append(out.IOSReferences, r.IOSReferences...)
		out.SignedBundles = append(out.SignedBundles, r.SignedBundles...)
		for _, c := range r.Deferred {
			if !deferredSeen.add(c) {
				out.Duplicates++
				continue
			}
			out.Deferred = append(out.Deferred, c)
		}
		for _, e := range r.Encodings {
			out.addEncoding(e)
		}
	}
	return out
}

// onlyResult returns the one non-nil result of results when there is one
// and it holds no nil certificate, else nil.
func onlyResult(results []*Result) *Result {
	var one *Result
	for _, r := range results {
		if r == nil {
			continue
		}
		if one != nil {
			return nil
		}
		one = r
	}
	if one == nil || slices.Contains(one.Certificates, nil) {
		return nil
	}
	return one
}

func (r *Result) addEncoding(e string) {
	for _, x := range r.Encodings {
		if x == e {
			return
		}
	}
	r.Encodings = append(r.Encodings, e)
}
