package main

// runMatch is a placeholder until its issue lands.
func runMatch(e *env, args []string) int {
	e.errorf("not implemented yet")
	return exitUsage
}
