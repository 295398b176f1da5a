package input

import "testing"

func TestReadAllNil(t *testing.T) {
	data, err := ReadAll(nil)
	if err == nil || data != nil {
		t.Errorf("ReadAll(nil) = %q, %v; want an error", data, err)
	}
}
