//go:build unix

package main

// The measures of issue 23 ("hostile files and hostile neighbours"):
//
//	bench -mode hostile-gen -dir /tmp/hostile
//	    writes same-name-3000.pem (3,000 CA certificates named CN=Same,
//	    each signed by the one before, internal/testkit.SameName),
//	    same-name-3000-shuffled.pem (the same in no order), store-49m.pem
//	    (a 49.5 MiB store of small certificates, over the page's cap) and
//	    big-49m.pem (20,000 certificates with long SAN lists, 49.5 MiB,
//	    at the cap);
//	bench -mode hostile -dir /tmp/hostile -certkit BIN -base OLD
//	    runs every command on the same-name files and reports wall and CPU
//	    time against the floor (parsing, then one signature check per
//	    certificate against the one that signed it, in one goroutine);
//	    -base, when given, runs the binary before the change too, cut
//	    off at 30 s;
//	bench -mode webmem -dir /tmp/hostile -certkit BIN [FILE:N]...
//	    starts certkit web for each case and posts the files to
//	    /api/analyze, one or four at once (or N at once, for the cases
//	    named), and reports the answers, the time, the server's CPU time
//	    and its peak memory (VmHWM).

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	mrand "math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/voicepki/certkit/internal/testkit"
)

func hostileGen(dir string) {
	os.MkdirAll(dir, 0o755)
	certs, err := testkit.SameName(3000, true)
	if err != nil {
		panic(err)
	}
	writePEM(filepath.Join(dir, "same-name-3000.pem"), certs)
	mrand.New(mrand.NewPCG(23, 23)).Shuffle(len(certs), func(i, j int) { certs[i], certs[j] = certs[j], certs[i] })
	writePEM(filepath.Join(dir, "same-name-3000-shuffled.pem"), certs)

	// 49.5 MiB of the benchmark store's shape, repeated with new keys.
	const size = 49<<20 + 512<<10
	var b bytes.Buffer
	for b.Len() < size {
		s, err := testkit.BenchStore(20000, 40)
		if err != nil {
			panic(err)
		}
		for _, c := range s {
			pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
		}
	}
	os.WriteFile(filepath.Join(dir, "store-49m.pem"), b.Bytes()[:bytes.LastIndex(b.Bytes()[:size], []byte("-----BEGIN"))], 0o644)

	// 20,000 certificates of about 1.9 KB of DER each (47 SANs):
	// 49.5 MiB of PEM the page takes.
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	root := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Big Root"}, IsCA: true, BasicConstraintsValid: true,
		NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC), KeyUsage: x509.KeyUsageCertSign}
	rootDER, _ := x509.CreateCertificate(rand.Reader, root, root, &key.PublicKey, key)
	root, _ = x509.ParseCertificate(rootDER)
	b.Reset()
	pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: rootDER})
	for i := 1; i < 20000; i++ {
		var sans []string
		for k := 0; len(sans) < 47; k++ {
			sans = append(sans, fmt.Sprintf("sip%03d-%05d.voice.example.com", k, i))
		}
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(int64(i + 1)), Subject: pkix.Name{CommonName: fmt.Sprintf("gw%05d.example.com", i)},
			NotBefore: root.NotBefore, NotAfter: root.NotAfter, DNSNames: sans}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, root, &key.PublicKey, key)
		if err != nil {
			panic(err)
		}
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	}
	os.WriteFile(filepath.Join(dir, "big-49m.pem"), b.Bytes(), 0o644)
	for _, f := range []string{"same-name-3000.pem", "same-name-3000-shuffled.pem", "store-49m.pem", "big-49m.pem"} {
		st, _ := os.Stat(filepath.Join(dir, f))
		fmt.Printf("%s: %.1f MiB\n", f, float64(st.Size())/(1<<20))
	}
}

func writePEM(path string, certs []*x509.Certificate) {
	var b bytes.Buffer
	for _, c := range certs {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	os.WriteFile(path, b.Bytes(), 0o644)
}

// floorSameName parses every certificate and checks each one's signature
// against the certificate that signed it, found by its key ID: the work
// any tool must do, once per certificate, in one goroutine.
func floorSameName(data []byte) (time.Duration, time.Duration) {
	c0 := cpuNow()
	start := time.Now()
	var certs []*x509.Certificate
	for rest := data; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			panic(err)
		}
		certs = append(certs, c)
	}
	bySKI := map[string]*x509.Certificate{}
	for _, c := range certs {
		bySKI[string(c.SubjectKeyId)] = c
	}
	// SameName's certificates carry no AKI (Go leaves it out of a
	// self-issued certificate): the signer is the one before in the chain,
	// known here by serial number.
	bySerial := map[string]*x509.Certificate{}
	for _, c := range certs {
		bySerial[c.SerialNumber.String()] = c
	}
	for _, c := range certs {
		n, _ := strconv.Atoi(c.SerialNumber.String())
		parent := bySerial[strconv.Itoa(max(n-1, 1))]
		if err := c.CheckSignatureFrom(parent); err != nil && n > 1 {
			panic(err)
		}
	}
	return time.Since(start), cpuNow() - c0
}

