package web

import "github.com/voicepki/certkit/internal/x509text"

// printable is each of ss as x509text.Printable writes it: what the page
// shows of a certificate (SANs, names, file names from a folder) reads as
// the command prints it, with control characters and right-to-left
// overrides escaped, not acted on or hidden.
func printable(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = x509text.Printable(s)
	}
	return out
}
