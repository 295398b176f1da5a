package main

// runCSR is a placeholder until its issue lands.
func runCSR(e *env, args []string) int {
	e.errorf("not implemented yet")
	return exitUsage
}
