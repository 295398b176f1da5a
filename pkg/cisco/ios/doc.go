// Package ios reads what Cisco IOS gateways hold: the trustpoints and
// certificates of a configuration (show running-config, a backup), the
// records show crypto pki prints, and from them the audit of one gateway
// or a fleet: which CA each trustpoint holds, whether the router
// certificate chains to it, when auto-enroll renews it, and what is wrong
// in the field's terms. It also writes the paste sessions (Issuer) and
// the trustpool paste session (TrustpoolOf).
//
// The certificates themselves are read by convert.Decode, which knows
// IOS's hex; this package adds what only IOS's own text says.
//
// # Findings
//
// Besides the codes package finding defines for every certkit job
// (finding.CodeExpired, finding.CodeWeakSignature, finding.CodeNameMismatch,
// ...), the findings of this package carry these codes, stable strings a
// script may match:
//
//   - "self-signed-in-use": the trustpoint SIP TLS uses (crypto
//     signaling) presents a self-signed router certificate where a
//     CA-signed one is expected; each such gateway adds a certificate to
//     CUCM's trust store.
//   - "no-ca": a router certificate that is not self-signed, in a
//     trustpoint without a CA certificate to check it with.
//   - "reference-only": a certificate the capture shows by reference
//     only, which could not be checked.
//   - "serial-mismatch": a header line's serial number is not the
//     certificate's.
//   - "hash-missing": a trustpoint without hash that signs requests
//     (enrollment terminal, url) or a self-signed certificate SIP TLS
//     presents; many IOS releases then sign with SHA-1.
//   - "show-only": show output describes a certificate the configuration
//     given does not hold (or no configuration was given).
//   - "ca-held" (info): a CA given with Options.CAs is held by these
//     trustpoints.
//   - "ca-not-held": a CA given with Options.CAs is held by no trustpoint.
//   - "no-hostname": no hostname line and no prompt, so names could not
//     be checked.
//   - "register-name": the name a secure DSP farm profile registers under
//     (associate profile N register NAME) is not the hostname, letter
//     case included; CUCM's conference bridge name must equal it.
//   - "dspfarm-no-trustpoint": a secure dspfarm profile (conference,
//     transcode or mtp security) without trustpoint, or naming one that
//     does not exist or holds no device certificate.
//   - "dspfarm-shutdown": a secure dspfarm profile that is shut down.
//   - "sccp-no-trustpoint": with a secure dspfarm profile, an sccp ccm
//     line without trustpoint, or naming another trustpoint than the
//     profile's.
//   - "sip-no-tls-trustpoint": SIP uses TLS but sip-ua has no crypto
//     signaling line, or the trustpoint it names does not exist or holds
//     no device certificate.
//   - "dial-peer-not-tls": a SIP dial-peer without session transport tcp
//     tls (its own, its tenant's or voice service voip's), where the
//     gateway otherwise sets up SIP TLS or Options.RequireTLS is given.
//   - "dial-peer-no-srtp": a SIP dial-peer with TLS but no srtp: the
//     signaling is encrypted, the voice is not.
//   - "trustpoint-names": a voice trustpoint's subject-name CN, fqdn or
//     rsakeypair label does not match the hostname (letter case
//     included) and ip domain name.
//   - "trustpool-duplicate" (TrustpoolOf): two certificates of the
//     trustpool share issuer and subject, which a trustpool bundle may
//     not hold.
package ios
