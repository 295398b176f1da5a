package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/finding"
)

// The defaults of Options (its field docs say them).
const (
	defaultTimeout         = 5 * time.Second
	defaultConcurrency     = 16
	defaultMaxCertificates = 50
	defaultMaxBytes        = 1 << 20
	// alertWait is how long, after a TLS 1.3 handshake with a client
	// certificate, the probe reads for the server's verdict on it.
	alertWait = time.Second
)

// Dialer opens the TCP connections; *net.Dialer is one.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// Options tunes Run. The zero value probes with a net.Dialer, 5 s per
// target, 16 at a time, and checks at the current time.
type Options struct {
	// Dialer opens the connections; nil means a net.Dialer.
	Dialer Dialer
	// Timeout covers connect plus handshake for each target (and the
	// brief read for a TLS 1.3 alert); zero means 5 s.
	Timeout time.Duration
	// Concurrency is how many targets are probed at once; zero means 16.
	Concurrency int
	// ServerName is sent as SNI instead of the target's host name.
	ServerName string
	// Certificate is the device's own certificate and key, presented when
	// the server asks for one; nil presents an empty certificate.
	Certificate *tls.Certificate
	// Trust are roots the served chain may end at (--trust).
	Trust []*x509.Certificate
	// At and WarnWithin are those of internal/verdict.Options.
	At         time.Time
	WarnWithin time.Duration
	// Fetch, when set, downloads a missing issuer from the leaf's AIA
	// (chain.Options.Fetch): pass an *aiafetch.Client.
	Fetch chain.Fetcher
	// Revocation, when set, checks whether the served certificates are
	// revoked (chain.Options.Revocation): pass an *aiafetch.Client. The
	// statuses are in Result.Chains' Revocations, a revoked certificate
	// in Findings too.
	Revocation chain.Revoker
	// MaxCertificates caps the served certificates kept; zero means 50.
	MaxCertificates int
	// MaxBytes caps the bytes read from one server; zero means 1 MiB.
	MaxBytes int64
}

func (o Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return defaultTimeout
}

// ClientAuth says what became of client authentication.
type ClientAuth string

// The values of Result.ClientAuth.
const (
	NotRequested ClientAuth = "not-requested" // the server asked for no certificate
	Requested    ClientAuth = "requested"     // it asked, and no certificate was given
	Accepted     ClientAuth = "accepted"      // it asked, and took the device's certificate
	Rejected     ClientAuth = "rejected"      // it asked, and refused the device's certificate
)

// Served is one certificate as the server served it.
type Served struct {
	Certificate *x509.Certificate
	Role        chain.Role
}

// Result is everything a front end shows about one target.
type Result struct {
	Target Target
	// Address is what was dialed; ServerName the SNI sent ("" for none).
	Address, ServerName string
	// Version and CipherSuite were negotiated (0 when the server hello
	// never came).
	Version, CipherSuite uint16
	// Served are the certificates the server sent, in its order, at most
	// Options.MaxCertificates; ServedCount is how many it sent.
	Served      []Served
	ServedCount int
	// Chains are chain.Order's, from the served certificates and Trust.
	Chains []chain.Chain
	// ClientAuth and AcceptableCAs: the server's certificate request, and
	// the CA names it lists (its trust store), as distinguished names.
	ClientAuth    ClientAuth
	AcceptableCAs []string
	// Alert is the server's alert in words when it refused the handshake
	// or the certificate ("unknown CA", "bad certificate", ...).
	Alert string
	// HandshakeError is why the handshake did not complete, when the
	// served chain was read all the same.
	HandshakeError error
	// TrunkSubject is the name to type in the X.509 Subject Name field of
	// the CUCM SIP Trunk Security Profile for this server (the leaf's CN).
	TrunkSubject string
	// Trust says what each side must trust, in certkit's commands.
	Trust []string
	// Findings are the checks, of the chain, the name, the TLS and the
	// client authentication.
	Findings []finding.Finding
	// Err is set when the target could not be read at all (refused,
	// timed out, not TLS): it wraps ErrUnreadable.
	Err error
}

