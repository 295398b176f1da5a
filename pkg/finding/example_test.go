package finding_test

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/finding"
)

// Every certkit command prints a finding in this JSON form; one about a
// certificate also names it by its SHA-256 and subject.
func ExampleFinding_MarshalJSON() {
	f := finding.Finding{
		Code:     finding.CodeWildcard,
		Severity: finding.Warning,
		Message:  `the request names "*.example.com"; CUCM refuses wildcard certificates`,
	}
	out, _ := json.Marshal(f)
	fmt.Println(string(out))
	fmt.Println(string(f.Code) + ": " + f.Message) // as certkit prints one on stderr, after its severity
	// Output:
	// {"severity":"warning","code":"wildcard","message":"the request names \"*.example.com\"; CUCM refuses wildcard certificates"}
	// wildcard: the request names "*.example.com"; CUCM refuses wildcard certificates
}

func ExampleSeverity_UnmarshalText() {
	var s finding.Severity
	err := s.UnmarshalText([]byte("error"))
	fmt.Println(s == finding.Error, err)
	fmt.Println(s.UnmarshalText([]byte("fatal")))
	// Output:
	// true <nil>
	// finding: unknown severity "fatal" (want info, warning or error)
}

// A finding about a certificate carries it, for the JSON's sha256 and
// subject.
func ExampleFinding_certificate() {
	data, err := os.ReadFile("../../testdata/samples/certnew.p7b")
	if err != nil {
		panic(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		panic(err)
	}
	gw := res.Certificates[1]
	f := finding.Finding{Code: finding.CodeMissingEKU, Severity: finding.Warning, Message: "lacks clientAuth", Certificate: gw}
	out, _ := json.MarshalIndent(f, "", "  ")
	fmt.Println(string(out))
	// Output:
	// {
	//   "severity": "warning",
	//   "code": "missing-eku",
	//   "message": "lacks clientAuth",
	//   "sha256": "3943ffe8584bce10e8839668681bfa64ab513a9468a01fb4ca8e13b74cff605b",
	//   "subject": "CN=vgw1.example.com,O=Example Voice,C=US"
	// }
}
