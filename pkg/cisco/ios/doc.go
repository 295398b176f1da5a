// Package ios reads what Cisco IOS gateways hold: the trustpoints and
// certificates of a configuration (show running-config, a backup), the
// records show crypto pki prints, and from them the audit of one gateway
// or a fleet: which CA each trustpoint holds, whether the router
// certificate chains to it, when auto-enroll renews it, and what is wrong
// in the field's terms. It also writes the trustpool paste session.
//
// The certificates themselves are read by convert.Decode, which knows
// IOS's hex; this package adds what only IOS's own text says.
package ios
