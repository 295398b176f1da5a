//go:debug x509negativeserial=1

package convert
