package scep

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	neturl "net/url"
	"sync"
	"time"

	"github.com/smallstep/pkcs7"
	smscep "github.com/smallstep/scep"
	"github.com/smallstep/scep/x509util"

	"github.com/voicepki/certkit/internal/cucmrule"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/cisco/cucm"
	"github.com/voicepki/certkit/pkg/cisco/ios"
	"github.com/voicepki/certkit/pkg/finding"
)

// Codes of the findings of Enroll.
const (
	// codeIssued: the CA issued a real certificate to the test request.
	codeIssued finding.Code = "scep-issued"
	// codeRefused: the CA answered the request with FAILURE.
	codeRefused finding.Code = "scep-refused"
	// codePending: the request was still pending when polling stopped.
	codePending finding.Code = "scep-pending"
	// codeNotFromCA: the issued certificate is not signed by a CA certificate of GetCACert.
	codeNotFromCA finding.Code = "scep-not-from-ca"
)

// EnrollOptions tunes Enroll. Challenge and Subject are needed; the rest
// has a safe zero value.
type EnrollOptions struct {
	Options
	// Challenge is the challenge password the CA hands out. It is sent
	// inside the encrypted request and never returned.
	Challenge string
	// Subject is the request's subject name; DNSNames its DNS SANs (the
	// FQDN, as IOS adds with fqdn).
	Subject  pkix.Name
	DNSNames []string
	// Hostname, when set, is checked against the issued certificate
	// (verdict.Name).
	Hostname string
	// TrunkSubject, when set, is the X.509 Subject Name field of the CUCM
	// SIP trunk security profile the gateway's certificate must match
	// (cucm.CheckTrunkSubject).
	TrunkSubject string
	// AutoEnroll, 1 to 100, gives RenewAt: when IOS with auto-enroll
	// AutoEnroll re-enrolls. Zero gives none.
	AutoEnroll int
	// Key is the request's key; nil makes a throwaway RSA 2048 key.
	Key *rsa.PrivateKey
	// PollInterval is the pause between polls of a PENDING request;
	// zero means 1 s. Polls is the most polls made; zero means 10. The
	// request budget (32 requests a call) bounds both too.
	PollInterval time.Duration
	Polls        int
}

// Status is the CA's answer to the request.
type Status string

// The statuses of an EnrollResult.
const (
	StatusSuccess Status = "SUCCESS"
	StatusFailure Status = "FAILURE"
	StatusPending Status = "PENDING"
)

// EnrollResult is everything certkit scep enroll shows.
type EnrollResult struct {
	// Probe is what GetCACaps and GetCACert said first.
	Probe *ProbeResult
	// Status is the CA's last answer; FailInfo its reason on FAILURE
	// ("badRequest", ...), Refusal that reason in words.
	Status   Status
	FailInfo string
	Refusal  string
	// Certificate is the certificate the CA issued, on SUCCESS; Key the
	// key it certifies.
	Certificate *x509.Certificate
	Key         *rsa.PrivateKey
	// RenewAt is when IOS with auto-enroll AutoEnroll re-enrolls.
	RenewAt time.Time
	// Polls is how many times a PENDING request was polled.
	Polls int
	// Findings: the probe's, the CA's refusal or the issued certificate's
	// checks (validity, signature, key, name, EKU, chain to the CA).
	Findings []finding.Finding
	// Requests is how many HTTP requests the enrollment made.
	Requests int
}

// Refused reports whether the CA refused the request or left it pending.
func (r *EnrollResult) Refused() bool { return r.Status != StatusSuccess }

// failInfo says each SCEP failInfo in words.
var failInfo = map[smscep.FailInfo]struct{ name, words string }{
	smscep.BadAlg:          {"badAlg", "the CA does not accept the request's algorithms"},
	smscep.BadMessageCheck: {"badMessageCheck", "the CA could not check or decrypt the request (a wrong RA certificate or challenge password)"},
	smscep.BadRequest:      {"badRequest", "the CA refused the request: the challenge password is wrong or expired (NDES's last 60 minutes), or the template refuses it"},
	smscep.BadTime:         {"badTime", "the request's signing time is too far from the CA's clock"},
	smscep.BadCertID:       {"badCertId", "the CA found no certificate or request for the identifier asked"},
}

