package errkind

import (
	"errors"
	"testing"
)

func TestNew(t *testing.T) {
	sentinel := errors.New("pkg: invalid option")
	err := New(sentinel, "pkg: percentage %d is outside 1 to 100", 101)
	if !errors.Is(err, sentinel) {
		t.Errorf("%v does not match its sentinel", err)
	}
	if got, want := err.Error(), "pkg: percentage 101 is outside 1 to 100"; got != want {
		t.Errorf("message %q, want %q (the sentinel's text not repeated)", got, want)
	}
}
