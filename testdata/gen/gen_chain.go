package main

// genChain writes the test data for its area (none yet).
func genChain() {}
