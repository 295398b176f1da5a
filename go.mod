module github.com/voicepki/certkit

go 1.26.0

require (
	github.com/google/go-cmp v0.7.0
	go.mozilla.org/pkcs7 v0.10.0
	golang.org/x/crypto v0.59.0
	software.sslmate.com/src/go-pkcs12 v0.7.4
)
