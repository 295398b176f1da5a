package cucm

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/convert"
)

// TestAuditSameNameIsLinear: a trust store of 3,000 CA certificates all
// named CN=Same, each signed by the one before (the hostile file of issue
// 23), costs the audit its self-signed check and at most MaxCandidates
// issuer checks per certificate, never one per pair.
func TestAuditSameNameIsLinear(t *testing.T) {
	const n = 3000
	certs, err := testkit.SameName(n, true)
	if err != nil {
		t.Fatal(err)
	}
	files := make([]File, n)
	for i := range certs {
		pem, err := convert.Encode(certs[i:i+1], convert.EncodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		files[i] = File{Name: fmt.Sprintf("same-%d.pem", i), Data: pem}
	}
	s, err := readStore("CallManager-trust", files)
	if err != nil {
		t.Fatal(err)
	}
	if _, a, err := audit([]*trustStore{s}, Options{At: testAt}); err != nil {
		t.Fatal(err)
	} else if got, limit := a.checks.Load(), int64((certrole.MaxCandidates+1)*n); got > limit {
		t.Errorf("%d signature checks for a store of %d certificates of one name, want at most %d", got, n, limit)
	}
}

// TestCSVCellFormula: a cell that begins with =, +, -, @, a tab or a
// carriage return gets a ' before it (OWASP's advice on CSV injection),
// and is escaped as x509text.Printable escapes it; other cells are as
// they are.
func TestCSVCellFormula(t *testing.T) {
	for in, want := range map[string]string{
		"=2+5+cmd@calc!A1.pem":     "'=2+5+cmd@calc!A1.pem",
		"+cmd":                     "'+cmd",
		"-2+3":                     "'-2+3",
		"@SUM(1+1)cmd.pem":         "'@SUM(1+1)cmd.pem",
		"\t=cmd":                   `'\09=cmd`,
		"\r=cmd":                   `'\0D=cmd`,
		"vgw1.pem":                 "vgw1.pem",
		"CN=Example,O=A=B":         "CN=Example,O=A=B",
		"2125-01-01T00:00:00Z":     "2125-01-01T00:00:00Z",
		"file\x1b]0;title\x07.pem": `file\1B]0;title\07.pem`,
		"":                         "",
	} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAuditCSVFormulaFileName: testdata/hostile/formula holds a root that
// expired in 2020 in a file named =2+5+cmd@calc!A1.pem; the audit's CSV
// names that file with a ' before it, so that a spreadsheet shows it as
// text instead of running it.
func TestAuditCSVFormulaFileName(t *testing.T) {
	tree, err := readTree(os.DirFS("../../../testdata/hostile/formula"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := auditStores(tree.Stores, Options{At: testAt})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(rep.CSV())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1][1] != "'=2+5+cmd@calc!A1.pem" {
		t.Fatalf("CSV rows %q, want the formula-named expired root with a ' before its name", rows)
	}
	for i, cell := range rows[1] {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("column %s begins with %q: %q", rows[0][i], cell[0], cell)
		}
	}
}
