package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/voicepki/certkit/cmd/certkit/internal/web"
)

const webAbout = `
Serve certkit's page on this computer and open it in the default browser:
drop the CA's files on it to see the chains, download the split files, a
CA-only .p7b and a PEM bundle, copy the IOS paste session, and get the
CUCM upload plan and CSR lint. The page makes the same library calls as
the commands. Nothing leaves the computer: the server listens on the
loopback address only (127.0.0.1 or [::1], never anything else), answers
only its own page (the address it prints carries a per-run token), and
keeps the files in memory.

Stop it with Ctrl-C, or let --idle stop it. On Windows, double-clicking
certkit.exe starts it too.`

func runWeb(e *env, args []string) int {
	fs := e.flags("web", "[--addr 127.0.0.1:PORT] [--no-open] [--idle DURATION]", webAbout)
	addr := fs.String("addr", web.DefaultAddr, "listen on `IP:PORT`: a loopback address only; port 0 picks a free one")
	noOpen := fs.Bool("no-open", false, "print the address but do not open a browser")
	idle := fs.Duration("idle", 0, "stop after `DURATION` without requests, such as 30m (0: run until Ctrl-C)")
	rest, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		e.errorf("web: takes no file arguments, got %q: drop the files on the page", rest)
		return exitUsage
	}
	if *idle < 0 {
		e.errorf("web: --idle %s is negative; give a duration such as 30m, or 0 to run until Ctrl-C", *idle)
		return exitUsage
	}
	s, err := web.New(web.Options{Addr: *addr, Idle: *idle})
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	fmt.Fprintf(e.stdout, "certkit web: open %s\n", s.URL())
	fmt.Fprintln(e.stdout, "certkit web: stop it with Ctrl-C")
	if !*noOpen {
		if err := s.OpenBrowser(); err != nil {
			e.errorf("%v", err)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := s.Serve(ctx); err != nil {
		e.errorf("web: %v", err)
		return exitUsage
	}
	if ctx.Err() == nil {
		fmt.Fprintf(e.stderr, "certkit web: stopped after %s without requests\n", *idle)
	} else {
		fmt.Fprintln(e.stderr, "certkit web: stopped")
	}
	return exitOK
}

// doubleClick reports whether certkit was double-clicked, so that main
// starts the page (doubleClicked) instead of running a command: no
// arguments, and a console of its own (own is ownConsole, asked only when
// there are no arguments).
func doubleClick(args []string, own func() bool) bool {
	return len(args) == 0 && own()
}

// doubleClicked is main for certkit.exe started from Explorer, in a
// console window of its own: it serves the page instead of printing the
// usage into a window that closes at once. If the page cannot start, the
// window stays open until Enter, so that the message can be read.
func doubleClicked() int {
	code := run([]string{"web"}, os.Stdin, os.Stdout, os.Stderr)
	if code != exitOK {
		fmt.Fprint(os.Stderr, "Press Enter to close this window.")
		bufio.NewReader(os.Stdin).ReadString('\n')
	}
	return code
}