// ErrUnreadable is wrapped by Result.Err.
var ErrUnreadable = errors.New("probe: target not read")

// Run probes each target, Options.Concurrency at a time, and returns one
// Result per target in their order. A target that cannot be read has its
// Result.Err set; the error is for options Run cannot work with.
func Run(ctx context.Context, targets []Target, opts Options) ([]Result, error) {
	if opts.Certificate != nil && len(opts.Certificate.Certificate) == 0 {
		return nil, errors.New("probe: the device certificate holds no certificate")
	}
	if opts.Certificate != nil && opts.Certificate.PrivateKey == nil {
		return nil, errors.New("probe: the device certificate has no private key")
	}
	if opts.Dialer == nil {
		opts.Dialer = &net.Dialer{}
	}
	n := opts.Concurrency
	if n <= 0 {
		n = defaultConcurrency
	}
	out := make([]Result, len(targets))
	var wg sync.WaitGroup
	sem := make(chan struct{}, n)
	for i := range targets {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			out[i] = probeOne(ctx, targets[i], opts)
		}(i)
	}
	wg.Wait()
	return out, nil
}

// capConn stops reading after its budget: a hostile server cannot make
// the probe read without end.
type capConn struct {
	net.Conn
	left int64
	hit  bool
}

var errTooMuch = errors.New("probe: size cap reached")

