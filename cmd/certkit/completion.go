package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

const completionAbout = `
Print a script that makes the shell complete certkit's commands, flags,
the values of flags that take one of a list (--to pem, --service tomcat),
and file names:

  bash        source <(certkit completion bash)      (in ~/.bashrc)
  zsh         source <(certkit completion zsh)       (in ~/.zshrc)
  fish        certkit completion fish > ~/.config/fish/completions/certkit.fish
  powershell  certkit completion powershell | Out-String | Invoke-Expression
              (in your $PROFILE)

The script is made from the commands' own flags, so it matches this
certkit.`

// shells are the shells completion writes scripts for.
var shells = []string{"bash", "zsh", "fish", "powershell"}

func runCompletion(e *env, args []string) int {
	fs := e.flags("completion", strings.Join(shells, "|"), completionAbout)
	rest, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(rest) != 1 {
		return e.usageError("completion", "name one shell: %s", strings.Join(shells, ", "))
	}
	cmds := completionModel()
	switch strings.ToLower(rest[0]) {
	case "bash":
		writeBash(e.stdout, cmds, false)
	case "zsh":
		writeBash(e.stdout, cmds, true)
	case "fish":
		writeFish(e.stdout, cmds)
	case "powershell", "pwsh":
		writePowerShell(e.stdout, cmds)
	default:
		return e.usageError("completion", "%q is not a shell certkit completes; name one of %s", rest[0], strings.Join(shells, ", "))
	}
	return exitOK
}

// compCmd is what completion knows of one command (or "ios trustpoint").
type compCmd struct {
	name    string // "split", "ios trustpoint"
	summary string
	flags   []compFlag
	subs    []string // subcommands, for ios
	args    []string // the values its arguments take, "" for file names
}

// compFlag is one flag: whether it takes a value, and which.
type compFlag struct {
	name   string // without dashes
	usage  string
	value  bool     // takes a value
	values []string // one of these
	kind   string   // "file", "dir" or "" (free text) for other values
}

// completionModel runs each command with -h, writing nowhere, to collect
// the flag sets it makes: the completion scripts follow the real flags.
func completionModel() []compCmd {
	var out []compCmd
	for _, c := range commands() {
		paths := [][]string{{c.name}}
		var subs []string
		switch c.name {
		case "ios":
			for _, s := range iosSubcommands() {
				subs = append(subs, s.name)
				paths = append(paths, []string{c.name, s.name})
			}
		case "scep":
			for _, s := range scepSubcommands() {
				subs = append(subs, s.name)
				paths = append(paths, []string{c.name, s.name})
			}
		case "cucm":
			// cucm plans from FILEs, and cucm audit reads a trust store.
			subs = []string{"audit"}
			paths = append(paths, []string{c.name, "audit"})
		}
		for _, p := range paths {
			var sets []*flag.FlagSet
			e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }, flagSets: &sets}
			c.run(e, append(append([]string{}, p[1:]...), "-h"))
			cc := compCmd{name: strings.Join(p, " "), summary: c.summary}
			if len(p) == 1 {
				cc.subs = subs
			}
			switch {
			case c.name == "completion":
				cc.args = shells
			case c.name == "version" || c.name == "ios" && len(p) == 1 || cc.name == "ios trustpoint":
				cc.args = []string{} // no arguments
			}
			for _, fs := range sets {
				if fs.Name() != cc.name {
					continue
				}
				fs.VisitAll(func(f *flag.Flag) {
					cf := compFlag{name: f.Name, usage: firstSentence(f.Usage)}
					name, _ := flag.UnquoteUsage(f)
					switch v := f.Value.(type) {
					case *choice:
						cf.value, cf.values = true, v.values
					case *fileList:
						cf.value, cf.kind = true, "file"
					default:
						cf.value = name != ""
						switch name {
						case "FILE":
							cf.kind = "file"
						case "DIR":
							cf.kind = "dir"
						}
					}
					cc.flags = append(cc.flags, cf)
				})
			}
			out = append(out, cc)
		}
	}
	return out
}

