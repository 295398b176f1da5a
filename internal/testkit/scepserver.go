package testkit

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// scepserverPkg is micromdm's SCEP server, at the version go.mod pins (a
// tool directive there, so that go mod download fetches what it needs).
const scepserverPkg = "github.com/micromdm/scep/v2/cmd/scepserver"

var (
	scepOnce sync.Once
	scepBin  string
	scepErr  error
)

// buildSCEPServer builds scepserver once per process.
func buildSCEPServer() (string, error) {
	scepOnce.Do(func() {
		root, err := os.Getwd()
		for err == nil {
			if _, serr := os.Stat(filepath.Join(root, "go.mod")); serr == nil {
				break
			}
			if filepath.Dir(root) == root {
				err = errors.New("no go.mod above the working directory")
				break
			}
			root = filepath.Dir(root)
		}
		if err != nil {
			scepErr = err
			return
		}
		dir := filepath.Join(os.TempDir(), "certkit-scepserver")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			scepErr = err
			return
		}
		tmp, err := os.CreateTemp(dir, "build-*")
		if err != nil {
			scepErr = err
			return
		}
		tmp.Close()
		cmd := exec.Command("go", "build", "-o", tmp.Name(), scepserverPkg)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			os.Remove(tmp.Name())
			scepErr = fmt.Errorf("go build %s: %v\n%s", scepserverPkg, err, out)
			return
		}
		scepBin = filepath.Join(dir, "scepserver")
		scepErr = os.Rename(tmp.Name(), scepBin)
	})
	return scepBin, scepErr
}

// SCEPServerBinary builds micromdm's scepserver once per test process and
// returns its path. When it cannot be built the test fails under CI ($CI
// set) and is skipped elsewhere, saying why.
func SCEPServerBinary(t testing.TB) string {
	t.Helper()
	bin, err := buildSCEPServer()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("scepserver cannot be built, and CI must run the SCEP tests: %v", err)
		}
		t.Skipf("scepserver cannot be built: %v", err)
	}
	return bin
}

// SCEPServer is a running scepserver on loopback.
type SCEPServer struct {
	// URL is its SCEP URL, http://127.0.0.1:PORT/scep.
	URL string
	// Depot is its CA folder (ca.pem, ca.key).
	Depot string
	cmd   *exec.Cmd
}

// Stop ends the server.
func (s *SCEPServer) Stop() {
	s.cmd.Process.Kill()
	s.cmd.Wait()
}

// StartSCEPServer makes a CA in a fresh depot (RSA 2048) and starts
// scepserver on 127.0.0.1 with the challenge password, stopped when the
// test ends. addr is "127.0.0.1:PORT", or "" for a free port.
func StartSCEPServer(t testing.TB, challenge, addr string) *SCEPServer {
	t.Helper()
	bin := SCEPServerBinary(t)
	s, err := startSCEPServer(bin, t.TempDir(), challenge, addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

// RunSCEPServer is StartSCEPServer for a TestMain: it builds scepserver,
// makes its CA in dir and starts it on addr (a loopback address).
func RunSCEPServer(dir, challenge, addr string) (*SCEPServer, error) {
	bin, err := buildSCEPServer()
	if err != nil {
		return nil, err
	}
	return startSCEPServer(bin, dir, challenge, addr)
}

func startSCEPServer(bin, dir, challenge, addr string) (*SCEPServer, error) {
	depot := filepath.Join(dir, "depot")
	if out, err := exec.Command(bin, "ca", "-init", "-depot", depot, "-keySize", "2048", "-common_name", "Test SCEP CA").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("scepserver ca -init: %v\n%s", err, out)
	}
	if addr == "" {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		addr = ln.Addr().String()
		ln.Close()
	}
	logs := &lockedLog{}
	cmd := exec.Command(bin, "-depot", depot, "-http-addr", addr, "-challenge", challenge, "-allowrenew", "0")
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting scepserver: %w", err)
	}
	s := &SCEPServer{URL: "http://" + addr + "/scep", Depot: depot, cmd: cmd}
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get(s.URL + "?operation=GetCACaps")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("scepserver did not answer at %s within 15 s: %v\n%s", s.URL, err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// lockedLog collects a server's output, which its process writes while a
// failing test may read it.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
