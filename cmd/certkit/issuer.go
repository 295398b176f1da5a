package main

// runIssuerFor is a placeholder until its issue lands.
func runIssuerFor(e *env, args []string) int {
	e.errorf("not implemented yet")
	return exitUsage
}
