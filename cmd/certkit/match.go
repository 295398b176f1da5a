package main

import (
	"crypto"
	"errors"
	"fmt"

	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/csr"
)

const matchAbout = `
Say whether CERT and a private key, a CSR or a PKCS#12 (.pfx/.p12) file
hold the same public key: does this certificate belong to my key or CSR?
Give the PKCS#12 password with --password-file or $CERTKIT_PASSWORD.
Exit 0 when they match, 1 when they do not, 2 when an input is unreadable.`

// publicKey is what every crypto public key type implements.
type publicKey interface {
	Equal(crypto.PublicKey) bool
}

func runMatch(e *env, args []string) int {
	fs := e.flags("match", "[--password-file FILE] CERT KEY|CSR|PFX", matchAbout)
	pwFile := passwordFlag(fs)
	files, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(files) != 2 {
		return e.usageError("match", "takes two files, CERT then KEY, CSR or PFX; got %d", len(files))
	}
	pw, ok := e.readPassword(*pwFile)
	if !ok {
		return exitUsage
	}
	certName, otherName := files[0], files[1]

	d := e.decodeInputs([]string{certName}, pw)[0]
	res, err := d.res, d.err
	if err == nil && len(res.Certificates) == 0 {
		err = errors.New("holds no certificate")
	}
	if err != nil {
		hints := e.decodeHints(err)
		if res != nil && (res.KeyCount > 0 || len(res.Requests) > 0) {
			hints = append(hints, orderHint)
		}
		e.fileError(certName, err, hints...)
		return exitUsage
	}
	certs := res.Certificates

	data, err := e.readInput(otherName)
	if err != nil {
		e.fileError(otherName, err)
		return exitUsage
	}
	pub, what, err := matchKey(data, pw)
	if err != nil {
		hints := e.decodeHints(err)
		switch {
		case errors.Is(err, errOnlyCertificates) && res.KeyCount > 0:
			// A PKCS#12 first and its certificate second: swapped.
			hints = append(hints, orderHint)
		case errors.Is(err, errOnlyCertificates):
			hints = append(hints, secondHint)
		}
		e.fileError(otherName, err, hints...)
		return exitUsage
	}

	for i, c := range certs {
		if pk, ok := c.PublicKey.(publicKey); ok && pk.Equal(pub) {
			where := ""
			if len(certs) > 1 {
				where = fmt.Sprintf(" (certificate %d of %d)", i+1, len(certs))
			}
			fmt.Fprintf(e.stdout, "match: the certificate %s%s and the %s hold the same %s public key\n", x509text.Describe(c), where, what, keyDescription(pub))
			return exitOK
		}
	}
	if len(certs) > 1 {
		fmt.Fprintf(e.stdout, "no match: none of the %d certificates in %s holds the %s's public key (%s)\n", len(certs), displayName(certName), what, keyDescription(pub))
		return exitCheck
	}
	fmt.Fprintf(e.stdout, "no match: the certificate %s and the %s (%s key) hold different public keys\n", x509text.Describe(certs[0]), what, keyDescription(pub))
	return exitCheck
}

// matchKey reads the public key of a CSR (any form csr.Parse takes, IOS
// captures included) or of the private key in a key file or PKCS#12 file.
func matchKey(data []byte, password string) (crypto.PublicKey, string, error) {
	if req, err := csr.Parse(data); req != nil {
		if err != nil {
			return nil, "", err
		}
		return req.PublicKey, "CSR", nil
	}
	res, err := convert.Decode(data, convert.Options{KeepKeys: true, Password: password})
	if res == nil {
		return nil, "", err
	}
	for _, k := range res.Keys {
		if s, ok := k.(interface{ Public() crypto.PublicKey }); ok {
			return s.Public(), "private key", nil
		}
	}
	if len(res.Requests) > 0 {
		return res.Requests[0].PublicKey, "CSR", nil
	}
	if res.KeyCount > 0 {
		return nil, "", unreadKey(res.KeyKinds)
	}
	if len(res.Certificates) > 0 {
		return nil, "", errOnlyCertificates
	}
	return nil, "", errNoKey
}

// unreadKey says why a file's private keys give no public key to compare,
// by the kind of the first.
func unreadKey(kinds []string) error {
	kind := "unknown"
	if len(kinds) > 0 {
		kind = kinds[0]
	}
	switch kind {
	case "encrypted":
		return errors.New("holds an encrypted private key: decrypt it first, for example with openssl pkey")
	case "DSA":
		return errors.New("holds a DSA private key, which certkit does not read (it compares RSA, ECDSA and Ed25519 keys)")
	case "OpenSSH":
		return errors.New("holds an OpenSSH private key, which certkit does not read (it reads PKCS#8, PKCS#1 and SEC 1 keys)")
	}
	return errors.New("holds a private key in a form certkit does not read (it reads unencrypted PKCS#8, PKCS#1 and SEC 1 keys)")
}

var (
	errNoKey            = errors.New("holds no private key and no CSR")
	errOnlyCertificates = errors.New("holds a certificate but no private key and no CSR")
)

const (
	orderHint  = "the certificate goes first: certkit match CERT KEY|CSR|PFX"
	secondHint = "certkit match compares a certificate with a private key, a CSR or a PKCS#12 file: give one of those second"
)

// keyDescription names a key in match's sentences: "RSA 2048-bit",
// "ECDSA 256-bit", "Ed25519".
func keyDescription(pub crypto.PublicKey) string {
	k := x509text.DescribeKey(pub)
	switch {
	case k.Algorithm == "":
		return k.Type
	case k.Algorithm == "Ed25519" || k.Bits == 0:
		return k.Algorithm
	}
	return fmt.Sprintf("%s %d-bit", k.Algorithm, k.Bits)
}
