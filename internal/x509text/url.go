package x509text

import "strings"

// StripUserinfo returns u without the user name and password its
// authority may carry (http://user:secret@pki.corp/ca.crt becomes
// http://pki.corp/ca.crt), and whether it carried any. certkit fetches and
// reports the stripped URL: a password in a certificate's AIA is neither
// sent nor printed. It works on any string, a URL that does not parse
// included.
func StripUserinfo(u string) (string, bool) {
	i := strings.Index(u, "://")
	if i < 0 {
		return u, false
	}
	host := u[i+3:]
	if end := strings.IndexAny(host, "/?#"); end >= 0 {
		host = host[:end]
	}
	at := strings.LastIndexByte(host, '@')
	if at < 0 {
		return u, false
	}
	return u[:i+3] + u[i+3+at+1:], true
}

// PrintableURL is u as certkit prints a URL it would fetch or tells people
// to fetch: without user name and password (StripUserinfo), and escaped
// as Printable escapes what it prints from a certificate.
func PrintableURL(u string) string {
	u, _ = StripUserinfo(u)
	return Printable(u)
}

// PrintableURLs is PrintableURL of each of us.
func PrintableURLs(us []string) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = PrintableURL(u)
	}
	return out
}

// HTTP reports whether u is an http:// or https:// URL (any letter case):
// the only URLs certkit asks, for --fetch and --revocation; LDAP and the
// others are listed, not asked.
func HTTP(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}
