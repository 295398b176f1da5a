package scep

// The package's own tests (package scep_test) reach these unexported
// names through this file, which only test builds compile.
var (
	HasCap       = hasCap
	ParseCertRep = parseCertRep
)

// MaxRequests is the bound on the requests of one call (maxRequests).
const MaxRequests = maxRequests
