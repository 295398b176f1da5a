package main

// runSplit is a placeholder until its issue lands.
func runSplit(e *env, args []string) int {
	e.errorf("not implemented yet")
	return exitUsage
}
