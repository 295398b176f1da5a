package ios

import (
	"errors"
	"strings"
	"testing"
)

// FuzzPasteSession checks that no trustpoint name can break out of its
// line: either the name is refused, or the session is exactly the eleven
// kinds of line it should be, starting with the authenticate command.
func FuzzPasteSession(f *testing.F) {
	seeds := []string{"gw1", "GW1", "gw 1", "gw1\nquit", "", "tp-é", "a\x00b", "gw?"}
	if len(seeds) == 0 {
		f.Fatal("no seeds")
	}
	for _, s := range seeds {
		f.Add(s)
	}
	root := newTestCA(f, "Root", nil, nil)
	issuing := newTestCA(f, "Issuing", root, nil)
	gw := newTestLeaf(f, "gw1", nil, issuing, nil, nil)
	f.Fuzz(func(t *testing.T, tp string) {
		p, err := PasteSession(tp, issuing.Cert, gw, PasteOptions{})
		if err != nil {
			if !errors.Is(err, errInvalidName) {
				t.Fatalf("PasteSession(%q): error %v is not ErrInvalidName", tp, err)
			}
			return
		}
		lines := strings.Split(p.Text, "\n")
		if lines[0] != "crypto pki authenticate "+tp {
			t.Errorf("first line %q", lines[0])
		}
		var quits, imports int
		for _, l := range lines {
			switch {
			case l == "quit":
				quits++
			case l == "crypto pki import "+tp+" certificate":
				imports++
			}
		}
		if quits != 2 || imports != 1 {
			t.Errorf("trustpoint %q: %d quit lines and %d import lines", tp, quits, imports)
		}
	})
}