// encMu guards smallstep/pkcs7's package-level content encryption
// algorithm, which Encrypt reads: it is set to AES-128-CBC for a CA that
// offers AES, and put back after.
var encMu sync.Mutex

// Enroll makes a throwaway key (or uses EnrollOptions.Key), asks the CA
// at url for its certificates as Probe does, and sends a PKCSReq with the
// subject, the DNS names and the challenge password, polling a PENDING
// answer. On SUCCESS the CA has issued a real certificate, which is
// checked. A refusal is a result (Status FAILURE), not an error; an
// answer that is not SCEP is an *Error.
func Enroll(ctx context.Context, url string, opts EnrollOptions) (*EnrollResult, error) {
	u, err := cleanURL(url)
	if err != nil {
		return nil, err
	}
	if opts.Challenge == "" {
		return nil, errors.New("scep: no challenge password")
	}
	if opts.AutoEnroll < 0 || opts.AutoEnroll > 100 {
		return nil, fmt.Errorf("scep: auto-enroll percentage %d is outside 1 to 100", opts.AutoEnroll)
	}
	if opts.TrunkSubject != "" && len(cucmrule.SplitTrunkNames(opts.TrunkSubject)) == 0 {
		return nil, fmt.Errorf("scep: the trunk's X.509 subject name field %q holds no names", opts.TrunkSubject)
	}
	c := newClient(opts.Options)
	defer c.close()
	res := &EnrollResult{}
	defer func() { res.Requests = c.requests }()
	p, err := probe(ctx, c, u, opts.Options)
	if err != nil {
		return nil, err
	}
	res.Probe = p
	res.Findings = append(res.Findings, p.Findings...)
	if len(p.CA) == 0 {
		return nil, &Error{URL: p.URL, Operation: "GetCACert", Reason: reasonNotSCEP, Detail: "no CA certificate to encrypt the request to"}
	}

	key := opts.Key
	if key == nil {
		if key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			return nil, fmt.Errorf("scep: making the key: %w", err)
		}
	}
	res.Key = key
	tmpl := &x509util.CertificateRequest{
		CertificateRequest: x509.CertificateRequest{Subject: opts.Subject, DNSNames: opts.DNSNames, SignatureAlgorithm: x509.SHA256WithRSA},
		ChallengePassword:  opts.Challenge,
	}
	der, err := x509util.CreateCertificateRequest(rand.Reader, tmpl, key)
	if err != nil {
		return nil, fmt.Errorf("scep: making the request: %w", err)
	}
	csr, err := x509.ParseCertificateRequest(der)
	if err != nil {
		return nil, fmt.Errorf("scep: making the request: %w", err)
	}
	signer, err := selfSigned(key, opts.Subject)
	if err != nil {
		return nil, err
	}
	recipients := recipientsOf(p)
	aes := hasCap(p.Caps, "AES") || hasCap(p.Caps, "SCEPStandard")
	msg, err := withCipher(aes, func() (*smscep.PKIMessage, error) {
		return smscep.NewCSRRequest(csr, &smscep.PKIMessage{MessageType: smscep.PKCSReq, Recipients: recipients, SignerKey: key, SignerCert: signer})
	})
	if err != nil {
		return nil, fmt.Errorf("scep: building the PKCSReq: %w", err)
	}
	post := hasCap(p.Caps, "POSTPKIOperation") || hasCap(p.Caps, "SCEPStandard")
	verifiers := append(append([]*x509.Certificate{}, p.CA...), raCerts(p)...)
	rep, err := pkiOperation(ctx, c, u, msg.Raw, post, verifiers)
	if err != nil {
		return nil, err
	}
	if err := sameTransaction(rep, msg.TransactionID, p.URL); err != nil {
		return nil, err
	}
	interval, polls := opts.PollInterval, opts.Polls
	if interval <= 0 {
		interval = defaultPollDelay
	}
	if polls <= 0 {
		polls = defaultEnrollPolls
	}
	for rep.PKIStatus == smscep.PENDING && res.Polls < polls {
		select {
		case <-ctx.Done():
			return nil, &Error{URL: p.URL, Operation: "GetCertInitial", Reason: reasonTimeout, Detail: "stopped while the request was pending", Err: ctx.Err()}
		case <-time.After(interval):
		}
		res.Polls++
		poll, err := withCipher(aes, func() ([]byte, error) {
			return certPoll(msg.TransactionID, recipients, signer, key, p.Authenticate, csr.Subject)
		})
		if err != nil {
			return nil, err
		}
		if rep, err = pkiOperation(ctx, c, u, poll, post, verifiers); err != nil {
			return nil, err
		}
		if err := sameTransaction(rep, msg.TransactionID, p.URL); err != nil {
			return nil, err
		}
	}
	res.Status = Status(statusName(rep.PKIStatus))
	switch rep.PKIStatus {
	case smscep.PENDING:
		res.Findings = append(res.Findings, finding.Finding{Code: codePending, Severity: finding.Error,
			Message: fmt.Sprintf("the request is still pending after %d %s: the CA's administrator must approve it (IOS keeps polling)", res.Polls, plural(res.Polls, "poll", "polls"))})
		return res, nil
	case smscep.FAILURE:
		w, ok := failInfo[rep.FailInfo]
		if !ok {
			w = struct{ name, words string }{"failInfo " + string(rep.FailInfo), "the CA refused the request for a reason SCEP does not name"}
		}
		res.FailInfo, res.Refusal = w.name, w.words
		res.Findings = append(res.Findings, finding.Finding{Code: codeRefused, Severity: finding.Error,
			Message: fmt.Sprintf("%s (%s)", w.words, w.name)})
		return res, nil
	}
	if err := rep.DecryptPKIEnvelope(signer, key); err != nil {
		return nil, &Error{URL: p.URL, Operation: "PKIOperation", Reason: reasonNotSCEP, Err: err, Detail: fmt.Sprintf("the SUCCESS answer cannot be decrypted with the request's key (%v)", err)}
	}
	cert := rep.Certificate
	res.Certificate = cert
	res.Findings = append(res.Findings, finding.Finding{Code: codeIssued, Severity: finding.Info, Certificate: cert,
		Message: fmt.Sprintf("the CA issued a real certificate, %s serial %s; its administrator may want to revoke it", x509text.Describe(cert), serialHex(cert.SerialNumber))})
	res.Findings = append(res.Findings, checkIssued(cert, p, opts)...)
	if opts.AutoEnroll > 0 {
		if t, err := ios.RenewalTime(cert, opts.AutoEnroll); err == nil {
			res.RenewAt = t
		}
	}
	return res, nil
}

