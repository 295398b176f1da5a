package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every command that reads FILE... goes through one input loop: each input
// it cannot use is named, every one of them and not only the first, and
// the command stops with exit 2 before it writes anything.
func TestEveryBadInputIsNamed(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.pem")
	csrOnly := filepath.Join("..", "..", "testdata", "csr", "vgw1.csr")
	good := filepath.Join("..", "..", "testdata", "samples", "certnew.p7b")
	for _, args := range [][]string{
		{"split", "-o", filepath.Join(dir, "out"), missing, good, csrOnly},
		{"convert", missing, good, csrOnly},
		{"order", missing, good, csrOnly},
		{"order", "--trust", missing, "--trust", csrOnly, good},
		{"cucm", missing, good, csrOnly},
	} {
		name := strings.Join(args, " ")
		code, out, errs := certkit(t, nil, args...)
		if code != exitUsage {
			t.Errorf("%s: exit %d, want %d", name, code, exitUsage)
		}
		for _, want := range []string{
			"certkit: " + missing + ": no such file or directory\n",
			"certkit: " + csrOnly + ": ",
		} {
			if !strings.Contains(errs, want) {
				t.Errorf("%s: stderr lacks %q:\n%s", name, want, errs)
			}
		}
		if out != "" {
			t.Errorf("%s: wrote to stdout although an input is bad:\n%s", name, out)
		}
	}
}

// testdataPath names a file under testdata/.
func testdataPath(rel ...string) string {
	return filepath.Join(append([]string{"..", "..", "testdata"}, rel...)...)
}

// A show crypto pki capture holds no certificate: every file command says
// what it is, naming the file, and points at certkit ios audit, which
// reads it; ios audit still does.
func TestShowOutputPointsAtIOSAudit(t *testing.T) {
	show := testdataPath("ios", "show", "certificates.txt")
	want := "certkit: " + show + ": convert: IOS show crypto pki certificates output: details of 4 certificates, not the certificates themselves\n" +
		"certkit: hint: certkit ios audit reads show crypto pki output; for the certificates, capture show running-config or crypto pki export TP pem terminal\n"
	dir := t.TempDir()
	for _, args := range [][]string{
		{"inspect", show},
		{"order", show},
		{"split", "-o", filepath.Join(dir, "out"), show},
		{"convert", show},
		{"convert", "--to", "der", "-o", filepath.Join(dir, "x.der"), show},
		{"cucm", show},
		{"issuer-for", show},
		{"match", show, testdataPath("csr", "vgw1.csr")},
	} {
		code, _, errs := certkit(t, nil, args...)
		if code != exitUsage || !strings.Contains(errs, want) {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant exit 2 and:\n%s", strings.Join(args, " "), code, errs, want)
		}
		for _, l := range strings.Split(strings.TrimSuffix(errs, "\n"), "\n") {
			if len(l) > 160 {
				t.Errorf("%s: a line of %d characters: %s", args[0], len(l), l)
			}
		}
	}
	if code, _, errs := certkit(t, nil, "ios", "audit", show); code == exitUsage || strings.Contains(errs, "convert:") {
		t.Errorf("ios audit: exit %d, stderr %q", code, errs)
	}
}

// A Java keystore certkit cannot read (a damaged JKS, a JCEKS holding a
// secret key) is named as one, with the way to a form certkit reads.
func TestJavaKeyStoreNamed(t *testing.T) {
	dir := t.TempDir()
	for name, tc := range map[string]struct{ data, found string }{
		"store.jks": {"\xfe\xed\xfe\xed\x00\x00\x00\x02\x00\x00\x00\x00", "a Java keystore (JKS) that ends before its integrity check (12 bytes)"},
		"store.jceks": {"\xce\xce\xce\xce\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\x03\x00\x01k\x00\x00\x00\x00\x00\x00\x00\x00\xac\xed",
			`a Java keystore (JCEKS) whose entry "k" holds a secret key, which certkit cannot read: the library it reads JCEKS with reads only certificates and private keys`},
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(tc.data), 0o600); err != nil {
			t.Fatal(err)
		}
		code, _, errs := certkit(t, nil, "inspect", p)
		want := "certkit: " + p + ": convert: " + tc.found + "\ncertkit: hint: convert it to PKCS#12 first: keytool -importkeystore"
		if code != exitUsage || !strings.Contains(errs, want) {
			t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", code, errs, want)
		}
	}
}

// A JKS or JCEKS keystore is read like any input, its password from
// --password-file or $CERTKIT_PASSWORD; a wrong or missing one is called
// so, with the keystore's hint, and a key password that differs is a note.
func TestJavaKeyStoreRead(t *testing.T) {
	for _, kind := range []struct{ ext, what string }{{"jks", "JKS"}, {"jceks", "JCEKS"}} {
		t.Run(kind.what, func(t *testing.T) { testJavaKeyStoreRead(t, kind.ext, kind.what) })
	}
}

