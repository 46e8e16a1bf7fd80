package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"wecomadmin/internal/app"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
)

// multiFlag collects a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// runAdmin: admin create | admin token create.
func runAdmin(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	switch {
	case len(args) >= 1 && args[0] == "create":
		return runAdminCreate(ctx, args[1:], os.Stdin, stdout, stderr)
	case len(args) >= 2 && args[0] == "token" && args[1] == "create":
		return runTokenCreate(ctx, args[2:], stdout, stderr)
	}
	return &exitError{2, errors.New("usage: wecomadmin admin create --config F --username U --role R [--password-stdin] | admin token create --config F --name N --role R [--scope DEPT]... [--expires 90d]")}
}

func openAdmin(ctx context.Context, cfgPath string, stderr io.Writer) (*app.Admin, error) {
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		return nil, err
	}
	if cfg.Log.Format == "auto" {
		cfg.Log.Format = "text"
	}
	if err := cfg.ResolveSecrets(); err != nil {
		return nil, err
	}
	return app.OpenAdmin(ctx, cfg, stderr)
}

func runAdminCreate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("admin create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "config file (YAML)")
	username := fs.String("username", "", "username")
	role := fs.String("role", "admin", "role: admin, account_manager, reviewer, auditor")
	corp := fs.String("corp", "", "limit the role to this corp_id")
	display := fs.String("display-name", "", "display name")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	var scopes multiFlag
	fs.Var(&scopes, "scope", "limit the role to this department path (repeatable)")
	if err := fs.Parse(args); err != nil {
		return &exitError{2, err}
	}
	if *username == "" {
		return &exitError{2, errors.New("--username is required")}
	}
	password, generated, err := readPassword(stdin, *fromStdin, stderr)
	if err != nil {
		return err
	}
	a, err := openAdmin(ctx, *cfgPath, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	ctx = audit.WithActor(ctx, "cli:admin-create")
	c, err := a.Auth.CreateAdmin(ctx, auth.AdminSpec{Username: *username, DisplayName: *display, Kind: "local",
		Password: password, Grants: []auth.Grant{{Role: auth.Role(*role), CorpID: *corp, Departments: scopes}}})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created admin %s (id %d, role %s)\n", c.Admin.Username, c.Admin.ID, *role)
	if generated {
		fmt.Fprintf(stdout, "password:    %s\n", password)
	}
	fmt.Fprintf(stdout, "TOTP secret: %s\notpauth URL: %s\n", c.TOTPSecret, c.OTPAuthURL)
	fmt.Fprintln(stdout, "Add the secret to an authenticator app now; it is not shown again.")
	return nil
}

// readPassword takes the first line of stdin, or asks twice on a terminal,
// or makes a strong random one (generated=true) when there is neither.
func readPassword(stdin io.Reader, fromStdin bool, stderr io.Writer) (pw string, generated bool, err error) {
	if fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", false, fmt.Errorf("read password: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), false, nil
	}
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, "Password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprint(stderr, "\nAgain: ")
		b, err2 := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil || err2 != nil {
			return "", false, errors.New("read password from terminal failed")
		}
		if string(a) != string(b) {
			return "", false, errors.New("passwords do not match")
		}
		return string(a), false, nil
	}
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b), true, nil
}

func runTokenCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("admin token create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "config file (YAML)")
	name := fs.String("name", "", "token name (audited under it)")
	role := fs.String("role", "", "role: admin, account_manager, reviewer, auditor")
	corp := fs.String("corp", "", "limit the role to this corp_id")
	expires := fs.String("expires", "90d", "lifetime, e.g. 90d or 12h; 0 never expires")
	var scopes multiFlag
	fs.Var(&scopes, "scope", "limit the role to this department path (repeatable)")
	if err := fs.Parse(args); err != nil {
		return &exitError{2, err}
	}
	if *name == "" || *role == "" {
		return &exitError{2, errors.New("--name and --role are required")}
	}
	ttl, err := auth.ParseTTL(*expires)
	if err != nil {
		return &exitError{2, err}
	}
	a, err := openAdmin(ctx, *cfgPath, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	ctx = audit.WithActor(ctx, "cli:token-create")
	raw, t, err := a.Auth.CreateToken(ctx, auth.TokenSpec{Name: *name, Role: auth.Role(*role), CorpID: *corp,
		Departments: scopes, TTL: ttl})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "created API token %s (id %d, role %s); it is shown once:\n", t.Name, t.ID, t.Role)
	_, err = fmt.Fprintln(stdout, raw)
	return err
}

// runAudit: audit verify.
func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return &exitError{2, errors.New("usage: wecomadmin audit verify --config FILE")}
	}
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "config file (YAML)")
	if err := fs.Parse(args[1:]); err != nil {
		return &exitError{2, err}
	}
	a, err := openAdmin(ctx, *cfgPath, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	rep, err := a.Audit.Verify(ctx)
	if err != nil {
		return err
	}
	if !rep.Intact {
		fmt.Fprintf(stdout, "audit chain BROKEN at entry %d: %s (%d entries checked before it)\n", *rep.FirstBrokenID, rep.Reason, rep.Checked)
		return &exitError{1, fmt.Errorf("audit chain broken at entry %d", *rep.FirstBrokenID)}
	}
	_, err = fmt.Fprintf(stdout, "audit chain intact: %d entries, head %d %s, %d signed checkpoints checked\n",
		rep.Checked, rep.HeadID, rep.HeadHash, rep.CheckpointsChecked)
	return err
}