// sameTransaction refuses a CertRep for another transaction than the
// request's: an answer replayed or meant for another client.
func sameTransaction(rep *smscep.PKIMessage, tid smscep.TransactionID, url string) error {
	if rep.TransactionID != tid {
		return &Error{URL: url, Operation: "PKIOperation", Reason: reasonNotSCEP,
			Detail: "the CertRep answers another transaction than the request's"}
	}
	return nil
}

// checkIssued runs the checks of internal/verdict on the issued
// certificate, its name against the hostname, its EKU for SIP over TLS,
// the trunk subject check, and its chain to the CA.
func checkIssued(cert *x509.Certificate, p *ProbeResult, opts EnrollOptions) []finding.Finding {
	out := verdict.Certificates([]*x509.Certificate{cert}, opts.Verdict)
	out = append(out, verdict.Name(cert, "the issued certificate", opts.Hostname)...)
	server, client := false, false
	for _, u := range cert.ExtKeyUsage {
		server = server || u == x509.ExtKeyUsageServerAuth || u == x509.ExtKeyUsageAny
		client = client || u == x509.ExtKeyUsageClientAuth || u == x509.ExtKeyUsageAny
	}
	if len(cert.ExtKeyUsage) == 0 {
		server, client = true, true // no EKU: any use
	}
	if !server || !client {
		out = append(out, finding.Finding{Code: finding.CodeMissingEKU, Severity: finding.Warning, Certificate: cert,
			Message: fmt.Sprintf("the issued certificate lacks %s: SIP over TLS needs serverAuth and clientAuth; fix the CA's template", missing(server, client))})
	}
	if opts.TrunkSubject != "" {
		if tc, err := cucm.CheckTrunkSubject(opts.TrunkSubject, cert); err == nil {
			out = append(out, tc.Warnings...)
		}
	}
	from := false
	for _, ca := range p.CA {
		if cert.CheckSignatureFrom(ca) == nil {
			from = true
			break
		}
	}
	if !from {
		out = append(out, finding.Finding{Code: codeNotFromCA, Severity: finding.Warning, Certificate: cert,
			Message: fmt.Sprintf("the issued certificate (issuer %s) is not signed by a CA certificate GetCACert returned: the gateway will not chain it to the trustpoint", cert.Issuer)})
	}
	return out
}