func testJavaKeyStoreRead(t *testing.T, ext, what string) {
	jks := testdataPath("convert", "keystore."+ext)
	dir := t.TempDir()
	pwFile, wrong := filepath.Join(dir, "pw.txt"), filepath.Join(dir, "wrong.txt")
	if err := os.WriteFile(pwFile, []byte("changeit\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(wrong, []byte("nope\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"convert", "inspect", "order"} {
		code, out, errs := certkit(t, nil, cmd, "--password-file", pwFile, jks)
		if code != exitOK || !strings.Contains(out, "uccx1.example.com") && !strings.Contains(out, "BEGIN CERTIFICATE") || strings.Contains(out, "PRIVATE KEY") {
			t.Errorf("%s: exit %d, stdout:\n%s\nstderr:\n%s", cmd, code, out, errs)
		}
		code, _, errs = certkit(t, nil, cmd, "--password-file", wrong, jks)
		want := "certkit: " + jks + ": convert: a Java keystore (" + what + ") that the given password does not open: its integrity check fails\n" +
			"certkit: hint: the password from " + wrong + " is wrong for this file"
		if code != exitUsage || !strings.Contains(errs, want) {
			t.Errorf("%s, wrong password: exit %d, stderr:\n%s", cmd, code, errs)
		}
		code, _, errs = certkit(t, nil, cmd, jks)
		if code != exitUsage || !strings.Contains(errs, "certkit: hint: give the keystore's password with --password-file FILE or $CERTKIT_PASSWORD") {
			t.Errorf("%s, no password: exit %d, stderr:\n%s", cmd, code, errs)
		}
	}
	code, out, errs := certkit(t, nil, "convert", "--password-file", pwFile, jks)
	if n := strings.Count(out, "BEGIN CERTIFICATE"); code != exitOK || n != 3 || !strings.Contains(errs, "also holds a private key, which is not written out") {
		t.Errorf("convert: exit %d, %d certificates, stderr:\n%s", code, n, errs)
	}
	t.Setenv("CERTKIT_PASSWORD", "changeit")
	keypass := testdataPath("convert", "keystore-keypass."+ext)
	code, out, errs = certkit(t, nil, "order", keypass)
	want := "certkit: note: " + keypass + `: CN=uccx1.example.com: the password given opens the keystore but not the private key of its entry "tomcat", whose key password differs: the key is not read`
	if code != exitOK || strings.Count(out, "BEGIN CERTIFICATE") != 3 || !strings.Contains(errs, "chain 1 (complete)") || !strings.Contains(errs, want) {
		t.Errorf("order, key password differs: exit %d, stdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

// A PKCS#12 password that was given but is wrong is called wrong, naming
// where it came from; the hint to give one is for when none was given.
func TestWrongPasswordHint(t *testing.T) {
	p12 := testdataPath("convert", "chain-modern.p12")
	dir := t.TempDir()
	wrong, empty := filepath.Join(dir, "wrong.txt"), filepath.Join(dir, "empty.txt")
	if err := os.WriteFile(wrong, []byte("not-the-password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	const giveHint = "certkit: hint: give the PKCS#12 password with --password-file FILE or $CERTKIT_PASSWORD\n"
	for _, cmd := range []string{"convert", "inspect", "order", "split"} {
		args := func(extra ...string) []string {
			a := []string{cmd}
			if cmd == "split" {
				a = append(a, "-o", filepath.Join(dir, "out"))
			}
			return append(append(a, extra...), p12)
		}
		code, _, errs := certkit(t, nil, args("--password-file", wrong)...)
		want := "certkit: " + p12 + ": convert: PKCS#12 that the given password does not open\n" +
			"certkit: hint: the password from " + wrong + " is wrong for this file: check it (spaces count; one line break at its end is dropped)\n"
		if code != exitUsage || !strings.Contains(errs, want) || strings.Contains(errs, giveHint) {
			t.Errorf("%s, wrong password file: exit %d, stderr:\n%s", cmd, code, errs)
		}
		code, _, errs = certkit(t, nil, args("--password-file", empty)...)
		if code != exitUsage || !strings.Contains(errs, "certkit: hint: the password file "+empty+" is empty") || strings.Contains(errs, giveHint) {
			t.Errorf("%s, empty password file: exit %d, stderr:\n%s", cmd, code, errs)
		}
		code, _, errs = certkit(t, nil, args()...)
		if code != exitUsage || !strings.Contains(errs, giveHint) {
			t.Errorf("%s, no password: exit %d, stderr:\n%s", cmd, code, errs)
		}
	}
	t.Setenv("CERTKIT_PASSWORD", "not-the-password")
	code, _, errs := certkit(t, nil, "convert", p12)
	if code != exitUsage || !strings.Contains(errs, "certkit: hint: the password from $CERTKIT_PASSWORD is wrong for this file") {
		t.Errorf("wrong $CERTKIT_PASSWORD: exit %d, stderr:\n%s", code, errs)
	}
}
