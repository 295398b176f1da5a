package main

import "crypto/x509"

// genProbe writes testdata/probe: a root, and CUCM's certificate with its
// issuing CA and key, which the README test serves with crypto/tls on
// 127.0.0.1:18735 for the certkit probe example (readme_fetch_test.go).
func genProbe() {
	root := chainCA("Example Voice Root CA P", ecKey("probe/root"), nil, notAfter)
	issuing := chainCA("Example Voice Issuing CA P", ecKey("probe/issuing"), root, notAfter)
	key := ecKey("probe/cucm1")
	cucm := chainLeaf("cucm1.example.com", key, issuing, nil)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	check(err)
	write("probe/root.pem", certsPEM(root.Cert))
	write("probe/cucm1-chain.pem", certsPEM(cucm, issuing.Cert))
	write("probe/cucm1.key", pemOf("PRIVATE KEY", pkcs8))
}
