package web

import (
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"
)

// OpenBrowser opens url, the address with the token, in the user's
// default browser. The token must not appear on a command line, where any
// local user can read it (ps, /proc), so it writes a page that forwards to
// url into a file only the user can read, opens that file, and removes it
// a minute later, as Jupyter does.
func OpenBrowser(url string) error {
	dir, err := os.MkdirTemp("", "certkit-web-")
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	page := filepath.Join(dir, "open.html")
	q := html.EscapeString(url)
	body := `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=` + q +
		`"><title>certkit web</title><p>Opening <a href="` + q + `">certkit web</a>…</p>`
	if err := os.WriteFile(page, []byte(body), 0o600); err != nil {
		os.RemoveAll(dir)
		return fmt.Errorf("web: %w", err)
	}
	args := opener(runtime.GOOS, page)
	cmd := exec.Command(args[0], args[1:]...)
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return fmt.Errorf("web: %w", err)
	}
	go func() {
		cmd.Wait()
		time.Sleep(time.Minute) // the browser may read the file after its opener exits
		os.RemoveAll(dir)
	}()
	return nil
}

// opener is the command that opens a file in the default browser on goos.
func opener(goos, file string) []string {
	switch goos {
	case "windows":
		return []string{"rundll32", "url.dll,FileProtocolHandler", file}
	case "darwin":
		return []string{"open", file}
	default:
		return []string{"xdg-open", file}
	}
}
