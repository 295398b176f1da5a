package main

// runCUCM is a placeholder until its issue lands.
func runCUCM(e *env, args []string) int {
	e.errorf("not implemented yet")
	return exitUsage
}
