package main

// runOrder is a placeholder until its issue lands.
func runOrder(e *env, args []string) int {
	e.errorf("not implemented yet")
	return exitUsage
}
