package scep_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/smallstep/pkcs7"
	smscep "github.com/smallstep/scep"

	"github.com/voicepki/certkit/pkg/cisco/ios"
	"github.com/voicepki/certkit/pkg/scep"
)

// issuer is a certificate with its key.
type issuer struct {
	cert *x509.Certificate
	key  *rsa.PrivateKey
}

var (
	keyOnce sync.Once
	testKey *rsa.PrivateKey
)

// key is one RSA 2048 key for every test certificate: making keys is slow.
func key(t testing.TB) *rsa.PrivateKey {
	keyOnce.Do(func() {
		var err error
		if testKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			t.Fatal(err)
		}
	})
	return testKey
}

// makeCert makes a certificate for cn, issued by parent (self-signed when
// nil), valid from 2020 to 2099.
func makeCert(t testing.TB, cn string, parent *issuer, ca bool, ku x509.KeyUsage, serial int64) *issuer {
	t.Helper()
	k := key(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage: ku, BasicConstraintsValid: true, IsCA: ca,
	}
	pc, pk := tmpl, k
	if parent != nil {
		pc, pk = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, pc, &k.PublicKey, pk)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &issuer{c, k}
}

// fakeCA is an httptest SCEP server of what scepserver cannot show.
type fakeCA struct {
	caps    string
	caCert  []byte // the GetCACert body
	caType  string
	ca      *issuer
	pending int // PENDING answers before SUCCESS
	polls   int
	first   *smscep.PKIMessage
	tid     smscep.TransactionID // answer PENDING for this transaction instead of the request's
}

func (f *fakeCA) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Query().Get("operation") {
	case "GetCACaps":
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, f.caps)
	case "GetCACert":
		w.Header().Set("Content-Type", f.caType)
		w.Write(f.caCert)
	case "PKIOperation":
		body, _ := io.ReadAll(r.Body)
		p7, err := pkcs7.Parse(body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var mt smscep.MessageType
		if err := p7.UnmarshalSignedAttribute(oidMessageType, &mt); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if mt == smscep.PKCSReq {
			msg, err := smscep.ParsePKIMessage(body)
			if err == nil {
				err = msg.DecryptPKIEnvelope(f.ca.cert, f.ca.key)
			}
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			f.first = msg
		} else {
			f.polls++
		}
		w.Header().Set("Content-Type", "application/x-pki-message")
		if f.pending > 0 {
			f.pending--
			w.Write(pendingRep(f, p7))
			return
		}
		csr := f.first.CSRReqMessage.CSR
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(4242), Subject: csr.Subject, DNSNames: csr.DNSNames,
			NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2098, 1, 1, 0, 0, 0, 0, time.UTC),
			KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}}
		der, _ := x509.CreateCertificate(rand.Reader, tmpl, f.ca.cert, csr.PublicKey, f.ca.key)
		crt, _ := x509.ParseCertificate(der)
		rep, err := f.first.Success(f.ca.cert, f.ca.key, crt)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Write(rep.Raw)
	default:
		http.NotFound(w, r)
	}
}

var (
	oidMessageType    = asn1.ObjectIdentifier{2, 16, 840, 1, 113733, 1, 9, 2}
	oidPKIStatus      = asn1.ObjectIdentifier{2, 16, 840, 1, 113733, 1, 9, 3}
	oidSenderNonce    = asn1.ObjectIdentifier{2, 16, 840, 1, 113733, 1, 9, 5}
	oidRecipientNonce = asn1.ObjectIdentifier{2, 16, 840, 1, 113733, 1, 9, 6}
	oidTransactionID  = asn1.ObjectIdentifier{2, 16, 840, 1, 113733, 1, 9, 7}
)

// pendingRep is a CertRep with pkiStatus PENDING to the request req.
func pendingRep(f *fakeCA, req *pkcs7.PKCS7) []byte {
	var tid smscep.TransactionID
	var nonce []byte
	if req != nil {
		req.UnmarshalSignedAttribute(oidTransactionID, &tid)
		req.UnmarshalSignedAttribute(oidSenderNonce, &nonce)
	} else {
		tid, nonce = "seed", []byte("fedcba9876543210")
	}
	if f.tid != "" {
		tid = f.tid
	}
	sd, _ := pkcs7.NewSignedData(nil)
	sd.AddSigner(f.ca.cert, f.ca.key, pkcs7.SignerInfoConfig{ExtraSignedAttributes: []pkcs7.Attribute{
		{Type: oidTransactionID, Value: tid},
		{Type: oidMessageType, Value: smscep.CertRep},
		{Type: oidPKIStatus, Value: smscep.PENDING},
		{Type: oidRecipientNonce, Value: nonce},
		{Type: oidSenderNonce, Value: []byte("0123456789abcdef")},
	}})
	out, _ := sd.Finish()
	return out
}

