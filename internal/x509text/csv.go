package x509text

import "strings"

// CSVCell is s as certkit writes it in a CSV cell: as Printable writes
// it, and with a ' before it when it begins with =, +, -, @, a tab or a
// carriage return, which a spreadsheet would read as the start of a
// formula (OWASP's advice on CSV injection). The ' shows in the cell, and
// the value stays readable. certkit cucm audit -o and certkit scan -o
// write their cells with it.
func CSVCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		s = "'" + s
	}
	return Printable(s)
}
