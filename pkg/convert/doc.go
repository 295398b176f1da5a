// Package convert reads certificates, CSRs, keys and CRLs from every source
// a CA, a Windows export or a terminal produces, and writes certificates
// back out as PEM, DER or a certificates-only PKCS#7.
//
// Decode is the one entry point for reading. It sniffs the input (PEM in
// any of its real-world shapes, DER, BER, PKCS#7, PKCS#12, JKS Java
// keystores, bare base64, UTF-16 text, whole IOS terminal captures) and returns everything it
// found in file order. It is the one text scanner: pkg/csr reads requests
// with it too. Encode writes certificates back out.
//
// # Findings
//
// Result.Notes (and DeferredCertificate.Parse) name what is wrong with a
// certificate that Decode read anyway. Each is a warning about its
// certificate whose message names the defect in words and says exactly
// what was found. Its Code is one of these stable strings:
//
//   - negative-serial: a serial number below zero (Cisco ASA and other
//     appliances write them). crypto/x509 refuses it by default.
//   - serial-encoding: a serial number INTEGER with needless leading
//     octets.
//   - crl-dp-directory-name: a CRL distribution point named by a
//     directoryName. crypto/x509 drops every name after it.
//   - crl-dp-relative-name: a CRL distribution point named relative to
//     the CRL issuer, which crypto/x509 refuses.
//   - inherited-dsa-parameters: a DSA key without parameters, which RFC
//     3279 says come from the issuer's key. The certificate's PublicKey
//     is a *dsa.PublicKey with Y only; package chain completes it from
//     the issuer when it checks a signature the key made.
//   - duplicate-extension: an extension that appears twice. The first
//     copy is the one read.
//   - malformed-san: a subject alternative name entry that is not what
//     its type says (an IP address of 5 bytes, a DNS name that is not
//     ASCII). It is left out of DNSNames, IPAddresses and the rest.
//   - printable-string: a PrintableString in a name with characters
//     outside the PrintableString set ('_', '@' and the like).
//   - name-string: another string in a name that is not what its type
//     says (an IA5String that is not ASCII, a UTF8String that is not
//     UTF-8, a BMPString of odd length).
//   - time-format: a validity time not in RFC 5280's form (UTCTime
//     without seconds or with an offset instead of Z, GeneralizedTime
//     without a time zone or with fractions). A time without a zone is
//     read as UTC; one that cannot be read at all is left zero.
//   - public-key-unreadable: a public key crypto/x509 cannot parse.
//     PublicKey is nil and PublicKeyAlgorithm UnknownPublicKeyAlgorithm.
//   - extension-unreadable: any other extension crypto/x509 cannot parse.
//     It stays in Extensions but none of the fields it would fill is set.
//   - keystore-key-password: the private key of a JKS or JCEKS
//     keystore's key entry, on the first certificate of its chain, that
//     the password given does not open though it opens the keystore (its
//     key password differs). The chain is read; the key is counted as
//     "encrypted".
//
// # Java keystores
//
// JKS keystores (magic number FEEDFEED) are read with
// github.com/pavlo-v-chernykh/keystore-go, JCEKS keystores (CECECECE,
// keytool's -storetype JCEKS) with certigo's reader,
// github.com/square/certigo/jceks: the certificate of each
// trusted-certificate entry and the chain of each private-key entry, in
// file order, their keys counted as PKCS#12 keys are. Options.Password is
// the store's password, tried for each key too. A keystore the password
// does not open is refused with ErrJavaKeyStore and ErrIncorrectPassword;
// one that is damaged, with ErrJavaKeyStore and ErrTruncated or
// ErrMalformed. A JCEKS keystore holding a secret key (keytool
// -genseckey), or of a version other than 2, is named and refused with
// ErrJavaKeyStore: the library reads neither. Its keys may ask for
// 5,000,000 key-derivation iterations in all (Java's own limit for one
// key; keytool asks 200,000 a key).
package convert
