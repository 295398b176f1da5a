package probe

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"unicode"
)

// The ports a scheme, or a bare host, stands for (see ParseTarget).
const (
	portSIPS  = "5061" // sips://, and a bare host: SIP over TLS
	portHTTPS = "443"  // https://
	portLDAPS = "636"  // ldaps://
)

// maxTargetLen caps one target as typed.
const maxTargetLen = 1024

// ErrBadTarget is wrapped by every error of ParseTarget and ParseTargets.
var ErrBadTarget = errors.New("probe: bad target")

// Target is one server to probe.
type Target struct {
	// Input is the target as given.
	Input string
	// Scheme is "sips", "https" or "ldaps" for a URL, "" otherwise.
	Scheme string
	// Host is the host name or IP address, without brackets.
	Host string
	// Port is the TCP port.
	Port string
}

// Address is host:port, with brackets around an IPv6 address.
func (t Target) Address() string { return net.JoinHostPort(t.Host, t.Port) }

// IsIP reports whether Host is an IP literal: it then gets no SNI.
func (t Target) IsIP() bool {
	_, err := netip.ParseAddr(t.Host)
	return err == nil
}

func badTarget(s, format string, args ...any) error {
	return fmt.Errorf("%w %q: %s", ErrBadTarget, s, fmt.Sprintf(format, args...))
}

// ParseTarget reads host:port, [v6]:port, a URL sips://, https:// or
// ldaps:// (whose scheme gives the port unless it names one: 5061, 443,
// 636), or a bare host name or address, which means port 5061. Surrounding spaces are
// ignored.
func ParseTarget(s string) (Target, error) {
	in := strings.TrimSpace(s)
	t := Target{Input: in}
	if in == "" {
		return t, badTarget(s, "empty")
	}
	if len(in) > maxTargetLen {
		return t, badTarget(in[:32]+"...", "longer than %d characters", maxTargetLen)
	}
	rest := in
	port := portSIPS
	if scheme, after, ok := strings.Cut(in, "://"); ok {
		switch strings.ToLower(scheme) {
		case "sips":
			port = portSIPS
		case "https":
			port = portHTTPS
		case "ldaps":
			port = portLDAPS
		default:
			return t, badTarget(in, "scheme %s:// is not one certkit probes (sips, https, ldaps)", scheme)
		}
		t.Scheme = strings.ToLower(scheme)
		rest = after
		if i := strings.IndexAny(rest, "/?#"); i >= 0 {
			rest = rest[:i]
		}
		if i := strings.LastIndex(rest, "@"); i >= 0 {
			rest = rest[i+1:]
		}
	}
	host := rest
	switch {
	case strings.HasPrefix(rest, "["):
		end := strings.Index(rest, "]")
		if end < 0 {
			return t, badTarget(in, "no ] after the IPv6 address")
		}
		host = rest[1:end]
		tail := rest[end+1:]
		if tail != "" {
			p, ok := strings.CutPrefix(tail, ":")
			if !ok {
				return t, badTarget(in, "%q after the IPv6 address", tail)
			}
			port = p
		}
		if a, err := netip.ParseAddr(host); err != nil || !a.Is6() {
			return t, badTarget(in, "%q is not an IPv6 address", host)
		}
	case strings.Count(rest, ":") == 1:
		host, port, _ = strings.Cut(rest, ":")
	case strings.Count(rest, ":") > 1:
		a, err := netip.ParseAddr(rest)
		if err != nil || !a.Is6() {
			return t, badTarget(in, "write an IPv6 address with a port as [address]:port")
		}
		host = rest
	}
	if host == "" {
		return t, badTarget(in, "no host")
	}
	if strings.ContainsAny(host, "/\\@[]") || strings.IndexFunc(host, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return t, badTarget(in, "%q is not a host name", host)
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != port {
		return t, badTarget(in, "port %q is not a number from 1 to 65535", port)
	}
	t.Host, t.Port = host, port
	return t, nil
}

// lineError is an error of ParseTarget on a line of ParseTargets' input.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string {
	return fmt.Sprintf("probe: line %d: %s", e.line, strings.TrimPrefix(e.err.Error(), "probe: "))
}

func (e *lineError) Unwrap() error { return e.err }

// ParseTargets reads one target a line; a # starts a comment, blank lines
// are skipped. A line it cannot read is an error naming the line.
func ParseTargets(data []byte) ([]Target, error) {
	var out []Target
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64*1024)
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		if line == 1 {
			l = strings.TrimPrefix(l, "\ufeff")
		}
		if i := strings.Index(l, "#"); i >= 0 {
			l = l[:i]
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		t, err := ParseTarget(l)
		if err != nil {
			return out, &lineError{line: line, err: err}
		}
		out = append(out, t)
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("%w: line %d: %v", ErrBadTarget, line+1, err)
	}
	return out, nil
}
