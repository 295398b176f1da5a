package cucm

import (
	"crypto/x509"
	"fmt"
	"time"

	"github.com/voicepki/certkit/internal/cucmrule"
	"github.com/voicepki/certkit/internal/errkind"
	"github.com/voicepki/certkit/internal/verdict"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/finding"
)

// Owner says whose certificate the device certificate of a CUCM plan is.
type Owner int

// The owners of a CUCM plan's device certificate.
const (
	// OwnerAuto is CUCM's own, unless PlanOptions.TrunkSubject is given:
	// then a gateway's (certkit cucm's rule).
	OwnerAuto Owner = iota
	// OwnerCUCM: CUCM's own identity certificate. Its CAs go to the
	// service's -trust store and the certificate itself to the service.
	OwnerCUCM
	// OwnerDevice: another device's, such as an IOS gateway's at the other
	// end of a SIP trunk. Only its CAs are uploaded, to the trust store;
	// the certificate never goes to CUCM (unless it is self-signed, when
	// it has no CA to be trusted through and is itself the trust step).
	OwnerDevice
)

// PlanOptions tunes Plan. The zero value plans the only device
// certificate among the inputs for CallManager, with no trunk check.
type PlanOptions struct {
	// Owner says whose the device certificate is; OwnerAuto decides by
	// TrunkSubject.
	Owner Owner
	// At is the time validity is judged at; zero means now.
	At time.Time
	// WarnWithin reports a certificate that expires within this long of
	// At; zero means 30 days, a negative value never warns.
	WarnWithin time.Duration
	// Service is the CUCM purpose, as in PlanOptions; "" means CallManager.
	Service string
	// PKCS7 holds the certificates of each .p7b input, as in PlanOptions.
	PKCS7 [][]*x509.Certificate
	// Hostname is the CN of the device certificate to plan when the inputs
	// hold several (chain.PickLeaf); "" leaves the choice to TrunkSubject.
	Hostname string
	// TrunkSubject is the X.509 subject name field of CUCM's SIP Trunk
	// Security Profile, names separated by spaces, commas, semicolons or
	// colons. With at least one name, the leaf is the IOS gateway's
	// certificate (unless Owner says otherwise), one of the names may pick
	// it when Hostname does not, and the names are checked against it
	// (CheckTrunkSubject).
	TrunkSubject string
	// Chains are the chains chain.Order (with the zero chain.Options)
	// built from the certificates, when the caller has them already; nil
	// means Plan orders the certificates itself.
	Chains []chain.Chain
	// Stores, when given, are the trust stores as they are now (certkit
	// cucm --store-dir): a store's folder, or a folder of stores holding
	// the one the plan uploads to. The plan is checked against that store:
	// a step already there is noted (already-present), a certificate of
	// the same subject as a step is a warning (subject-collision), and the
	// store's self-signed device certificates the plan's CA makes
	// redundant are noted (replaced-by-ca, self-signed-device; with a
	// gateway's certificate, Device, the one it replaces).
	Stores []Source
}

// PlanResult is what certkit cucm prints for a set of inputs, and the
// page shows.
type PlanResult struct {
	// Service is the CUCM purpose planned.
	Service Service
	// Steps are the uploads, in order.
	Steps []Step
	// Warnings are what CUCM would refuse or handle badly, what the
	// checks of every job found (expiry, names, weak signatures, keys),
	// what the store check found (PlanOptions.Stores), then the trunk
	// check's warnings (Trunk.Warnings).
	Warnings []finding.Finding
	// Notes say where CUCM's behaviour is not documented, so certkit could
	// not check it, which certificates of the inputs the plan leaves
	// out, and what the store check noticed (PlanOptions.Stores). One
	// line each.
	Notes []string
	// Leaf is the last certificate of the chain planned: the device
	// certificate, or with CA certificates only the last of them.
	Leaf *x509.Certificate
	// Trunk is the trunk subject check; nil without PlanOptions.TrunkSubject.
	Trunk *TrunkCheck
	// Device says the plan is for another device's certificate (a
	// gateway's, Leaf): only its CAs are uploaded.
	Device bool
	// GatewayNote says, for a gateway's certificate (Device), how CUCM
	// trusts it: through the CA certificates of the plan, or, for a
	// self-signed gateway certificate, by uploading it. It is "" otherwise.
	GatewayNote string
}

