package main

// genConvert writes the test data for its area (none yet).
func genConvert() {}
