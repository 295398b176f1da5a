// Command apicount counts the exported identifiers of certkit's packages,
// as issue 18 counts them (testkit.ExportedIdentifiers): exported
// top-level functions, types, constants and variables, and methods of
// exported types, in non-test files outside internal/ and testdata/.
// With -v it lists them.
//
//	go run ./internal/cmd/apicount pkg
//	go run ./internal/cmd/apicount -v pkg
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/voicepki/certkit/internal/testkit"
)

func main() {
	verbose := flag.Bool("v", false, "list the identifiers of each package")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: apicount [-v] DIR")
		os.Exit(2)
	}
	names, err := testkit.ExportedIdentifiers(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "apicount:", err)
		os.Exit(1)
	}
	var dirs []string
	total := 0
	for d, n := range names {
		dirs = append(dirs, d)
		total += len(n)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		fmt.Printf("%4d %s\n", len(names[d]), d)
		if *verbose {
			sort.Strings(names[d])
			fmt.Println("     ", strings.Join(names[d], " "))
		}
	}
	fmt.Printf("%4d total\n", total)
}
