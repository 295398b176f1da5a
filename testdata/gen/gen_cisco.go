package main

// genCisco writes the test data for its area (none yet).
func genCisco() {}
