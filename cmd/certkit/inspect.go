package main

// runInspect is a placeholder until its issue lands.
func runInspect(e *env, args []string) int {
	e.errorf("not implemented yet")
	return exitUsage
}
