package convert

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// backups50MB is about 50 MB of configuration backups, one whole
// configuration (four certificates in IOS hex among everything else) per
// file, and beside it the same certificates as one PEM file per backup.
var backups50MB = sync.OnceValues(func() (configs, pems [][]byte) {
	cfg, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ios", "config", "full-config.txt"))
	if err != nil {
		panic(err)
	}
	res, err := Decode(cfg, Options{})
	if err != nil {
		panic(err)
	}
	pem, err := Encode(res.Certificates, EncodeOptions{})
	if err != nil {
		panic(err)
	}
	for n := 0; n < 50<<20; n += len(cfg) {
		// Each backup names its own host, as a folder of backups does.
		host := []byte("hostname gw" + itoa(len(configs)))
		configs = append(configs, bytes.Replace(cfg, []byte("hostname verybiggw"), host, 1))
		pems = append(pems, pem)
	}
	return configs, pems
})

func benchFolder(b *testing.B, files [][]byte) {
	var n int64
	for _, f := range files {
		n += int64(len(f))
	}
	b.SetBytes(n)
	certs := 0
	for b.Loop() {
		certs = 0
		for _, f := range files {
			res, err := Decode(f, Options{})
			if err != nil {
				b.Fatal(err)
			}
			certs += len(res.Certificates)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(certs), "ns/cert")
}

// BenchmarkDecodeIOSBackups50MB decodes the backup folder and, in the
// same run, the same certificates as PEM.
func BenchmarkDecodeIOSBackups50MB(b *testing.B) {
	configs, pems := backups50MB()
	b.Run("config", func(b *testing.B) { benchFolder(b, configs) })
	b.Run("pem", func(b *testing.B) { benchFolder(b, pems) })
}