// runCut is runCmd cut off after limit; it reports whether it finished.
func runCut(limit time.Duration, args ...string) (wall, cpu time.Duration, done bool) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	start := time.Now()
	err := cmd.Run()
	wall = time.Since(start)
	if cmd.ProcessState != nil {
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if ctx.Err() != nil {
		return wall, cpu, false
	}
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() > 1) {
		panic(fmt.Sprint(args, err))
	}
	return wall, cpu, true
}

func hostileRun(dir, ck, base string, rounds int) {
	for _, name := range []string{"same-name-3000.pem", "same-name-3000-shuffled.pem"} {
		f := filepath.Join(dir, name)
		data, _ := os.ReadFile(f)
		out := filepath.Join(dir, "split-out")
		cmds := [][]string{
			{"inspect", f}, {"convert", "--no-leaf", "--to", "pem", f}, {"order", f}, {"order", "--json", f},
			{"split", "--force", "-o", out, f}, {"cucm", f}, {"issuer-for", f}, {"ios", "trustpool", f},
		}
		var fw, fc []time.Duration
		for range rounds {
			w, c := floorSameName(data)
			fw, fc = append(fw, w), append(fc, c)
		}
		fmt.Printf("%s: floor (parse + one check per certificate, one goroutine) best %s ms wall, %s ms CPU\n", name, ms(best(fw)), ms(best(fc)))
		for _, args := range cmds {
			os.RemoveAll(out)
			os.MkdirAll(out, 0o755)
			var ws, cs []time.Duration
			for range rounds {
				w, c, _ := runCut(60*time.Second, append([]string{ck}, args...)...)
				ws, cs = append(ws, w), append(cs, c)
			}
			line := fmt.Sprintf("  certkit %-32s wall best %7s ms median %7s ms (%.2fx floor), CPU best %7s ms (%.2fx floor)",
				strings.Join(args[:len(args)-1], " "), ms(best(ws)), ms(median(ws)), float64(best(ws))/float64(best(fw)), ms(best(cs)), float64(best(cs))/float64(best(fc)))
			if base != "" {
				os.RemoveAll(out)
				os.MkdirAll(out, 0o755)
				w, c, done := runCut(30*time.Second, append([]string{base}, args...)...)
				if done {
					line += fmt.Sprintf("; before: %s ms wall, %s ms CPU", ms(w), ms(c))
				} else {
					line += fmt.Sprintf("; before: cut off at %s ms wall (%s ms CPU)", ms(w), ms(c))
				}
			}
			fmt.Println(line)
		}
	}
}

// post posts data to the server's /api/analyze, as the page does, and
// returns the status and the refusal's message.
func (s *webServer) post(name string, data []byte) (int, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", "http://"+s.host+"/api/analyze", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-Certkit-Token", s.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	msg := ""
	if resp.StatusCode != 200 {
		msg = string(bytes.TrimSpace(body))
	}
	return resp.StatusCode, msg
}

// webMem runs the cases named FILE:N among args (N posts at once), or
// all of them.
func webMem(dir, ck string, args []string) {
	type wcase struct {
		file string
		n    int
	}
	cases := []wcase{
		{"same-name-3000.pem", 1}, {"same-name-3000-shuffled.pem", 1},
		{"store-49m.pem", 1}, {"store-49m.pem", 4}, {"big-49m.pem", 1}, {"big-49m.pem", 4},
	}
	if len(args) > 0 {
		cases = nil
		for _, a := range args {
			f, n, _ := strings.Cut(a, ":")
			k, _ := strconv.Atoi(n)
			cases = append(cases, wcase{f, max(k, 1)})
		}
	}
	for _, c := range cases {
		data, _ := os.ReadFile(filepath.Join(dir, c.file))
		s := startWeb(ck)
		_, cpu0 := s.peak()
		start := time.Now()
		var wg sync.WaitGroup
		results := make([]string, c.n)
		for i := range c.n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				t0 := time.Now()
				code, msg := s.post(c.file, data)
				if len(msg) > 90 {
					msg = msg[:90] + "..."
				}
				results[i] = fmt.Sprintf("%d in %s ms %s", code, ms(time.Since(t0)), msg)
			}()
		}
		wg.Wait()
		wall := time.Since(start)
		hwm, cpu1 := s.peak()
		s.stop()
		fmt.Printf("%s (%.1f MiB) x%d: wall %s ms, server CPU %s ms, server peak RSS %.0f MiB\n", c.file, float64(len(data))/(1<<20), c.n, ms(wall), ms(cpu1-cpu0), float64(hwm)/1024)
		for _, r := range results {
			fmt.Println("   ", r)
		}
	}
}
