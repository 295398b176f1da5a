package main

// runIOS is a placeholder until its issue lands.
func runIOS(e *env, args []string) int {
	e.errorf("not implemented yet")
	return exitUsage
}
