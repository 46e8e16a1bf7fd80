package stt

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strings"
)

// Sphinx runs Debian's pocketsphinx_continuous with its US English model,
// offline. Its general language model recognises synthetic or noisy speech
// poorly; given a vocabulary (a corp's compliance terms) it decodes against
// a JSGF grammar of those words instead, which is far more accurate on
// them and recognises nothing else.
type Sphinx struct {
	Binary string // default pocketsphinx_continuous on PATH
}

// Name implements Engine.
func (s *Sphinx) Name() string { return "pocketsphinx" }

var wordRe = regexp.MustCompile(`^[a-z][a-z']*$`)

// Grammar builds a JSGF grammar accepting any sequence of the words; words
// that are not plain English words are dropped (the dictionary has no
// pronunciation for them). It returns "" when no word is left.
func Grammar(vocab []string) string {
	seen := map[string]bool{}
	var words []string
	for _, v := range vocab {
		for _, w := range strings.Fields(strings.ToLower(v)) {
			if wordRe.MatchString(w) && !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	if len(words) == 0 {
		return ""
	}
	sort.Strings(words)
	return "#JSGF V1.0;\ngrammar vocab;\npublic <s> = <w>+;\n<w> = " + strings.Join(words, " | ") + ";\n"
}

// Available reports whether the binary is installed.
func (s *Sphinx) Available() error {
	_, err := exec.LookPath(s.bin())
	return err
}

func (s *Sphinx) bin() string {
	if s.Binary != "" {
		return s.Binary
	}
	return "pocketsphinx_continuous"
}

// Transcribe implements Engine.
func (s *Sphinx) Transcribe(ctx context.Context, req Request) (Result, error) {
	args := []string{"-infile", req.WAVPath, "-logfn", os.DevNull}
	if g := Grammar(req.Vocabulary); g != "" {
		f, err := os.CreateTemp("", "wecomadmin-*.jsgf")
		if err != nil {
			return Result{}, fmt.Errorf("stt pocketsphinx: %w", err)
		}
		defer os.Remove(f.Name())
		_, werr := f.WriteString(g)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return Result{}, fmt.Errorf("stt pocketsphinx: grammar: %w", werr)
		}
		args = append(args, "-jsgf", f.Name())
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, s.bin(), args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return Result{}, fmt.Errorf("stt pocketsphinx: %w: %s", err, lastLine(stderr.String()))
	}
	// One line per utterance.
	text := strings.Join(strings.Fields(stdout.String()), " ")
	if text == "" {
		return Result{}, ErrNoSpeech
	}
	return Result{Text: text, Language: "en-US"}, nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
