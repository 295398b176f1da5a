package chain

// The package's own tests (package chain_test) reach these unexported
// names through this file, which only test builds compile.
var (
	Sequence = sequence
	Leaves   = leaves
	RoleOf   = roleOf
)

// MaxFetchDepth is how many issuers up Order fetches (maxFetchDepth).
const MaxFetchDepth = maxFetchDepth
