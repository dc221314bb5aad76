// Command k6 is k6 v2.2.0 with the k6/x/tokenpace extension compiled in: exactly what
// `xk6 build v2.2.0 --with github.com/tokenpace/tokenpace/packages/load/xk6=./packages/load/xk6`
// generates, kept in the repository so the build needs only the Go module proxy.
package main

import (
	k6cmd "go.k6.io/k6/v2/cmd"

	_ "github.com/tokenpace/tokenpace/packages/load/xk6"
)

func main() {
	k6cmd.Execute()
}
