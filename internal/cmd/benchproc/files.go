//go:build unix

package main

import (
	"bufio"
	"bytes"
	"encoding/pem"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// sample is what one run of one contestant took.
type sample struct {
	wall, cpu time.Duration
	rss       int64 // KiB
}

// contest collects the samples of each contestant, in the order added.
type contest struct {
	names []string
	runs  map[string][]sample
}

func (c *contest) add(name string, s sample) {
	if c.runs == nil {
		c.runs = map[string][]sample{}
	}
	if _, ok := c.runs[name]; !ok {
		c.names = append(c.names, name)
	}
	c.runs[name] = append(c.runs[name], s)
}

// report prints each contestant's best and median wall time, best CPU
// time and peak RSS, and its ratios to ref (best to best, median to
// median).
func (c *contest) report(title, ref string) {
	fmt.Println(title)
	col := func(name string, f func(sample) time.Duration) []time.Duration {
		var out []time.Duration
		for _, s := range c.runs[name] {
			out = append(out, f(s))
		}
		return out
	}
	wall := func(s sample) time.Duration { return s.wall }
	cpu := func(s sample) time.Duration { return s.cpu }
	for _, n := range c.names {
		var rss int64
		for _, s := range c.runs[n] {
			rss = max(rss, s.rss)
		}
		line := fmt.Sprintf("  %-28s wall best %9s median %9s ms, CPU best %9s ms, peak RSS %6.1f MB", n,
			ms(best(col(n, wall))), ms(median(col(n, wall))), ms(best(col(n, cpu))), float64(rss)/1024)
		if ref != "" && n != ref {
			line += fmt.Sprintf("; vs %s: wall %.2fx best, %.2fx median, CPU %.2fx", ref,
				float64(best(col(n, wall)))/float64(best(col(ref, wall))),
				float64(median(col(n, wall)))/float64(median(col(ref, wall))),
				float64(best(col(n, cpu)))/float64(best(col(ref, cpu))))
		}
		fmt.Println(line)
	}
}

// runSample runs a command as runCmd does, in dir when not empty.
func runSample(args ...string) sample {
	d, rss := runCmd(args...)
	return sample{wall: d, cpu: lastCmdCPU, rss: rss}
}

// splitFloor writes each PEM block of data to a file of its own in dir,
// plainly (os.WriteFile, no temporary name, no sync): what the disk takes.
func splitFloor(data []byte, dir string) sample {
	c0 := cpuNow()
	start := time.Now()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		panic(err)
	}
	rest := data
	for i := 1; ; i++ {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%04d-floor.pem", i)), pem.EncodeToMemory(b), 0o644); err != nil {
			panic(err)
		}
	}
	return sample{wall: time.Since(start), cpu: cpuNow() - c0}
}

// splitRounds times, round by round, the floor and certkit split of file
// into a new directory, by each binary. The directories go after the last
// round, not after each run: on an ext4 file system without a journal,
// the kernel skips, at each file it creates, the inodes freed in the last
// minute (recently_deleted), and the deletion of the previous run's files
// made each create cost several times what it costs in a fresh directory.
func splitRounds(c *contest, file string, rounds int, bins map[string]string, order []string) {
	data, err := os.ReadFile(file)
	if err != nil {
		panic(err)
	}
	tmp, err := os.MkdirTemp("", "benchsplit")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(tmp)
	for r := range rounds {
		c.add("floor (os.WriteFile each)", splitFloor(data, filepath.Join(tmp, fmt.Sprintf("floor-%d", r))))
		for _, name := range order {
			c.add(name+" split", runSample(bins[name], "split", "-o", filepath.Join(tmp, fmt.Sprintf("%s-%d", name, r)), file))
		}
	}
}

// webServer is a certkit web process.
type webServer struct {
	cmd   *exec.Cmd
	host  string
	token string
}

func startWeb(bin string) *webServer {
	cmd := exec.Command(bin, "web", "--no-open", "--addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		panic(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		panic(err)
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "http://"); i >= 0 {
			u, err := url.Parse(strings.TrimSpace(line[i:]))
			if err != nil {
				panic(err)
			}
			go io.Copy(io.Discard, out)
			return &webServer{cmd: cmd, host: u.Host, token: u.Query().Get("token")}
		}
	}
	panic("certkit web printed no address")
}

// analyze posts file to the server's /api/analyze, as the page does.
func (w *webServer) analyze(name string, data []byte) time.Duration {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", filepath.Base(name))
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", "http://"+w.host+"/api/analyze", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-Certkit-Token", w.token)
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if resp.StatusCode != 200 {
		panic(resp.Status)
	}
	return d
}

// peak returns the server's peak RSS (VmHWM) in KiB and its CPU time so
// far.
func (w *webServer) peak() (int64, time.Duration) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", w.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	var rss int64
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			rss, _ = strconv.ParseInt(f[1], 10, 64)
		}
	}
	return rss, procCPU(w.cmd.Process.Pid)
}

// procCPU reads a process's user and system time from /proc.
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // clock ticks, 100 a second on Linux
}

func (w *webServer) stop() {
	w.cmd.Process.Signal(syscall.SIGINT)
	w.cmd.Wait()
}

// webRounds times the page's analysis of file by each binary's server,
// round by round.
func webRounds(c *contest, file string, rounds int, bins map[string]string, order []string) {
	data, err := os.ReadFile(file)
	if err != nil {
		panic(err)
	}
	servers := map[string]*webServer{}
	for _, name := range order {
		servers[name] = startWeb(bins[name])
	}
	cpuBefore := map[string]time.Duration{}
	for range rounds {
		for _, name := range order {
			s := servers[name]
			_, cpuBefore[name] = s.peak()
			d := s.analyze(file, data)
			rss, cpu := s.peak()
			c.add(name+" web analyze", sample{wall: d, cpu: cpu - cpuBefore[name], rss: rss})
		}
	}
	for _, s := range servers {
		s.stop()
	}
}
