package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
)

// BenchmarkIOSAuditCommand1000 runs certkit ios audit --json on a folder of
// 1,000 generated gateway backups, as a user would: walking the folder,
// reading each file, auditing, printing the JSON.
func BenchmarkIOSAuditCommand1000(b *testing.B) {
	k, err := testkit.NewFleetKeys()
	if err != nil {
		b.Fatal(err)
	}
	cfgs, err := testkit.Fleet(1000, k)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	var n int64
	for i, c := range cfgs {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("gw%04d.cfg", i+1)), c, 0o644); err != nil {
			b.Fatal(err)
		}
		n += int64(len(c))
	}
	b.SetBytes(n)
	for b.Loop() {
		var out, errs bytes.Buffer
		if code := run([]string{"ios", "audit", "--json", dir}, nil, &out, &errs); code != exitCheck {
			b.Fatalf("exit %d: %s", code, errs.String())
		}
	}
}
