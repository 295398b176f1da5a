package main

// fetchAddr is where the README test serves testdata/fetch/www/: the
// gateway certificate's AIA names it, so it is fixed.
const fetchAddr = "127.0.0.1:18734"

// genFetch writes testdata/fetch: a root, and a gateway certificate whose
// issuing CA is in no file but published, as AD CS publishes it, at an
// LDAP URL and an HTTP URL of its AIA; www/ holds what the HTTP URL
// serves (the issuing CA as DER), for certkit order --fetch.
func genFetch() {
	root := chainCA("Example Voice Root CA 3", ecKey("fetch/root"), nil, notAfter)
	issuing := chainCA("Example Voice Issuing CA 3", ecKey("fetch/issuing"), root, notAfter)
	gw := chainLeaf("vgw3.example.com", ecKey("fetch/vgw3"), issuing, []string{
		"ldap:///CN=Example%20Voice%20Issuing%20CA%203,CN=AIA,CN=Public%20Key%20Services,CN=Services,CN=Configuration,DC=example,DC=com?cACertificate?base?objectClass=certificationAuthority",
		"http://" + fetchAddr + "/issuing-ca-3.crt",
	})
	write("fetch/root.pem", certsPEM(root.Cert))
	write("fetch/vgw3.pem", certsPEM(gw))
	write("fetch/www/issuing-ca-3.crt", issuing.Cert.Raw)
}
