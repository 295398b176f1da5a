package certrole

import "testing"

func TestEndEntityNil(t *testing.T) {
	if EndEntity(nil) {
		t.Error("EndEntity(nil) = true, want false")
	}
}
