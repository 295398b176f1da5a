package testpeer

import (
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

// SCEPServerBinary builds micromdm's scepserver once per test process and
// returns its path. When it cannot be built the test fails under CI ($CI
// set) and is skipped elsewhere, saying why.
func SCEPServerBinary(t testing.TB) string {
	t.Helper()
	scepOnce.Do(func() {
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
		cmd.Dir = Root(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			os.Remove(tmp.Name())
			scepErr = fmt.Errorf("go build %s: %v\n%s", scepserverPkg, err, out)
			return
		}
		scepBin = filepath.Join(dir, "scepserver")
		scepErr = os.Rename(tmp.Name(), scepBin)
	})
	if scepErr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("scepserver cannot be built, and CI must run the SCEP tests: %v", scepErr)
		}
		t.Skipf("scepserver cannot be built: %v", scepErr)
	}
	return scepBin
}

// SCEPServer is a running scepserver on loopback.
type SCEPServer struct {
	// URL is its SCEP URL, http://127.0.0.1:PORT/scep.
	URL string
	// Depot is its CA folder (ca.pem, ca.key).
	Depot string
}

// StartSCEPServer makes a CA in a fresh depot (RSA 2048) and starts
// scepserver on 127.0.0.1 with the challenge password, stopped when the
// test ends. addr is "127.0.0.1:PORT", or "" for a free port.
func StartSCEPServer(t testing.TB, challenge, addr string) *SCEPServer {
	t.Helper()
	bin := SCEPServerBinary(t)
	depot := filepath.Join(t.TempDir(), "depot")
	if out, err := exec.Command(bin, "ca", "-init", "-depot", depot, "-keySize", "2048", "-common_name", "Test SCEP CA").CombinedOutput(); err != nil {
		t.Fatalf("scepserver ca -init: %v\n%s", err, out)
	}
	if addr == "" {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr = ln.Addr().String()
		ln.Close()
	}
	logs := &lockedLog{}
	cmd := exec.Command(bin, "-depot", depot, "-http-addr", addr, "-challenge", challenge, "-allowrenew", "0")
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting scepserver: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	s := &SCEPServer{URL: "http://" + addr + "/scep", Depot: depot}
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get(s.URL + "?operation=GetCACaps")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("scepserver did not answer at %s within 15 s: %v\n%s", s.URL, err, logs.String())
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
