package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"wecomadmin/internal/monitor/detect"
)

// runMonitor is `wecomadmin monitor classify --products FILE [--config FILE]`.
func runMonitor(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return monitorCommand(ctx, args, os.Stdin, stdout, stderr)
}

func monitorCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "classify" {
		return &exitError{2, errors.New("usage: wecomadmin monitor classify --products FILE [--config FILE] < messages.jsonl")}
	}
	fs := flag.NewFlagSet("monitor classify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	products := fs.String("products", "", "product catalog (YAML or JSON, the schema of products.yaml)")
	cfgPath := fs.String("config", "", "config file (YAML); monitoring.policy_file replaces the default policy")
	if err := fs.Parse(args[1:]); err != nil {
		return &exitError{2, err}
	}
	if *products == "" {
		return &exitError{2, errors.New("usage: wecomadmin monitor classify --products FILE [--config FILE]")}
	}
	d, err := classifier(*products, *cfgPath)
	if err != nil {
		return &exitError{2, err}
	}
	return classifyLines(ctx, d, stdin, stdout)
}

// classifier builds the detector ingest uses: the catalog file and the
// config's policy file, or the built-in default policy.
func classifier(productsFile, cfgPath string) (*detect.Detector, error) {
	data, err := os.ReadFile(productsFile)
	if err != nil {
		return nil, fmt.Errorf("monitor: products: %w", err)
	}
	cat, err := detect.ParseCatalog(data)
	if err != nil {
		return nil, fmt.Errorf("monitor: %s: %w", productsFile, err)
	}
	pol := detect.DefaultPolicy()
	if cfgPath != "" {
		cfg, err := loadConfig(cfgPath)
		if err != nil {
			return nil, err
		}
		if f := cfg.Monitoring.PolicyFile; f != "" {
			raw, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("monitor: policy: %w", err)
			}
			if pol, err = detect.ParsePolicy(raw); err != nil {
				return nil, fmt.Errorf("monitor: %s: %w", f, err)
			}
		}
	}
	return detect.New(pol, cat)
}

// classifyRequest is one input line of the classify contract.
type classifyRequest struct {
	ID      json.RawMessage `json:"id"`
	Text    *string         `json:"text"`
	Lang    string          `json:"lang"`
	Speaker string          `json:"speaker"`
	MsgType string          `json:"msgtype"`
	Context []string        `json:"context"`
}

// classifyResult always carries labels and hits (empty arrays when clean).
type classifyResult struct {
	ID     json.RawMessage `json:"id"`
	Labels []string        `json:"labels"`
	Hits   []detect.Hit    `json:"hits"`
}

type classifyError struct {
	ID    json.RawMessage `json:"id"`
	Error string          `json:"error"`
}

// maxLine bounds one input line; a longer one is answered with an error.
const maxLine = 4 << 20

// classifyLines answers every non-blank input line with one output line, in
// order; a malformed line gets {"id", "error"} and the run goes on.
func classifyLines(ctx context.Context, d *detect.Detector, stdin io.Reader, stdout io.Writer) error {
	in := bufio.NewReaderSize(stdin, 64<<10)
	out := bufio.NewWriterSize(stdout, 64<<10)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, tooLong, err := readLine(in)
		if len(bytes.TrimSpace(line)) > 0 || tooLong {
			if werr := enc.Encode(classifyOne(d, line, tooLong)); werr != nil {
				return fmt.Errorf("monitor: write: %w", werr)
			}
		}
		if in.Buffered() == 0 || err != nil {
			if ferr := out.Flush(); ferr != nil {
				return fmt.Errorf("monitor: write: %w", ferr)
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("monitor: read: %w", err)
		}
	}
}

// readLine reads one line; past maxLine it discards the rest and says so.
func readLine(r *bufio.Reader) ([]byte, bool, error) {
	var buf []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(buf)+len(chunk) <= maxLine {
			buf = append(buf, chunk...)
		} else {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = r.ReadSlice('\n')
			}
			return nil, true, err
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return buf, false, err
	}
}

// salvageID reads the "id" of a broken line when it comes before the
// breakage (`{"id": 7, "text": "...` cut short), else null.
func salvageID(line []byte) json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(line))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return json.RawMessage("null")
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			break
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			break
		}
		if key == "id" {
			return v
		}
	}
	return json.RawMessage("null")
}

func classifyOne(d *detect.Detector, line []byte, tooLong bool) any {
	null := json.RawMessage("null")
	if tooLong {
		return classifyError{ID: null, Error: fmt.Sprintf("line longer than %d bytes", maxLine)}
	}
	var req classifyRequest
	if err := json.Unmarshal(line, &req); err != nil {
		return classifyError{ID: salvageID(line), Error: "malformed input: " + err.Error()}
	}
	if len(req.ID) == 0 {
		req.ID = null
	}
	if req.Text == nil {
		return classifyError{ID: req.ID, Error: `malformed input: "text" is required`}
	}
	res := d.Classify(detect.Input{Text: *req.Text, Lang: req.Lang, Speaker: req.Speaker, MsgType: req.MsgType, Context: req.Context})
	return classifyResult{ID: req.ID, Labels: res.Labels, Hits: res.Hits}
}
