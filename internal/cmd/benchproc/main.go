//go:build unix

// Command benchproc measures certkit as whole processes, interleaved round
// by round in one run: order --json against the single-core floor (parse
// plus one signature check per certificate, in one goroutine), issuer-for
// among many candidates, and convert against a peer tool's binary. It is a
// measuring tool for BENCHMARKS.md, not part of certkit; build it with
// go build -o /tmp/bench/bench ./internal/cmd/benchproc. It reads CPU
// times with getrusage, so it builds on Unix systems only.
package main

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/voicepki/certkit/internal/testkit"
)

func store(n, roots int) []*x509.Certificate {
	certs, err := testkit.BenchStore(n, roots)
	if err != nil {
		panic(err)
	}
	return certs
}

// floor: pem.Decode of every block, ParseCertificate each, one
// CheckSignatureFrom per non-root against its issuer by raw subject.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var lastFloorCPU time.Duration

func floor(data []byte) time.Duration {
	c0 := cpuNow()
	defer func() { lastFloorCPU = cpuNow() - c0 }()
	start := time.Now()
	var certs []*x509.Certificate
	rest := data
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			panic(err)
		}
		certs = append(certs, c)
	}
	bySubject := make(map[string]*x509.Certificate, 256)
	for _, c := range certs {
		if c.IsCA {
			bySubject[string(c.RawSubject)] = c
		}
	}
	for _, c := range certs {
		if bytes.Equal(c.RawSubject, c.RawIssuer) {
			continue
		}
		if err := c.CheckSignatureFrom(bySubject[string(c.RawIssuer)]); err != nil {
			panic(err)
		}
	}
	return time.Since(start)
}

var lastCmdCPU time.Duration

// runCmd runs a command with its stdout read into memory and its stderr
// dropped, and returns its wall time and peak RSS in KiB; lastCmdCPU is
// its CPU time. It runs under /usr/bin/time, whose %M is the command's
// own peak: Go starts a child with vfork, and the peak RSS the kernel
// reports for that child then includes this process's own, which holds
// the floor's certificates.
// stdoutTo is where runCmd sends a command's standard output:
//   - "drain", the default: a pipe this process reads and discards in
//     1 MB reads, after a collection of its own, as a reader such as jq
//     or a script empties it.
//   - "file": a temporary file, as with "> chains.json".
//   - "pipe": a pipe this process reads into a bytes.Buffer, as every
//     figure before the "-stdout" flag was taken. This process holds
//     the floor's garbage, and the buffer's growth made it collect on
//     the same two cores while the command ran: 50-60 ms of the
//     command's wall time for order --json of the 5,000-certificate
//     store, most of which a collection before each command removes
//     (BENCHMARKS.md).
var stdoutTo = flag.String("stdout", "drain", "where a command's stdout goes: drain, file or pipe (see runCmd)")

func runCmd(args ...string) (time.Duration, int64) {
	rf, err := os.CreateTemp("", "benchrss")
	if err != nil {
		panic(err)
	}
	rf.Close()
	defer os.Remove(rf.Name())
	cmd := exec.Command("/usr/bin/time", append([]string{"-o", rf.Name(), "-f", "%M"}, args...)...)
	var out bytes.Buffer
	cmd.Stdout = &out
	switch *stdoutTo {
	case "file":
		of, err := os.CreateTemp("", "benchout")
		if err != nil {
			panic(err)
		}
		defer os.Remove(of.Name())
		defer of.Close()
		cmd.Stdout = of
	case "drain":
		cmd.Stdout = drain{}
		runtime.GC()
	}
	start := time.Now()
	err = cmd.Run()
	d := time.Since(start)
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
			panic(fmt.Sprint(args, err))
		}
	}
	lastCmdCPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime() // the command's, which time waited for
	b, _ := os.ReadFile(rf.Name())
	f := strings.Fields(string(b))
	var rss int64
	if len(f) > 0 {
		rss, _ = strconv.ParseInt(f[len(f)-1], 10, 64)
	}
	return d, rss
}

// drain discards what it is given, read from a pipe in 1 MB pieces.
type drain struct{}

var drainBuf = make([]byte, 1<<20)

