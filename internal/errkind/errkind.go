// Package errkind makes an error whose message says everything and which
// matches a sentinel (errors.Is), so that the sentinel's own text is not
// repeated at the end of the message, as fmt.Errorf("%w") would. The
// packages under pkg/ word their errors with it.
package errkind

import "fmt"

type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// New returns an error matching kind with the message format makes.
func New(kind error, format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: kind}
}
