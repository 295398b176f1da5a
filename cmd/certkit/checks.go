package main

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// alias registers name as another spelling of --warn-within (ios
// audit's older --expiring).
func (c *checkOpts) alias(name string) {
	c.fs.Var(stringValue{c.within}, name, "the same as --warn-within (`DURATION`), its older name")
}

// stringValue is a flag.Value that sets the string p points to.
type stringValue struct{ p *string }

func (v stringValue) String() string {
	if v.p == nil {
		return ""
	}
	return *v.p
}

func (v stringValue) Set(s string) error {
	*v.p = s
	return nil
}

// parseAt reads --at: RFC 3339, or a date alone (midnight UTC).
func parseAt(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.Parse("2006-01-02", s)
	}
	if err != nil {
		return time.Time{}, errors.New("not an RFC 3339 time such as 2026-01-02T15:04:05Z, nor a date such as 2026-01-02")
	}
	if t.IsZero() {
		return time.Time{}, errors.New("the zero time; give a real date")
	}
	return t, nil
}

// parseDays reads a duration as time.ParseDuration does, plus days (90d)
// and weeks (12w), which is how people give certificate lifetimes.
func parseDays(s string) (time.Duration, error) {
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.Atoi(n)
			if err != nil || v < 0 {
				return 0, errors.New("not a duration such as 90d, 12w or 720h")
			}
			return time.Duration(v) * unit, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, errors.New("not a duration such as 90d, 12w or 720h")
	}
	return d, nil
}