func newFakeCA(t *testing.T, caps string) (*fakeCA, *httptest.Server) {
	ca := makeCert(t, "Fake Issuing CA", nil, true, x509.KeyUsageCertSign|x509.KeyUsageCRLSign, 1)
	f := &fakeCA{caps: caps, ca: ca, caCert: ca.cert.Raw, caType: "application/x-x509-ca-cert"}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

// TestEnrollPendingThenSuccess: the CA answers PENDING twice, then
// SUCCESS to the second GetCertInitial.
func TestEnrollPendingThenSuccess(t *testing.T) {
	f, srv := newFakeCA(t, "POSTPKIOperation\nSHA-256\nAES\n")
	f.pending = 2
	r, err := scep.Enroll(context.Background(), srv.URL+"/scep", scep.EnrollOptions{Challenge: "x", Subject: pkix.Name{CommonName: "vgw2.example.com"},
		Hostname: "vgw2", TrunkSubject: "vgw2.example.com", AutoEnroll: 50, PollInterval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != scep.StatusSuccess || r.Polls != 2 || f.polls != 2 || r.Certificate == nil {
		t.Fatalf("status %s after %d polls (server saw %d), findings %q", r.Status, r.Polls, f.polls, codes(r.Findings))
	}
	if r.Certificate.SerialNumber.Int64() != 4242 {
		t.Errorf("serial %v", r.Certificate.SerialNumber)
	}
	if want := []string{string("scep-issued")}; !cmp.Equal(codes(r.Findings), want) {
		t.Errorf("findings %q, want %q", codes(r.Findings), want)
	}
	want, _ := ios.RenewalTime(r.Certificate, 50)
	if !r.RenewAt.Equal(want) {
		t.Errorf("renew at %v, want %v", r.RenewAt, want)
	}
}

// TestEnrollPendingForever: polling stops after Polls, and says so.
func TestEnrollPendingForever(t *testing.T) {
	f, srv := newFakeCA(t, "POSTPKIOperation\nSHA-256\nAES\n")
	f.pending = 1000
	r, err := scep.Enroll(context.Background(), srv.URL, scep.EnrollOptions{Challenge: "x", Subject: pkix.Name{CommonName: "vgw2"}, PollInterval: time.Millisecond, Polls: 3})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != scep.StatusPending || r.Polls != 3 || !hasCode(r.Findings, "scep-pending") || !r.Refused() {
		t.Errorf("status %s, %d polls, findings %q", r.Status, r.Polls, codes(r.Findings))
	}
}

// TestProbeNDES: GetCACert answers a PKCS#7 with the CA and two RA
// certificates (signing, encryption), as NDES does; IOS authenticates
// the CA.
func TestProbeNDES(t *testing.T) {
	root := makeCert(t, "Corp Root CA", nil, true, x509.KeyUsageCertSign, 1)
	sign := makeCert(t, "NDES-MSCEP-RA sign", root, false, x509.KeyUsageDigitalSignature, 2)
	enc := makeCert(t, "NDES-MSCEP-RA enc", root, false, x509.KeyUsageKeyEncipherment, 3)
	p7, err := smscep.DegenerateCertificates([]*x509.Certificate{sign.cert, enc.cert, root.cert})
	if err != nil {
		t.Fatal(err)
	}
	f, srv := newFakeCA(t, "POSTPKIOperation\nSHA-256\nAES\nRenewal\n")
	f.caCert, f.caType = p7, "application/x-x509-ca-ra-cert"
	r, err := scep.Probe(context.Background(), srv.URL+"/certsrv/mscep/mscep.dll", scep.Options{CAIdent: "VGW1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.CA) != 1 || !r.CA[0].Equal(root.cert) || r.Authenticate != r.CA[0] || r.SHA1 != ios.FingerprintSHA1(root.cert) {
		t.Fatalf("CA %v authenticate %v", r.CA, r.Authenticate)
	}
	var got []string
	for _, ra := range r.RA {
		got = append(got, ra.Certificate.Subject.CommonName+": "+ra.Usage)
	}
	if want := []string{"NDES-MSCEP-RA sign: signing", "NDES-MSCEP-RA enc: encryption"}; !cmp.Equal(got, want) {
		t.Errorf("RA %q, want %q", got, want)
	}
	if want := []string{string("scep-ra")}; !cmp.Equal(codes(r.Findings), want) {
		t.Errorf("findings %q, want %q", codes(r.Findings), want)
	}
}

// TestProbeWeakCaps: a server with SHA-1 and DES3 only, and one with no
// capabilities at all.
func TestProbeWeakCaps(t *testing.T) {
	for _, tc := range []struct {
		caps string
		want []string
	}{
		{"SHA-1\nDES3\n", []string{string("scep-weak-hash"), string("scep-no-aes"), string("scep-no-post")}},
		{"", []string{string("scep-no-caps")}},
	} {
		_, srv := newFakeCA(t, tc.caps)
		r, err := scep.Probe(context.Background(), srv.URL, scep.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !cmp.Equal(codes(r.Findings), tc.want) {
			t.Errorf("caps %q: findings %q, want %q", tc.caps, codes(r.Findings), tc.want)
		}
	}
}

// TestProbeNotSCEP: what is not a SCEP answer is an *Error naming what
// came back, never quoting it.
func TestProbeNotSCEP(t *testing.T) {
	const secret = "internal-only-banner"
	big := strings.Repeat("A", 10<<20)
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		reason  scep.Reason
		says    string
	}{
		{"html", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<!DOCTYPE html><html><title>IIS Windows Server</title>"+secret+"</html>")
		}, "not-scep", "HTML page (text/html, "},
		{"404", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, secret, http.StatusNotFound)
		}, "http-status", "HTTP 404 Not Found"},
		{"redirect loop", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/a?"+r.URL.RawQuery, http.StatusFound)
		}, "redirects", "redirect loop"},
		{"redirects", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, r.URL.Path+"x?"+r.URL.RawQuery, http.StatusFound)
		}, "redirects", "more than 5 redirects"},
		{"slow", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}, "timeout", "no answer within 200ms"},
		{"10 MB", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, big)
		}, "too-large", "larger than 1 MiB"},
		{"huge headers", func(w http.ResponseWriter, r *http.Request) {
			for i := range 100 {
				w.Header().Set(fmt.Sprintf("X-Pad-%d", i), strings.Repeat("p", 1000))
			}
			io.WriteString(w, "SHA-256\n")
		}, "too-large", "headers exceed 64 KiB"},
		{"not a certificate", func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("operation") == "GetCACaps" {
				io.WriteString(w, "SHA-256\nAES\nPOSTPKIOperation\n")
				return
			}
			w.Header().Set("Content-Type", "application/x-x509-ca-cert")
			io.WriteString(w, secret)
		}, "not-scep", "application/x-x509-ca-cert, 20 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			// Only the silent server is timed out; the others answer, and
			// a loaded machine (the race detector, two cores) must not turn
			// their answer into a timeout.
			timeout := 5 * time.Second
			if tc.reason == "timeout" {
				timeout = 200 * time.Millisecond
			}
			start := time.Now()
			_, err := scep.Probe(context.Background(), srv.URL, scep.Options{Timeout: timeout})
			var se *scep.Error
			if !errors.As(err, &se) || se.Reason != tc.reason {
				t.Fatalf("error %v, want reason %s", err, tc.reason)
			}
			if !strings.Contains(err.Error(), tc.says) || strings.Contains(err.Error(), secret) {
				t.Errorf("error %q: want it to say %q and not quote the body", err, tc.says)
			}
			if d := time.Since(start); d > timeout+3*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestEnrollOtherTransaction: a CertRep for another transaction (a
// replayed answer) is refused.
func TestEnrollOtherTransaction(t *testing.T) {
	f, srv := newFakeCA(t, "POSTPKIOperation\nSHA-256\nAES\n")
	f.pending = 1
	f.tid = "replayed"
	_, err := scep.Enroll(context.Background(), srv.URL, scep.EnrollOptions{Challenge: "x", Subject: pkix.Name{CommonName: "vgw2"}, PollInterval: time.Millisecond})
	var se *scep.Error
	if !errors.As(err, &se) || se.Reason != "not-scep" || !strings.Contains(err.Error(), "another transaction") {
		t.Fatalf("error %v, want the other transaction refused", err)
	}
}

// TestRequestBudget: a run makes at most scep.MaxRequests requests, polls
// and redirects included.
func TestRequestBudget(t *testing.T) {
	f, srv := newFakeCA(t, "POSTPKIOperation\nSHA-256\nAES\n")
	f.pending = 1000
	_, err := scep.Enroll(context.Background(), srv.URL, scep.EnrollOptions{Challenge: "x", Subject: pkix.Name{CommonName: "vgw2"}, PollInterval: time.Millisecond, Polls: 100})
	var se *scep.Error
	if !errors.As(err, &se) || se.Reason != "too-many-requests" {
		t.Fatalf("error %v, want reason %s", err, "too-many-requests")
	}
	if got := 3 + f.polls; got != scep.MaxRequests {
		t.Errorf("the server saw %d requests, want %d", got, scep.MaxRequests)
	}
}
