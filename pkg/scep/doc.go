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
package scep
