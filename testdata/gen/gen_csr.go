package main

// genCSR writes the test data for its area (none yet).
func genCSR() {}
