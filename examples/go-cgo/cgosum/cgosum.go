// Package cgosum adds in C, so a build with CGO_ENABLED=0 has no Add and fails.
package cgosum

/*
static int add(int a, int b) { return a + b; }
*/
import "C"

// Add returns a+b, computed by C.
func Add(a, b int) int {
	return int(C.add(C.int(a), C.int(b)))
}
