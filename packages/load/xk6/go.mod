module github.com/tokenpace/tokenpace/packages/load/xk6

go 1.25.0
