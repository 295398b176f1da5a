package probe_test

import (
	"fmt"

	"github.com/voicepki/certkit/pkg/probe"
)

func ExampleParseTarget() {
	for _, s := range []string{"cucm1.example.com", "[2001:db8::1]:5062", "ldaps://dc1.example.com", "https://cucm1.example.com/ccmadmin"} {
		t, err := probe.ParseTarget(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(t.Address(), t.IsIP())
	}
	// Output:
	// cucm1.example.com:5061 false
	// [2001:db8::1]:5062 true
	// dc1.example.com:636 false
	// cucm1.example.com:443 false
}
