// Package cisco holds certkit's two Cisco products, one package each:
//
//   - ios: everything an IOS voice gateway prints or reads: the paste
//     session that installs its CA-signed certificate (Issuer), the
//     anchor-root session, the trustpoint configuration, fingerprints as
//     IOS prints them, the trustpool, show output, voice configuration
//     and the fleet audit.
//   - cucm: everything CUCM takes or holds: the upload plan (Plan), the
//     SIP trunk subject check, the service table and the trust store
//     audit.
//
// This package itself has no code.
package cisco