// Plan is the CUCM upload plan for a set of inputs, the whole of
// certkit cucm: it picks the device certificate (by opts.Hostname, else a
// trunk subject name, when there are several) and its chain, plans it for
// opts.Service, with a trunk subject checks the names against the
// gateway's certificate (CheckTrunkSubject), and with opts.Stores checks
// the plan against the trust store as it is now.
//
// Its errors are a *chain.SeveralLeavesError when the names pick none of
// several device certificates, ErrUnknownService and ErrServiceNotPlanned
// for opts.Service, with a trunk subject but CA certificates only an error
// matching chain.ErrNoLeaf, and with opts.Stores a *FileError (a store's
// file that does not decode) or an error matching ErrNoStore.
func Plan(certs []*x509.Certificate, opts PlanOptions) (*PlanResult, error) {
	if _, err := LookupService(opts.Service); err != nil {
		return nil, err
	}
	names := cucmrule.SplitTrunkNames(opts.TrunkSubject)
	peer := opts.Owner == OwnerDevice || opts.Owner == OwnerAuto && len(names) > 0
	chains := opts.Chains
	if chains == nil && len(certs) > 0 {
		var err error
		if chains, err = chain.Order(certs, chain.Options{Devices: nonEmpty(opts.Hostname)}); err != nil {
			return nil, fmt.Errorf("cucm: %w", err)
		}
	}
	ordered, left, isDevice, err := uploadChain(certs, chains, append([]string{opts.Hostname}, names...))
	if err != nil {
		return nil, err
	}
	leaf := ordered[len(ordered)-1]
	if len(names) > 0 && !isDevice {
		return nil, errkind.New(chain.ErrNoLeaf, "cucm: the trunk subject needs the gateway's certificate among the inputs, and they hold CA certificates only")
	}
	plan, err := planChain(ordered, planOptions{Service: opts.Service, PKCS7: opts.PKCS7, Peer: peer && isDevice, Left: left, At: opts.At, WarnWithin: opts.WarnWithin})
	if err != nil {
		return nil, err
	}
	p := &PlanResult{Service: plan.Service, Steps: plan.Steps, Warnings: plan.Warnings, Notes: plan.Notes, Leaf: leaf, Device: peer && isDevice}
	if isDevice {
		what := "the " + plan.Service.Name + " certificate"
		if peer {
			what = "the gateway certificate"
		}
		p.Warnings = append(p.Warnings, verdict.Name(leaf, what, opts.Hostname)...)
	}
	if len(opts.Stores) > 0 {
		if err := p.checkStores(opts.Stores); err != nil {
			return nil, err
		}
	}
	if len(names) > 0 {
		if p.Trunk, err = CheckTrunkSubject(opts.TrunkSubject, leaf); err != nil {
			return nil, err
		}
		p.Warnings = append(p.Warnings, p.Trunk.Warnings...)
	}
	p.GatewayNote = p.gatewayNote()
	return p, nil
}

// gatewayNote is PlanResult.GatewayNote.
func (p *PlanResult) gatewayNote() string {
	if !p.Device {
		return ""
	}
	name := x509text.Describe(p.Leaf)
	if n := len(p.Steps); n > 0 && p.Steps[n-1].Certificate == p.Leaf {
		return fmt.Sprintf("the gateway certificate %s is self-signed: with no CA to trust it through, CUCM trusts it once it is itself uploaded as %s", name, p.Service.TrustStore)
	}
	return fmt.Sprintf("the gateway certificate %s is not uploaded: CUCM trusts it through these CA certificates", name)
}
