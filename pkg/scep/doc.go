// Package scep asks a CA over SCEP (RFC 8894) what an IOS gateway with an
// "enrollment url" will ask it, before the gateway tries: Probe reads the
// CA's capabilities and certificates, and Enroll makes a throwaway key and
// enrolls a real test certificate with a challenge password.
//
// Each is one call returning everything a front end shows, findings
// included (the checks of internal/verdict on every certificate).
//
// The PKI messages (PKCSReq, CertRep, the enveloped and signed PKCS#7) are
// built and read by github.com/smallstep/scep and github.com/smallstep/pkcs7,
// the implementation micromdm's SCEP server (github.com/micromdm/scep/v2)
// itself uses.
//
// Every request is bounded: Options.Timeout each (5 s by default), 1 MiB
// per response body, 64 KiB of response headers, 5 redirects and no
// loops, 32 requests per call. User information in a URL (user:pass@) is
// dropped before the URL is used or returned: SCEP does not use it, and a
// printed URL must not show a password.
//
// # Findings
//
// Besides the checks of every job on each certificate (the codes of
// pkg/finding: expired, weak-signature, name-mismatch...), ProbeResult and
// EnrollResult hold findings whose Code is one of these stable strings:
//
//	scep-no-caps        the server lists no capabilities at GetCACaps
//	scep-weak-hash      the server offers SHA-1 or MD5 and no SHA-256 or SHA-512
//	scep-no-aes         the server offers DES3 and not AES for the envelope
//	scep-no-post        the server does not offer POSTPKIOperation
//	scep-content-type   an answer came with a content type SCEP does not name for it
//	scep-ra             the CA answered with registration authority certificates, as NDES does
//	scep-next-ca        the server has a next CA certificate: a CA rollover is pending
//	scep-no-ca          the GetCACert answer holds no CA certificate
//	scep-issued         (Enroll) the CA issued a real certificate to the test request
//	scep-refused        (Enroll) the CA answered the request with FAILURE
//	scep-pending        (Enroll) the request was still pending when polling stopped
//	scep-not-from-ca    (Enroll) the issued certificate is not signed by a CA certificate of GetCACert
//
// # Errors
//
// When an answer is not SCEP, Probe and Enroll fail with an *Error whose
// Reason is one of these stable strings (compare with the string: what a
// caller does next, retry or fix the URL, rarely depends on more than
// timeout versus the rest, so the reasons are not constants of the API):
//
//	timeout             no answer within Options.Timeout
//	http-status         an HTTP error status
//	too-large           a body over 1 MiB, or headers over 64 KiB
//	redirects           more than 5 redirects, or a redirect loop
//	too-many-requests   the 32 requests of one call are spent
//	not-scep            an answer that is not SCEP (an HTML page, another content type)
//	network             the connection failed
//	bad-url             the URL is not http:// or https://
//
// EnrollResult.Status is the CA's answer in the words of RFC 8894:
// StatusSuccess, StatusFailure or StatusPending. Those stay constants:
// callers branch on them (issued, refused: fix the challenge or the
// template, pending: an operator must approve it).
package scep