// firstSentence is a flag's usage cut to its first clause, for the
// descriptions fish and PowerShell show.
func firstSentence(s string) string {
	s = strings.ReplaceAll(s, "`", "")
	if i := strings.IndexAny(s, ":;("); i > 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// topWords are what may follow certkit itself.
func topWords(cmds []compCmd) []string {
	words := []string{"help", "-h", "--help", "--version"}
	for _, c := range cmds {
		if !strings.Contains(c.name, " ") {
			words = append(words, c.name)
		}
	}
	return words
}

// writeBash writes the bash script; for zsh, with bashcompinit first.
// Nothing is completed where certkit wants free text, and file names
// where it wants a file (bash's default completion).
func writeBash(w io.Writer, cmds []compCmd, zsh bool) {
	if zsh {
		fmt.Fprintln(w, "#compdef certkit")
		fmt.Fprintln(w, "# zsh completion for certkit, made by certkit completion zsh; it uses zsh's bash emulation.")
		fmt.Fprintln(w, "autoload -U +X bashcompinit && bashcompinit")
	} else {
		fmt.Fprintln(w, "# bash completion for certkit, made by certkit completion bash.")
	}
	fmt.Fprint(w, `_certkit() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
    if [[ $cur == "=" ]]; then cur=""; fi
    if [[ $prev == "=" ]]; then prev="${COMP_WORDS[COMP_CWORD-2]}"; fi
    local cmd="" i w
    for ((i = 1; i < COMP_CWORD; i++)); do
        w="${COMP_WORDS[i]}"
        case "$w" in
        -*|=) ;;
        *)
            if [[ -z $cmd ]]; then
                cmd="$w"
            elif [[ $cmd == help ]]; then
                :
            else
                case "$cmd $w" in
`)
	for _, c := range cmds {
		if strings.Contains(c.name, " ") {
			fmt.Fprintf(w, "                %q) cmd=%q ;;\n", c.name, c.name)
		}
	}
	fmt.Fprint(w, `                esac
            fi ;;
        esac
    done
    case "$cmd" in
    "")
        COMPREPLY=($(compgen -W "`+strings.Join(topWords(cmds), " ")+`" -- "$cur"))
        return ;;
    help)
        COMPREPLY=($(compgen -W "`+strings.Join(topWords(cmds)[4:], " ")+`" -- "$cur"))
        return ;;
`)
	for _, c := range cmds {
		fmt.Fprintf(w, "    %q)\n", c.name)
		fmt.Fprintln(w, `        case "$prev" in`)
		for _, f := range c.flags {
			if !f.value {
				continue
			}
			switch {
			case len(f.values) > 0:
				fmt.Fprintf(w, "        %s) COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;\n", dashes(f.name), strings.Join(f.values, " "))
			case f.kind == "file":
				fmt.Fprintf(w, "        %s) COMPREPLY=(); return ;;\n", dashes(f.name))
			case f.kind == "dir":
				fmt.Fprintf(w, "        %s) COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n", dashes(f.name))
			default:
				fmt.Fprintf(w, "        %s) COMPREPLY=(); return ;;\n", dashes(f.name))
			}
		}
		fmt.Fprintln(w, "        esac")
		var flags []string
		for _, f := range c.flags {
			flags = append(flags, flagName(f.name))
		}
		fmt.Fprintf(w, "        if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W %q -- \"$cur\")); return; fi\n", strings.Join(append(flags, "-h"), " "))
		switch {
		case len(c.subs) > 0:
			fmt.Fprintf(w, "        COMPREPLY=($(compgen -W %q -- \"$cur\")) ;;\n", strings.Join(c.subs, " "))
		case c.args != nil:
			fmt.Fprintf(w, "        COMPREPLY=($(compgen -W %q -- \"$cur\")) ;;\n", strings.Join(c.args, " "))
		default:
			fmt.Fprintln(w, "        COMPREPLY=() ;; # file names")
		}
	}
	fmt.Fprint(w, `    esac
}
complete -o bashdefault -o default -F _certkit certkit
`)
}

// dashes spells a flag for a case pattern: both the -x and --x forms Go's
// flag package takes, for long names.
func dashes(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "-" + name + "|--" + name
}

// writeFish writes the fish script.
func writeFish(w io.Writer, cmds []compCmd) {
	fmt.Fprintln(w, "# fish completion for certkit, made by certkit completion fish.")
	fmt.Fprintln(w, "complete -c certkit -f")
	var tops []string
	for _, c := range cmds {
		if !strings.Contains(c.name, " ") {
			tops = append(tops, c.name)
		}
	}
	for _, c := range cmds {
		if !strings.Contains(c.name, " ") {
			fmt.Fprintf(w, "complete -c certkit -n __fish_use_subcommand -a %s -d %s\n", c.name, fishQuote(c.summary))
		}
	}
	fmt.Fprintf(w, "complete -c certkit -n '__fish_seen_subcommand_from help' -a %s\n", fishQuote(strings.Join(tops, " ")))
	fmt.Fprintln(w, "complete -c certkit -n __fish_use_subcommand -l version -d 'print the version'")
	for _, c := range cmds {
		cond := "__fish_seen_subcommand_from " + c.name
		if parent, sub, ok := strings.Cut(c.name, " "); ok {
			cond = "__fish_seen_subcommand_from " + parent + "; and __fish_seen_subcommand_from " + sub
		} else if len(c.subs) > 0 {
			cond += "; and not __fish_seen_subcommand_from " + strings.Join(c.subs, " ")
			fmt.Fprintf(w, "complete -c certkit -n %s -a %s\n", fishQuote(cond), fishQuote(strings.Join(c.subs, " ")))
		}
		for _, f := range c.flags {
			opt := "-l " + f.name
			if len(f.name) == 1 {
				opt = "-s " + f.name
			}
			switch {
			case len(f.values) > 0:
				opt += " -x -a " + fishQuote(strings.Join(f.values, " "))
			case f.kind == "file":
				opt += " -r -F"
			case f.kind == "dir":
				opt += " -x -a '(__fish_complete_directories)'"
			case f.value:
				opt += " -x"
			}
			fmt.Fprintf(w, "complete -c certkit -n %s %s -d %s\n", fishQuote(cond), opt, fishQuote(f.usage))
		}
		switch {
		case c.args == nil: // file names (cucm: besides its audit subcommand)
			fmt.Fprintf(w, "complete -c certkit -n %s -F\n", fishQuote(cond))
		case len(c.args) > 0:
			fmt.Fprintf(w, "complete -c certkit -n %s -a %s\n", fishQuote(cond), fishQuote(strings.Join(c.args, " ")))
		}
	}
}

// fishQuote quotes s for fish, in single quotes.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// psQuote quotes s for PowerShell, in single quotes.
func psQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// writePowerShell writes the PowerShell script: a native argument
// completer; where it offers nothing, PowerShell completes file names.
func writePowerShell(w io.Writer, cmds []compCmd) {
	fmt.Fprintln(w, "# PowerShell completion for certkit, made by certkit completion powershell.")
	fmt.Fprintln(w, "Register-ArgumentCompleter -Native -CommandName certkit, certkit.exe -ScriptBlock {")
	fmt.Fprintln(w, "    param($wordToComplete, $commandAst, $cursorPosition)")
	q := func(list []string) string {
		var parts []string
		for _, s := range list {
			parts = append(parts, psQuote(s))
		}
		return "@(" + strings.Join(parts, ", ") + ")"
	}
	fmt.Fprintf(w, "    $top = %s\n", q(topWords(cmds)))
	fmt.Fprintln(w, "    $subs = @{")
	for _, c := range cmds {
		if len(c.subs) > 0 {
			fmt.Fprintf(w, "        %s = %s\n", psQuote(c.name), q(c.subs))
		}
	}
	fmt.Fprintln(w, "    }")
	fmt.Fprintln(w, "    $flags = @{")
	for _, c := range cmds {
		var fl []string
		for _, f := range c.flags {
			fl = append(fl, flagName(f.name))
		}
		fmt.Fprintf(w, "        %s = %s\n", psQuote(c.name), q(append(fl, "-h")))
	}
	fmt.Fprintln(w, "    }")
	fmt.Fprintln(w, "    $values = @{")
	var keys []string
	vals := map[string][]string{}
	for _, c := range cmds {
		for _, f := range c.flags {
			k := c.name + " " + flagName(f.name)
			switch {
			case len(f.values) > 0:
				vals[k] = f.values
			case f.value && f.kind == "":
				vals[k] = []string{} // free text: offer nothing
			default:
				continue
			}
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "        %s = %s\n", psQuote(k), q(vals[k]))
	}
	fmt.Fprintln(w, "    }")
	fmt.Fprintln(w, "    $positional = @{")
	for _, c := range cmds {
		if len(c.args) > 0 {
			fmt.Fprintf(w, "        %s = %s\n", psQuote(c.name), q(c.args))
		}
	}
	fmt.Fprint(w, `    }
    $words = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
    if ($wordToComplete -ne '' -and $words.Count -gt 0) { $words = @($words | Select-Object -SkipLast 1) }
    $cmd = ''
    foreach ($w in $words) {
        if ($w -like '-*') { continue }
        if ($cmd -eq '') { $cmd = $w }
        elseif ($subs.ContainsKey($cmd) -and $cmd -notlike '* *') { $cmd = "$cmd $w" }
    }
    $prev = if ($words.Count -gt 0) { $words[-1] } else { '' }
    $prev = $prev -replace '^--?', '--'
    if ($prev.Length -eq 3) { $prev = $prev.Substring(1) }
    $offer = $null
    if ($cmd -eq '') { $offer = $top }
    elseif ($cmd -eq 'help') { $offer = @($top | Where-Object { $_ -notlike '-*' -and $_ -ne 'help' }) }
    elseif ($values.ContainsKey("$cmd $prev")) { $offer = $values["$cmd $prev"] }
    elseif ($wordToComplete -like '-*') { $offer = $flags[$cmd] }
    elseif ($subs.ContainsKey($cmd)) { $offer = $subs[$cmd] }
    elseif ($positional.ContainsKey($cmd)) { $offer = $positional[$cmd] }
    if ($null -eq $offer) { return }
    $offer | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
}
`)
}
