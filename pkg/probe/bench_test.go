package probe

import (
	"context"
	"crypto/tls"
	"fmt"
	"os/exec"
	"testing"
)

// benchServers starts n crypto/tls servers on 127.0.0.1 serving a leaf
// and its issuing CA, and returns their addresses.
func benchServers(b *testing.B, n int) []string {
	p := newPKI(b, "Voice", certSpec{})
	var addrs []string
	for i := 0; i < n; i++ {
		addrs = append(addrs, serveTLS(b, &tls.Config{Certificates: []tls.Certificate{tlsCert(p.leaf, p.inter.cert)}}))
	}
	return addrs
}

// byHost dials each target's port on 127.0.0.1: the targets are
// 127.0.0.1:PORT of the local servers.
func benchTargets(b *testing.B, addrs []string, n int) []Target {
	var ts []Target
	for i := 0; i < n; i++ {
		t, err := ParseTarget(addrs[i%len(addrs)])
		if err != nil {
			b.Fatal(err)
		}
		ts = append(ts, t)
	}
	return ts
}

// BenchmarkRun1000 probes 1,000 targets (four local servers, 250 each)
// at concurrency 64: one op is the whole job, every chain checked.
func BenchmarkRun1000(b *testing.B) {
	addrs := benchServers(b, 4)
	ts := benchTargets(b, addrs, 1000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rs, err := Run(context.Background(), ts, Options{Concurrency: 64, ServerName: "cucm1.example.com"})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rs {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
	}
}

// BenchmarkOpenSSLLoop100 is the peer: openssl s_client run 100 times in
// a shell loop against the same kind of local servers, in the same run.
// One op is the 100 runs; multiply by 10 for 1,000.
func BenchmarkOpenSSLLoop100(b *testing.B) {
	if _, err := exec.LookPath("openssl"); err != nil {
		b.Skip("openssl is not installed")
	}
	addrs := benchServers(b, 1)
	script := fmt.Sprintf("for i in $(seq 100); do openssl s_client -connect %s -servername cucm1.example.com -showcerts </dev/null >/dev/null 2>&1 || exit 1; done", addrs[0])
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if out, err := exec.Command("sh", "-c", script).CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
	}
}