func missing(server, client bool) string {
	switch {
	case !server && !client:
		return "serverAuth and clientAuth"
	case !server:
		return "serverAuth"
	}
	return "clientAuth"
}

func statusName(s smscep.PKIStatus) string {
	switch s {
	case smscep.SUCCESS:
		return string(StatusSuccess)
	case smscep.FAILURE:
		return string(StatusFailure)
	case smscep.PENDING:
		return string(StatusPending)
	}
	return string(s)
}

func serialHex(n *big.Int) string {
	if n == nil {
		return ""
	}
	return fmt.Sprintf("%X", n)
}

func raCerts(p *ProbeResult) []*x509.Certificate {
	var out []*x509.Certificate
	for _, r := range p.RA {
		out = append(out, r.Certificate)
	}
	return out
}

// recipientsOf is who the request is encrypted to: the RA encryption
// certificate when there is one, else the RA certificates, else the CA.
func recipientsOf(p *ProbeResult) []*x509.Certificate {
	var enc, ra []*x509.Certificate
	for _, r := range p.RA {
		ra = append(ra, r.Certificate)
		if r.Certificate.KeyUsage&(x509.KeyUsageKeyEncipherment|x509.KeyUsageDataEncipherment) != 0 {
			enc = append(enc, r.Certificate)
		}
	}
	switch {
	case len(enc) > 0:
		return enc[:1]
	case len(ra) > 0:
		return ra[:1]
	}
	// The CA that issues: the last of the chain when the authenticated
	// one is a root above it.
	for _, c := range p.CA {
		if c != p.Authenticate {
			return []*x509.Certificate{c}
		}
	}
	return []*x509.Certificate{p.Authenticate}
}

func withCipher[T any](aes bool, f func() (T, error)) (T, error) {
	encMu.Lock()
	defer encMu.Unlock()
	old := pkcs7.ContentEncryptionAlgorithm
	if aes {
		pkcs7.ContentEncryptionAlgorithm = pkcs7.EncryptionAlgorithmAES128CBC
	} else {
		pkcs7.ContentEncryptionAlgorithm = pkcs7.EncryptionAlgorithmDESCBC // smallstep/pkcs7 encrypts with no DES3
	}
	defer func() { pkcs7.ContentEncryptionAlgorithm = old }()
	return f()
}

// selfSigned is the throwaway certificate a SCEP client signs its request
// with (RFC 8894 2.3).
func selfSigned(key *rsa.PrivateKey, subject pkix.Name) (*x509.Certificate, error) {
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: subject,
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("scep: making the request's signer: %w", err)
	}
	return x509.ParseCertificate(der)
}

