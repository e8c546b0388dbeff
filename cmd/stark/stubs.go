package main

import (
	"fmt"
	"io"
)

func run(args []string, stderr io.Writer) int {
	fmt.Fprintln(stderr, "stark run: not yet")
	return 2
}

func bench(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "stark bench: not yet")
	return 2
}
