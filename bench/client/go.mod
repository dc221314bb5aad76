module github.com/tokenpace/tokenpace/bench/client

go 1.25.0

require github.com/tokenpace/tokenpace/packages/load/xk6 v0.0.0

require golang.org/x/sys v0.47.0 // indirect

// The extension's kernelstamp package, from this repository.
replace github.com/tokenpace/tokenpace/packages/load/xk6 => ../../packages/load/xk6