// pkiOperation sends one PKIOperation and reads the CertRep.
func pkiOperation(ctx context.Context, c *client, base *neturl.URL, raw []byte, post bool, verifiers []*x509.Certificate) (*smscep.PKIMessage, error) {
	var (
		r   *response
		err error
	)
	if post {
		r, err = c.do(ctx, base, "PKIOperation", "", raw)
	} else {
		r, err = c.do(ctx, base, "PKIOperation", base64.StdEncoding.EncodeToString(raw), nil)
	}
	if err != nil {
		return nil, err
	}
	rep, err := parseCertRep(r.body, verifiers)
	if err != nil {
		return nil, &Error{URL: base.String(), Operation: "PKIOperation", Reason: reasonNotSCEP, Err: err,
			Detail: fmt.Sprintf("not a SCEP CertRep (%s): %v", r.describe(), err)}
	}
	return rep, nil
}

// parseCertRep reads a PKIOperation answer: a signed CertRep. Its
// signature is checked with the certificates it carries, or with
// verifiers (the CA and RA certificates) when it carries none.
func parseCertRep(body []byte, verifiers []*x509.Certificate) (msg *smscep.PKIMessage, err error) {
	if len(body) == 0 {
		return nil, errors.New("scep: the answer is empty")
	}
	defer func() {
		// The library indexes into what it parsed; a hostile answer must
		// be an error, not a crash.
		if r := recover(); r != nil {
			msg, err = nil, fmt.Errorf("scep: malformed CertRep (%v)", r)
		}
	}()
	msg, err = smscep.ParsePKIMessage(body)
	if err != nil && len(verifiers) > 0 {
		msg, err = smscep.ParsePKIMessage(body, smscep.WithCACerts(verifiers))
	}
	if err != nil {
		return nil, fmt.Errorf("scep: %w", err)
	}
	if msg.MessageType != smscep.CertRep || msg.CertRepMessage == nil {
		return nil, fmt.Errorf("scep: a %s message where a CertRep was expected", msg.MessageType)
	}
	return msg, nil
}

// issuerAndSubject is the content of a CertPoll (GetCertInitial).
type issuerAndSubject struct {
	Issuer  asn1.RawValue
	Subject asn1.RawValue
}

var (
	oidMessageType   = asn1.ObjectIdentifier{2, 16, 840, 1, 113733, 1, 9, 2}
	oidSenderNonce   = asn1.ObjectIdentifier{2, 16, 840, 1, 113733, 1, 9, 5}
	oidTransactionID = asn1.ObjectIdentifier{2, 16, 840, 1, 113733, 1, 9, 7}
)

// certPoll builds the CertPoll (GetCertInitial) of a pending request:
// the same transaction ID, the CA's name and the request's subject,
// encrypted and signed by smallstep/pkcs7.
func certPoll(tid smscep.TransactionID, recipients []*x509.Certificate, signer *x509.Certificate, key *rsa.PrivateKey, ca *x509.Certificate, subject pkix.Name) ([]byte, error) {
	subj, err := asn1.Marshal(subject.ToRDNSequence())
	if err != nil {
		return nil, fmt.Errorf("scep: building the poll: %w", err)
	}
	ias, err := asn1.Marshal(issuerAndSubject{Issuer: asn1.RawValue{FullBytes: ca.RawSubject}, Subject: asn1.RawValue{FullBytes: subj}})
	if err != nil {
		return nil, fmt.Errorf("scep: building the poll: %w", err)
	}
	e7, err := pkcs7.Encrypt(ias, recipients)
	if err != nil {
		return nil, fmt.Errorf("scep: building the poll: %w", err)
	}
	sd, err := pkcs7.NewSignedData(e7)
	if err != nil {
		return nil, fmt.Errorf("scep: building the poll: %w", err)
	}
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	cfg := pkcs7.SignerInfoConfig{ExtraSignedAttributes: []pkcs7.Attribute{
		{Type: oidTransactionID, Value: tid},
		{Type: oidMessageType, Value: smscep.CertPoll},
		{Type: oidSenderNonce, Value: nonce},
	}}
	if err := sd.AddSigner(signer, key, cfg); err != nil {
		return nil, fmt.Errorf("scep: building the poll: %w", err)
	}
	return sd.Finish()
}
