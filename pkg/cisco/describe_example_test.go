package cisco_test

import (
	"fmt"

	"github.com/voicepki/certkit/pkg/cisco"
)

func ExampleDescribe() {
	fmt.Println(cisco.Describe(load("three/gateway.pem")))
	// Output:
	// CN=gw1
}
