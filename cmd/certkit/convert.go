package main

// runConvert is a placeholder until its issue lands.
func runConvert(e *env, args []string) int {
	e.errorf("not implemented yet")
	return exitUsage
}
