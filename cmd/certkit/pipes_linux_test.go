package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// pipeCapacity is the capacity of the pipe f, as Linux reports it.
func pipeCapacity(t *testing.T, f *os.File) int {
	t.Helper()
	n, err := unix.FcntlInt(f.Fd(), unix.F_GETPIPE_SZ, 0)
	if err != nil {
		t.Fatalf("F_GETPIPE_SZ: %v", err)
	}
	return n
}

func TestWidenPipes(t *testing.T) {
	b, err := os.ReadFile("/proc/sys/fs/pipe-max-size")
	if err != nil {
		t.Skipf("cannot read the system's pipe limit: %v", err)
	}
	if max, _ := strconv.Atoi(strings.TrimSpace(string(b))); max < pipeSize {
		t.Skipf("this system caps pipes at %d bytes, under %d", max, pipeSize)
	}

	// A pipe (what "certkit order --json store.pem | jq" writes to) is
	// widened, on either end, and what is written through it arrives.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if got := pipeCapacity(t, w); got >= pipeSize {
		t.Fatalf("a new pipe already holds %d bytes; the test shows nothing", got)
	}
	widenPipes(w)
	if got := pipeCapacity(t, w); got != pipeSize {
		// Fatal: the write below would wait for a reader for ever.
		t.Fatalf("after widenPipes the pipe holds %d bytes, want %d", got, pipeSize)
	}
	// A write as large as the pipe now completes with no reader yet.
	msg := strings.Repeat("x", pipeSize)
	if n, err := w.WriteString(msg); err != nil || n != len(msg) {
		t.Fatalf("writing %d bytes into the widened pipe: %d, %v", len(msg), n, err)
	}
	w.Close()
	got := make([]byte, 0, len(msg))
	buf := make([]byte, 64<<10)
	for {
		n, err := r.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			break
		}
	}
	if string(got) != msg {
		t.Errorf("read %d bytes back, want the %d written", len(got), len(msg))
	}

	// A regular file, a closed file and a pipe already wider are left
	// alone, and nothing fails.
	f, err := os.Create(filepath.Join(t.TempDir(), "out.json"))
	if err != nil {
		t.Fatal(err)
	}
	widenPipes(f)
	if _, err := unix.FcntlInt(f.Fd(), unix.F_GETPIPE_SZ, 0); err == nil {
		t.Error("a regular file answered F_GETPIPE_SZ: the test cannot tell it from a pipe")
	}
	f.Close()
	widenPipes(f)
	r2, w2, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	defer w2.Close()
	if _, err := unix.FcntlInt(w2.Fd(), unix.F_SETPIPE_SZ, 2*pipeSize); err == nil {
		widenPipes(w2)
		if got := pipeCapacity(t, w2); got != 2*pipeSize {
			t.Errorf("widenPipes changed a %d-byte pipe to %d bytes", 2*pipeSize, got)
		}
	}
}
