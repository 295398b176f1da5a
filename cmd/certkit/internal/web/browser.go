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

// OpenBrowser opens the server's address, with the token, in the user's
// default browser. The token must not appear on a command line, where any
// local user can read it (ps, /proc), so it writes a page that forwards to
// the address into a file only the user can read (open.html), and opens
// that file. The file is removed a minute later, as Jupyter does, or when
// Serve returns, whichever comes first: a server that stops sooner leaves
// no token on disk.
func (s *Server) OpenBrowser() error {
	dir, err := openBrowser(s.URL())
	if err != nil {
		return fmt.Errorf("web: could not open a browser (%w): open the address above yourself", err)
	}
	s.mu.Lock()
	s.browserDir = dir
	s.mu.Unlock()
	go func() {
		time.Sleep(time.Minute) // the browser may read the file after its opener exits
		s.removeTokenFile()
	}()
	return nil
}

// removeTokenFile removes the folder of the file OpenBrowser wrote, if it
// is still there.
func (s *Server) removeTokenFile() {
	s.mu.Lock()
	dir := s.browserDir
	s.browserDir = ""
	s.mu.Unlock()
	if dir != "" {
		os.RemoveAll(dir)
	}
}

// openBrowser writes the forwarding page for url into a new folder and
// opens it with the system's opener, and returns the folder.
func openBrowser(url string) (dir string, err error) {
	dir, err = os.MkdirTemp("", "certkit-web-")
	if err != nil {
		return "", err
	}
	page := filepath.Join(dir, "open.html")
	q := html.EscapeString(url)
	body := `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=` + q +
		`"><title>certkit web</title><p>Opening <a href="` + q + `">certkit web</a>…</p>`
	if err := os.WriteFile(page, []byte(body), 0o600); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	args := opener(runtime.GOOS, page)
	cmd := exec.Command(args[0], args[1:]...)
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	go cmd.Wait() // reap the opener
	return dir, nil
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
