// Command stark serves data apps written as Starlark pages.
//
//	stark run DIR|FILE [--addr 127.0.0.1:8501] [--no-watch] [--config FILE]
//	stark serve APPS_DIR [--addr 127.0.0.1:8501] [--no-watch] [--isolate none|process]
//	stark render PAGE [--set KEY=VALUE]... [--click KEY]... [--timeout D]
//	stark check DIR
//
// It is wiring only: the engine is in host, the builtins in starlib, sessions
// in session and the server in web.
package main

import (
	"fmt"
	"os"
)

const usage = `usage:
  stark run DIR|FILE [--addr 127.0.0.1:8501] [--no-watch] [--config FILE]
                                                            serve an app
  stark serve APPS_DIR [--addr 127.0.0.1:8501] [--no-watch] [--isolate none|process]
                                                            serve every app of a directory, each at /<app>/
  stark render PAGE [--set KEY=VALUE]... [--click KEY]... [--timeout D]
                                                            run a page once, print JSON
  stark check DIR                                           check stark.toml, compile every page and module
  stark bench URL [--sessions N] [--duration D] [--set KEY=MIN..MAX] [--idle] [--json]
                                                            load a stark server
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var code int
	switch os.Args[1] {
	case "render":
		code = render(os.Args[2:], os.Stdout, os.Stderr)
	case "check":
		code = check(os.Args[2:], os.Stdout, os.Stderr)
	case "run":
		code = run(os.Args[2:], os.Stderr)
	case "serve":
		code = serve(os.Args[2:], os.Stderr)
	case "worker":
		code = worker(os.Args[2:], os.Stdout, os.Stderr)
	case "bench":
		code = bench(os.Args[2:], os.Stdout, os.Stderr)
	case "help", "-h", "--help":
		fmt.Fprint(os.Stdout, usage)
	default:
		fmt.Fprintf(os.Stderr, "stark: unknown command %q\n%s", os.Args[1], usage)
		code = 2
	}
	os.Exit(code)
}