func (c *capConn) Read(p []byte) (int, error) {
	if c.left <= 0 {
		c.hit = true
		return 0, errTooMuch
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.Conn.Read(p)
	c.left -= int64(n)
	return n, err
}

// cipherSuites is every suite crypto/tls offers, the insecure ones too:
// old gateways speak only RSA key exchange, and the probe reads them all
// the same and reports the weakness.
var cipherSuites = func() []uint16 {
	var ids []uint16
	for _, s := range tls.CipherSuites() {
		ids = append(ids, s.ID)
	}
	for _, s := range tls.InsecureCipherSuites() {
		ids = append(ids, s.ID)
	}
	return ids
}()

// handshake is what the callbacks captured.
type handshake struct {
	mu        sync.Mutex
	raw       [][]byte
	peer      []*x509.Certificate
	requested bool
	cas       [][]byte
	version   uint16
	suite     uint16
}

func probeOne(parent context.Context, t Target, o Options) Result {
	r := Result{Target: t, Address: t.Address(), ClientAuth: NotRequested}
	if o.ServerName != "" {
		r.ServerName = o.ServerName
	} else if !t.IsIP() {
		r.ServerName = t.Host
	}
	ctx, cancel := context.WithTimeout(parent, o.timeout())
	defer cancel()
	raw, err := o.Dialer.DialContext(ctx, "tcp", r.Address)
	if err != nil {
		r.Err = unreadable(ctx, err, o)
		return r
	}
	defer raw.Close() // the TCP connection: no close_notify, nothing sent after the handshake
	if d, ok := ctx.Deadline(); ok {
		raw.SetDeadline(d)
	}
	maxBytes := o.MaxBytes
	if maxBytes <= 0 {
		maxBytes = defaultMaxBytes
	}
	cc := &capConn{Conn: raw, left: maxBytes}
	hs := &handshake{}
	cfg := &tls.Config{
		ServerName:         r.ServerName,
		InsecureSkipVerify: true, // the probe judges the chain itself, after recording it
		MinVersion:         tls.VersionTLS10,
		CipherSuites:       cipherSuites,
		VerifyConnection: func(cs tls.ConnectionState) error {
			hs.mu.Lock()
			defer hs.mu.Unlock()
			hs.peer = cs.PeerCertificates
			hs.version, hs.suite = cs.Version, cs.CipherSuite
			return nil
		},
		VerifyPeerCertificate: func(rawCerts [][]byte, _ [][]*x509.Certificate) error {
			hs.mu.Lock()
			defer hs.mu.Unlock()
			hs.raw = rawCerts
			return nil
		},
		GetClientCertificate: func(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
			hs.mu.Lock()
			defer hs.mu.Unlock()
			hs.requested = true
			hs.cas = cri.AcceptableCAs
			if cri.Version != 0 {
				hs.version = cri.Version
			}
			if o.Certificate != nil {
				return o.Certificate, nil
			}
			return &tls.Certificate{}, nil
		},
	}
	tc := tls.Client(cc, cfg)
	herr := tc.HandshakeContext(ctx)
	if herr == nil {
		st := tc.ConnectionState()
		hs.version, hs.suite = st.Version, st.CipherSuite
		if hs.requested && o.Certificate != nil && st.Version == tls.VersionTLS13 {
			// TLS 1.3 judges the client certificate after the handshake:
			// read briefly for an alert, sending nothing.
			wait := time.Now().Add(alertWait)
			if d, ok := ctx.Deadline(); ok && d.Before(wait) {
				wait = d
			}
			raw.SetReadDeadline(wait)
			var b [1]byte
			_, rerr := tc.Read(b[:])
			if rerr != nil && isRemoteAlert(rerr) {
				herr = rerr
			}
		}
	}
	r.Version, r.CipherSuite = hs.version, hs.suite
	if len(hs.raw) == 0 {
		if herr == nil {
			herr = errors.New("the server sent no certificate")
		}
		if cc.hit {
			herr = fmt.Errorf("the server sent more than %d bytes during the handshake; certkit stops reading there", maxBytes)
		}
		r.Err = unreadable(ctx, herr, o)
		if a := alertWords(herr); a != "" {
			r.Alert = a
		}
		return r
	}
	if hs.requested {
		r.ClientAuth = Requested
		for _, dn := range hs.cas {
			r.AcceptableCAs = append(r.AcceptableCAs, dnString(dn))
		}
	}
	if herr != nil {
		r.HandshakeError = herr
		r.Alert = alertWords(herr)
	}
	if hs.requested && o.Certificate != nil {
		if herr == nil {
			r.ClientAuth = Accepted
		} else if r.Alert != "" {
			r.ClientAuth = Rejected
		}
	}
	r.ServedCount = len(hs.raw)
	judge(&r, hs, o)
	return r
}

// unreadable words why a target could not be read.
func unreadable(ctx context.Context, err error, o Options) error {
	var why string
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		why = fmt.Sprintf("no answer within %s (--timeout)", o.timeout())
	case errors.Is(err, io.EOF) || strings.Contains(err.Error(), "connection reset"):
		why = "the server closed the connection during the handshake"
	case strings.Contains(err.Error(), "does not look like a TLS handshake"):
		why = "the server does not speak TLS on this port"
	case strings.Contains(err.Error(), "exceeds maximum"):
		why = "the server's handshake message is larger than crypto/tls reads (256 KiB for certificates); certkit stops there"
	case strings.Contains(err.Error(), "connection refused"):
		why = "connection refused"
	default:
		why = strings.TrimPrefix(err.Error(), "tls: ")
		if a := alertWords(err); a != "" {
			why = "the server refused the handshake: " + a
		}
	}
	return fmt.Errorf("%w: %s", ErrUnreadable, why)
}

// isRemoteAlert reports whether err is an alert the server sent.
func isRemoteAlert(err error) bool {
	var oe *net.OpError
	return errors.As(err, &oe) && oe.Op == "remote error"
}

// alertWords names the server's alert in certkit's words, "" when err
// is no alert.
func alertWords(err error) string {
	if err == nil || !isRemoteAlert(err) {
		return ""
	}
	s := err.Error()
	for _, a := range []struct{ tls, words string }{
		{"unknown certificate authority", "unknown CA"},
		{"bad certificate", "bad certificate"},
		{"expired certificate", "expired"},
		{"certificate required", "certificate required"},
		{"unsupported certificate", "unsupported certificate"},
		{"unknown certificate", "certificate unknown"},
		{"certificate revoked", "certificate revoked"},
		{"access denied", "access denied"},
		{"handshake failure", "handshake failure"},
		{"decrypt error", "decrypt error"},
		{"protocol version", "protocol version"},
	} {
		if strings.HasSuffix(s, "tls: "+a.tls) {
			return a.words
		}
	}
	if _, after, ok := strings.Cut(s, "tls: "); ok {
		return after
	}
	return s
}