func (drain) Write(p []byte) (int, error) { return len(p), nil }

// ReadFrom empties r with one reused buffer: exec copies a command's
// output with it.
func (drain) ReadFrom(r io.Reader) (int64, error) {
	var n int64
	for {
		k, err := r.Read(drainBuf)
		n += int64(k)
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

func best(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[0]
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

func main() {
	mode := flag.String("mode", "order", "gen | order | scan-gen | scan | order2 | convert | issuer | split | web | big | hostile-gen | hostile | webmem")
	sizes := flag.String("sizes", "5000", "store sizes")
	rounds := flag.Int("rounds", 5, "rounds")
	ck := flag.String("certkit", "/tmp/bin/certkit", "certkit binary")
	peer := flag.String("peer", "/tmp/skc-bin", "peer binary")
	dir := flag.String("dir", "/tmp/stores", "store directory")
	flag.String("base", "/tmp/ck-main", "the binary before the change")
	flag.Parse()
	switch *mode {
	case "scan-gen":
		scanGen(*dir)
	case "scan":
		scanRounds(*dir, *ck, *peer, *rounds)
	case "hostile-gen":
		hostileGen(*dir)
	case "hostile":
		hostileRun(*dir, *ck, flag.Lookup("base").Value.String(), *rounds)
	case "webmem":
		webMem(*dir, *ck, flag.Args())
	case "gen":
		os.MkdirAll(*dir, 0o755)
		for _, s := range strings.Split(*sizes, ",") {
			var n int
			fmt.Sscan(s, &n)
			certs := store(n, 40)
			var b bytes.Buffer
			for _, c := range certs {
				pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
			}
			os.WriteFile(fmt.Sprintf("%s/store-%d.pem", *dir, n), b.Bytes(), 0o644)
		}
	case "order":
		for _, s := range strings.Split(*sizes, ",") {
			f := fmt.Sprintf("%s/store-%s.pem", *dir, s)
			data, _ := os.ReadFile(f)
			var fl, cmd, flc, cmdc []time.Duration
			var rss int64
			for range *rounds {
				fl = append(fl, floor(data))
				flc = append(flc, lastFloorCPU)
				d, r := runCmd(*ck, "order", "--json", f)
				cmd = append(cmd, d)
				cmdc = append(cmdc, lastCmdCPU)
				rss = max(rss, r)
			}
			fmt.Printf("n=%s CPU: floor best %s ms, order --json best %s ms (ratio %.2fx)\n", s, ms(best(flc)), ms(best(cmdc)), float64(best(cmdc))/float64(best(flc)))
			fmt.Printf("n=%s floor best %s ms (median %s); order --json best %s ms (median %s); ratio best/best %.2fx, median/median %.2fx; peak RSS %.1f MB\n",
				s, ms(best(fl)), ms(median(fl)), ms(best(cmd)), ms(median(cmd)),
				float64(best(cmd))/float64(best(fl)), float64(median(cmd))/float64(median(fl)), float64(rss)/1024)
		}
	case "order2":
		// floor, then -base, then -certkit, interleaved, each round.
		base := flag.Lookup("base").Value.String()
		for _, sz := range strings.Split(*sizes, ",") {
			f := fmt.Sprintf("%s/store-%s.pem", *dir, sz)
			data, _ := os.ReadFile(f)
			var fl, a, b, flc, ac, bc []time.Duration
			var ra, rb int64
			for range *rounds {
				fl = append(fl, floor(data))
				flc = append(flc, lastFloorCPU)
				d, r := runCmd(base, "order", "--json", f)
				a, ac, ra = append(a, d), append(ac, lastCmdCPU), max(ra, r)
				d, r = runCmd(*ck, "order", "--json", f)
				b, bc, rb = append(b, d), append(bc, lastCmdCPU), max(rb, r)
			}
			fmt.Printf("n=%s wall ms best/median: floor %s/%s, before %s/%s (%.2fx), after %s/%s (%.2fx)\n", sz,
				ms(best(fl)), ms(median(fl)), ms(best(a)), ms(median(a)), float64(best(a))/float64(best(fl)),
				ms(best(b)), ms(median(b)), float64(best(b))/float64(best(fl)))
			fmt.Printf("n=%s cpu ms best: floor %s, before %s (%.2fx), after %s (%.2fx); peak RSS before %.1f MB, after %.1f MB\n", sz,
				ms(best(flc)), ms(best(ac)), float64(best(ac))/float64(best(flc)), ms(best(bc)), float64(best(bc))/float64(best(flc)),
				float64(ra)/1024, float64(rb)/1024)
		}
	case "convert":
		base := flag.Lookup("base").Value.String()
		for _, s := range strings.Split(*sizes, ",") {
			f := fmt.Sprintf("%s/store-%s.pem", *dir, s)
			var c contest
			for range *rounds {
				c.add("sensiblebit convert", runSample(*peer, "convert", f, "--to", "pem"))
				c.add("certkit before", runSample(base, "convert", "--to", "pem", f))
				c.add("certkit after", runSample(*ck, "convert", "--to", "pem", f))
			}
			c.report(fmt.Sprintf("n=%s: convert --to pem STORE, %d rounds", s, *rounds), "sensiblebit convert")
		}
	case "split":
		// split of each FILE given, against writing its blocks plainly.
		bins := map[string]string{"before": flag.Lookup("base").Value.String(), "after": *ck}
		for _, f := range flag.Args() {
			var c contest
			splitRounds(&c, f, *rounds, bins, []string{"before", "after"})
			c.report(fmt.Sprintf("split -o DIR %s, %d rounds", f, *rounds), "floor (os.WriteFile each)")
		}
	case "web":
		// The page's analysis of the stores of -sizes, before and after.
		bins := map[string]string{"before": flag.Lookup("base").Value.String(), "after": *ck}
		for _, sz := range strings.Split(*sizes, ",") {
			var web contest
			webRounds(&web, fmt.Sprintf("%s/store-%s.pem", *dir, sz), *rounds, bins, []string{"before", "after"})
			web.report(fmt.Sprintf("n=%s: the page's analysis (POST /api/analyze), %d rounds; RSS is the server's peak", sz, *rounds), "")
		}
	case "big":
		// The stores of -sizes (50 MB is -sizes 83000): split, order --json
		// against the floor, and the page's analysis, each before and after.
		bins := map[string]string{"before": flag.Lookup("base").Value.String(), "after": *ck}
		who := []string{"before", "after"}
		for _, sz := range strings.Split(*sizes, ",") {
			f := fmt.Sprintf("%s/store-%s.pem", *dir, sz)
			var sp, or, web contest
			splitRounds(&sp, f, *rounds, bins, who)
			sp.report(fmt.Sprintf("n=%s: split -o DIR STORE, %d rounds", sz, *rounds), "floor (os.WriteFile each)")
			data, _ := os.ReadFile(f)
			for range *rounds {
				d := floor(data)
				or.add("floor (parse + one check each)", sample{wall: d, cpu: lastFloorCPU})
				for _, w := range who {
					or.add(w+" order --json", runSample(bins[w], "order", "--json", f))
				}
			}
			or.report(fmt.Sprintf("n=%s: order --json STORE, %d rounds", sz, *rounds), "floor (parse + one check each)")
			if n, _ := strconv.Atoi(sz); n > 20000 {
				// The page refuses it (413): -mode webmem times the refusal.
				fmt.Printf("n=%s: the page takes at most 20,000 certificates; see -mode webmem\n", sz)
				continue
			}
			webRounds(&web, f, *rounds, bins, who)
			web.report(fmt.Sprintf("n=%s: the page's analysis (POST /api/analyze), %d rounds; RSS is the server's peak", sz, *rounds), "")
		}
	case "issuer":
		base := flag.Lookup("base").Value.String()
		args := flag.Args()
		var a, b []time.Duration
		for range *rounds {
			d, _ := runCmd(append([]string{*ck, "issuer-for"}, args...)...)
			a = append(a, d)
			d, _ = runCmd(append([]string{base, "issuer-for"}, args...)...)
			b = append(b, d)
		}
		fmt.Printf("issuer-for, ms median (best): after %s (%s), before %s (%s)\n", ms(median(a)), ms(best(a)), ms(median(b)), ms(best(b)))
	}
}
