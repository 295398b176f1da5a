package x509text

import "testing"

// A value's last space survives when escaped ("\ "), also as the name's
// last character; after an escaped backslash ("\\ ") the space is not
// escaped and goes.
func TestParseNameTrailingSpace(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`CN=gw1\ `, "gw1 "},
		{`CN=gw1\  `, "gw1 "},
		{`CN=gw1 `, "gw1"},
		{`CN=gw1\\ `, `gw1\`},
		{`CN=gw1\\\ `, `gw1\ `},
		{`O=x,CN=gw1\ ,C=US`, "gw1 "},
	} {
		rdns, err := ParseName(tc.in)
		if err != nil {
			t.Errorf("ParseName(%q): %v", tc.in, err)
			continue
		}
		var got string
		for _, rdn := range rdns {
			for _, a := range rdn {
				if a.Type.String() == "2.5.4.3" {
					got = a.Value
				}
			}
		}
		if got != tc.want {
			t.Errorf("ParseName(%q): CN %q; want %q", tc.in, got, tc.want)
		}
	}
}
