package main

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/convert"
)

// convertData names a file under testdata/.
func convertData(rel string) string {
	return filepath.Join("..", "..", "testdata", rel)
}

// decodedNames decodes PEM output and returns the common names in order.
func decodedNames(t *testing.T, data []byte) []string {
	t.Helper()
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		t.Fatalf("output does not decode: %v\n%s", err, data)
	}
	var names []string
	for _, c := range res.Certificates {
		names = append(names, c.Subject.CommonName)
	}
	return names
}

var sampleOrder = []string{"Example Voice Issuing CA", "vgw1.example.com", "Example Voice Root CA"}

func TestConvertToPEM(t *testing.T) {
	for _, f := range []string{"samples/certnew.p7b"} {
		code, out, errs := certkit(t, nil, "convert", convertData(f))
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if diff := cmp.Diff(sampleOrder, decodedNames(t, []byte(out))); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	}
	// Several inputs, the same certificates in several formats: merged.
	code, out, errs := certkit(t, nil, "convert", convertData("convert/chain.pem"), convertData("convert/chain-ber.p7b"), convertData("convert/utf16le.pem"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want, err := os.ReadFile(convertData("convert/chain.pem"))
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("merged output is not the canonical chain:\n%s", out)
	}
	if !strings.Contains(errs, "dropped 6 duplicate") {
		t.Errorf("stderr does not mention the duplicates: %q", errs)
	}
}

func TestConvertStdin(t *testing.T) {
	p7, err := os.ReadFile(convertData("samples/certnew.p7b"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := certkit(t, p7, "convert", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if diff := cmp.Diff(sampleOrder, decodedNames(t, []byte(out))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestConvertP7BNoLeaf(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "ca.p7b")
	code, out, errs := certkit(t, nil, "convert", convertData("samples/certnew.p7b"), "--to", "p7b", "--no-leaf", "-o", p)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if out != "" {
		t.Errorf("stdout with -o: %q", out)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Example Voice Issuing CA", "Example Voice Root CA"}, decodedNames(t, data)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Never overwrite without --force.
	code, _, errs = certkit(t, nil, "convert", convertData("convert/chain.pem"), "--to", "p7b", "-o", p)
	if code != exitUsage || !strings.Contains(errs, "already exists") {
		t.Errorf("second write without --force: exit %d, stderr %q", code, errs)
	}
	if again, _ := os.ReadFile(p); !bytes.Equal(again, data) {
		t.Error("the file changed without --force")
	}
	if code, _, errs = certkit(t, nil, "convert", convertData("convert/chain.pem"), "--to", "p7b-pem", "-o", p, "--force"); code != exitOK {
		t.Fatalf("--force: exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "CUCM rejects that") {
		t.Errorf("no CUCM hint for a .p7b with a leaf: %q", errs)
	}
}

func TestConvertDER(t *testing.T) {
	code, out, errs := certkit(t, nil, "convert", "--to", "der", convertData("convert/leaf.cer"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want, _ := os.ReadFile(convertData("convert/leaf.der"))
	if out != string(want) {
		t.Error("DER output differs from leaf.der")
	}
	code, out, errs = certkit(t, nil, "convert", "--to", "der", convertData("convert/chain.pem"))
	if code != exitUsage || out != "" || !strings.Contains(errs, "--to p7b") {
		t.Errorf("DER of three: exit %d, stdout %d bytes, stderr %q", code, len(out), errs)
	}
	if code, _, _ := certkit(t, nil, "convert", "--to", "jks", convertData("convert/chain.pem")); code != exitUsage {
		t.Errorf("--to jks: exit %d, want %d", code, exitUsage)
	}
}

func TestConvertRefusesBinaryToTerminal(t *testing.T) {
	tty := openTerminal(t)
	if !isTerminal(tty) {
		t.Fatal("a pseudo-terminal is not taken for a terminal")
	}
	var errb bytes.Buffer
	code := run([]string{"convert", "--to", "p7b", convertData("convert/chain.pem")}, nil, tty, &errb)
	if code != exitUsage || !strings.Contains(errb.String(), "terminal") {
		t.Errorf("binary to a terminal: exit %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"convert", convertData("convert/chain.pem")}, nil, tty, &errb); code != exitOK {
		t.Errorf("PEM to a terminal: exit %d, stderr %q", code, errb.String())
	}
}

// TestConvertBinaryToDevNull: convert --to der > /dev/null writes, as it
// does to a file: /dev/null is a character device, not a terminal.
func TestConvertBinaryToDevNull(t *testing.T) {
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no %s: %v", os.DevNull, err)
	}
	defer devnull.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "out.der"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for _, out := range []*os.File{devnull, file} {
		for _, format := range []string{"der", "p7b"} {
			in := convertData("convert/chain.pem")
			if format == "der" {
				in = convertData("convert/leaf.der")
			}
			var errb bytes.Buffer
			if code := run([]string{"convert", "--to", format, in}, nil, out, &errb); code != exitOK || strings.Contains(errb.String(), "terminal") {
				t.Errorf("--to %s > %s: exit %d, stderr %q; want it written", format, out.Name(), code, errb.String())
			}
		}
	}
	want, err := os.ReadFile(convertData("convert/leaf.der"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(file.Name())
	if err != nil || !bytes.HasPrefix(got, want) {
		t.Errorf("the file does not start with the DER certificate (%d bytes, %v)", len(got), err)
	}
}

func TestConvertBadInputs(t *testing.T) {
	for _, f := range []string{
		"convert/bad/empty.bin", "convert/bad/random.bin", "convert/bad/image.png",
		"convert/bad/nested-ber.bin", "convert/bad/notes.txt", "convert/truncated.der",
		"convert/truncated.pem", "convert/truncated.p7b", "convert/key-only.pem",
		"convert/crl.pem", "convert/crl-only.p7c", "convert/empty.p7b", "convert/request.csr",
		"convert/no-such-file",
	} {
		code, out, errs := certkit(t, nil, "convert", convertData(f))
		if code != exitUsage {
			t.Errorf("%s: exit %d, want %d", f, code, exitUsage)
		}
		if out != "" {
			t.Errorf("%s: wrote to stdout: %q", f, out)
		}
		if prefix := "certkit: " + convertData(f) + ": "; !strings.HasPrefix(errs, prefix) {
			t.Errorf("%s: stderr %q does not start with %q", f, errs, prefix)
		}
	}
}

func TestConvertZeros(t *testing.T) {
	code, _, errs := certkit(t, make([]byte, 64<<20), "convert", "-")
	if code != exitUsage || !strings.Contains(errs, "64 MiB of zero bytes") {
		t.Errorf("64 MiB of zeros: exit %d, stderr %q", code, errs)
	}
	code, _, errs = certkit(t, make([]byte, 64<<20+1), "convert", "-")
	if code != exitUsage || !strings.Contains(errs, "MiB") {
		t.Errorf("over the limit: exit %d, stderr %q", code, errs)
	}
}

func TestConvertPKCS12Password(t *testing.T) {
	p12 := convertData("convert/chain-modern.p12")
	code, _, errs := certkit(t, nil, "convert", p12)
	if code != exitUsage || !strings.Contains(errs, "--password-file") {
		t.Errorf("no password: exit %d, stderr %q", code, errs)
	}
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("certkit-test\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := certkit(t, nil, "convert", "--password-file", pw, p12)
	if code != exitOK {
		t.Fatalf("with --password-file: exit %d: %s", code, errs)
	}
	if diff := cmp.Diff([]string{"cube1.example.com", "Example Convert Issuing CA", "Example Convert Root CA"}, decodedNames(t, []byte(out))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if strings.Contains(out, "PRIVATE KEY") || !strings.Contains(errs, "private key") {
		t.Errorf("the key must be noted on stderr and never written: stderr %q", errs)
	}
}

// TestConvertPasswordlessPKCS12WithPassword: the password that opens one
// input does not stop a passwordless PKCS#12 beside it from being read.
func TestConvertPasswordlessPKCS12WithPassword(t *testing.T) {
	t.Setenv("CERTKIT_PASSWORD", "certkit-test")
	code, out, errs := certkit(t, nil, "convert", convertData("convert/chain-modern.p12"), convertData("convert/leaf-nopassword.p12"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if diff := cmp.Diff([]string{"cube1.example.com", "Example Convert Issuing CA", "Example Convert Root CA"}, decodedNames(t, []byte(out))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !strings.Contains(errs, "dropped 1 duplicate") {
		t.Errorf("stderr does not mention the duplicate leaf: %q", errs)
	}
	t.Setenv("CERTKIT_PASSWORD", "x")
	code, out, errs = certkit(t, nil, "inspect", convertData("convert/leaf-nopassword.p12"))
	if code != exitOK || !strings.Contains(out, "cube1.example.com") {
		t.Errorf("inspect with an unneeded password: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

// TestConvertMangledPEM: PEM whose line breaks became spaces, and a chain
// quoted in an email reply, convert like clean PEM.
func TestConvertMangledPEM(t *testing.T) {
	leafPEM, err := os.ReadFile(convertData("convert/leaf.cer"))
	if err != nil {
		t.Fatal(err)
	}
	chainPEM, err := os.ReadFile(convertData("convert/chain.pem"))
	if err != nil {
		t.Fatal(err)
	}
	for f, want := range map[string][]byte{
		"convert/spaced-body.pem":    leafPEM,
		"convert/spaced-oneline.pem": leafPEM,
		"convert/quoted.pem":         chainPEM,
	} {
		code, out, errs := certkit(t, nil, "convert", convertData(f))
		if code != exitOK {
			t.Errorf("%s: exit %d: %s", f, code, errs)
			continue
		}
		if out != string(want) {
			t.Errorf("%s: output is not the clean PEM:\n%s", f, out)
		}
	}
}

// TestConvertNoLeafOfLeafOnly: --no-leaf with nothing but a device
// certificate says so in the user's words, not as a fault of the file.
func TestConvertNoLeafOfLeafOnly(t *testing.T) {
	code, out, errs := certkit(t, nil, "convert", "--no-leaf", "--to", "p7b-pem", convertData("convert/leaf.der"))
	if code != exitUsage || out != "" {
		t.Errorf("exit %d, stdout %q; want %d and nothing", code, out, exitUsage)
	}
	want := "certkit: --no-leaf left out every certificate: the input holds only the device certificate CN=cube1.example.com, no CA certificate\n"
	if !strings.HasPrefix(errs, want) {
		t.Errorf("stderr = %q, want it to start with %q", errs, want)
	}
	if strings.Contains(errs, "NoLeaf") || strings.Contains(errs, convertData("convert/leaf.der")) {
		t.Errorf("stderr names a Go field or blames the file: %q", errs)
	}
}

// TestConvertOutputStdout: -o - is standard output, with the same refusal
// of binary to a terminal, and no file named "-" appears.
func TestConvertOutputStdout(t *testing.T) {
	p7, err := filepath.Abs(convertData("convert/chain.p7b"))
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := filepath.Abs(convertData("convert/leaf.der"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	code, out, errs := certkit(t, nil, "convert", "-o", "-", p7)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want, err := os.ReadFile(p7)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"cube1.example.com", "Example Convert Root CA", "Example Convert Issuing CA"}, decodedNames(t, []byte(out))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	code, out, errs = certkit(t, nil, "convert", "--to", "p7b", "-o", "-", p7)
	if code != exitOK || out != string(want) {
		t.Errorf("--to p7b -o -: exit %d, %d bytes on stdout (want %d): %s", code, len(out), len(want), errs)
	}
	if _, err := os.Lstat("-"); err == nil {
		t.Error(`-o - wrote a file named "-"`)
	}
	tty := openTerminal(t)
	var errb bytes.Buffer
	code = run([]string{"convert", "--to", "der", "-o", "-", leaf}, nil, tty, &errb)
	if code != exitUsage || !strings.Contains(errb.String(), "terminal") {
		t.Errorf("binary -o - to a terminal: exit %d, stderr %q", code, errb.String())
	}
}

// TestConvertOutputErrorsNamePath: a failed write says which path, never
// the temporary file's name.
func TestConvertOutputErrorsNamePath(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ out, want string }{
		{filepath.Join(dir, "nodir", "x.pem"), "certkit: " + filepath.Join(dir, "nodir", "x.pem") + ": directory " + filepath.Join(dir, "nodir") + " does not exist\n"},
		{filepath.Join(notDir, "x.pem"), "certkit: " + filepath.Join(notDir, "x.pem") + ": " + notDir + " is not a directory\n"},
		{dir, "certkit: " + dir + ": is a directory, not a file\n"},
	} {
		for _, force := range []string{"--force=false", "--force"} {
			code, out, errs := certkit(t, nil, "convert", "-o", tc.out, force, convertData("convert/leaf.der"))
			if code != exitUsage || out != "" || errs != tc.want {
				t.Errorf("-o %s %s: exit %d, stdout %q, stderr %q; want %d and %q", tc.out, force, code, out, errs, exitUsage, tc.want)
			}
		}
	}
	// writeFileAtomic itself, for the commands that call it directly.
	err := writeFileAtomic(dir, []byte("x"), true)
	if err == nil || !strings.HasPrefix(err.Error(), dir+": ") || strings.Contains(err.Error(), ".tmp-") {
		t.Errorf("writeFileAtomic onto a directory: %v", err)
	}
	err = writeFileAtomic(filepath.Join(dir, "nodir", "x.pem"), []byte("x"), false)
	if err == nil || !strings.HasPrefix(err.Error(), filepath.Join(dir, "nodir", "x.pem")+": ") {
		t.Errorf("writeFileAtomic into a missing directory: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left behind in %s: %d entries, want 1", dir, len(entries))
	}
}

// TestConvertConformance runs certkit convert on every file of the public
// format corpus: the certificates it prints must be openssl's, and where
// openssl reads none it must exit 2.
func TestConvertConformance(t *testing.T) {
	dir := filepath.Join(testkit.PeerDir(t), "formats")
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Skipf("no peer manifest: %v", err)
	}
	var m struct {
		Files []struct {
			File     string    `json:"file"`
			Kind     string    `json:"kind"`
			Certs    *[]string `json:"certs"`
			Password string    `json:"password"`
		} `json:"files"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	pwDir := t.TempDir()
	for _, f := range m.Files {
		t.Run(f.File, func(t *testing.T) {
			args := []string{"convert", filepath.Join(dir, f.File)}
			if f.Password != "" {
				pw := filepath.Join(pwDir, "pw")
				if err := os.WriteFile(pw, []byte(f.Password), 0o600); err != nil {
					t.Fatal(err)
				}
				args = append(args, "--password-file", pw)
			}
			if f.Kind == "csr" {
				args[0] = "inspect"
				code, _, errs := certkit(t, nil, args...)
				if want := map[bool]int{true: exitUsage, false: exitOK}[f.Certs == nil]; code != want {
					t.Errorf("inspect of a CSR: exit %d, want %d: %s", code, want, errs)
				}
				return
			}
			code, out, errs := certkit(t, nil, args...)
			if f.Certs == nil || len(*f.Certs) == 0 {
				if code != exitUsage || out != "" || !strings.HasPrefix(errs, "certkit: ") {
					t.Errorf("openssl reads no certificate: exit %d, stdout %d bytes, stderr %q", code, len(out), errs)
				}
				return
			}
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			res, err := convert.Decode([]byte(out), convert.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range res.Certificates {
				got = append(got, sha256Of(c))
			}
			if diff := cmp.Diff(*f.Certs, got); diff != "" {
				t.Errorf("(-openssl +certkit):\n%s", diff)
			}
		})
	}
}

func sha256Of(c *x509.Certificate) string {
	s := sha256.Sum256(c.Raw)
	return hex.EncodeToString(s[:])
}

// TestPasswordFileEncodings: a password file saved by PowerShell (UTF-16LE
// or BE with a BOM, CRLF), by Notepad (UTF-8 with a BOM) or by echo (LF)
// opens the .pfx; so does $CERTKIT_PASSWORD with a line break at its end.
// A second line break is part of the password, so that one fails.
func TestPasswordFileEncodings(t *testing.T) {
	p12 := convertData("convert/chain-modern.p12")
	le := []byte{0xFF, 0xFE}
	be := []byte{0xFE, 0xFF}
	for _, r := range "certkit-test\r\n" {
		le = append(le, byte(r), 0)
		be = append(be, 0, byte(r))
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		data []byte
		code int
	}{
		{"utf16le-crlf", le, exitOK},
		{"utf16be-crlf", be, exitOK},
		{"utf8-bom-crlf", []byte("\xEF\xBB\xBFcertkit-test\r\n"), exitOK},
		{"utf8-lf", []byte("certkit-test\n"), exitOK},
		{"utf8-none", []byte("certkit-test"), exitOK},
		{"two-line-breaks", []byte("certkit-test\n\n"), exitUsage},
	} {
		pw := filepath.Join(dir, tc.name)
		if err := os.WriteFile(pw, tc.data, 0o600); err != nil {
			t.Fatal(err)
		}
		code, out, errs := certkit(t, nil, "convert", "--password-file", pw, p12)
		if code != tc.code || (code == exitOK) != strings.Contains(out, "BEGIN CERTIFICATE") {
			t.Errorf("%s: exit %d, want %d; stderr %s", tc.name, code, tc.code, errs)
		}
	}
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string {
		if k == "CERTKIT_PASSWORD" {
			return "certkit-test\r\n"
		}
		return ""
	}}
	if code := runConvert(e, []string{p12}); code != exitOK {
		t.Errorf("$CERTKIT_PASSWORD with CRLF: exit %d: %s", code, errb.String())
	}
	bad := filepath.Join(dir, "latin1")
	if err := os.WriteFile(bad, []byte("p\xe4ss\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := certkit(t, nil, "convert", "--password-file", bad, p12)
	if code != exitUsage || !strings.Contains(errs, "password file "+bad+": the password is not UTF-8 text") {
		t.Errorf("Latin-1 password file: exit %d, stderr %s", code, errs)
	}
}
