package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"time"

	"wecomadmin/internal/app"
	"wecomadmin/internal/logging"
	"wecomadmin/internal/wecomsim"
)

func runSim(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:9001", "listen address")
	seed := fs.Int64("seed", 1, "seed of the generated corp and of fault decisions")
	corpID := fs.String("corp-id", "wwsimcorp0000001", "corp id")
	secret := fs.String("secret", "sim", "secret accepted for every secret kind")
	ttl := fs.Duration("token-ttl", 7200*time.Second, "access_token lifetime")
	faults := fs.String("faults", "", "fault rates, e.g. 'timeout=0.05,5xx=0.05,45009=0.02,media10001=0.1,badrecord=0.001,slow=0.05,stt429=0.1,stt5xx=0.05,sttslow=0.1'")
	hold := fs.Duration("fault-hold", 15*time.Second, "how long a timeout fault holds a request")
	rate := fs.Int("rate-limit", 10000, "calls per API per minute before 45009")
	delay := fs.Duration("transfer-delay", 30*time.Second, "until a customer transfer resolves (Tencent: 24h)")
	keys := fs.String("keys", "", "archive RSA key directory (v<N>.pem), for the archive simulator")
	archive := fs.String("archive", "", "JSONL of archive messages to serve, for the archive simulator")
	archiveN := fs.Int("archive-messages", 0, "messages the archive simulator generates when --archive is not given (default 300)")
	cbURL := fs.String("callback-url", "", "portal callback URL for change events, e.g. http://127.0.0.1:8080/wecom/callback/main")
	cbToken := fs.String("callback-token", "", "callback Token")
	cbKey := fs.String("callback-aes-key", "", "callback EncodingAESKey (43 characters)")
	level := fs.String("log-level", "info", "debug, info, warn or error")
	kinds := simKindFlags(fs)
	if err := fs.Parse(args); err != nil {
		return &exitError{2, err}
	}
	secrets, err := kinds.profiles()
	if err != nil {
		return &exitError{2, err}
	}
	spec, err := wecomsim.ParseFaults(*faults)
	if err != nil {
		return &exitError{2, err}
	}
	log := logging.New(stderr, *level, "auto")
	s, err := wecomsim.NewSimulator(wecomsim.Options{
		Seed: *seed, CorpID: *corpID, Secret: *secret, TokenTTL: *ttl, Faults: spec, FaultHold: *hold,
		RateLimit: *rate, TransferDelay: *delay, Logger: log, KeysDir: *keys, ArchiveFile: *archive, ArchiveMessages: *archiveN,
		Callback: wecomsim.CallbackOptions{URL: *cbURL, Token: *cbToken, AESKey: *cbKey},
		Secrets:  secrets, LegacyAppFields: *kinds.legacy,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", *addr, err)
	}
	d := s.Directory()
	log.Info("wecom simulator listening", "url", "http://"+ln.Addr().String(), "corp_id", *corpID, "seed", *seed,
		"faults", spec.String(), "users", len(d.Users()), "external_contacts", len(d.ExternalContacts()),
		"group_chats", len(d.GroupChats()), "directory_hash", d.Hash(), "legacy_app_fields", *kinds.legacy)
	return s.Serve(ctx, ln, log)
}

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "portal listen address")
	data := fs.String("data", "./data/demo", "data directory (SQLite database, blobs, simulator keys)")
	seed := fs.Int64("seed", app.DemoSeed, "seed of the simulated corp")
	if err := fs.Parse(args); err != nil {
		return &exitError{2, err}
	}
	d, err := app.StartDemo(ctx, app.DemoOptions{Addr: *addr, DataDir: *data, Seed: *seed, Log: stderr, Version: version, StartClamd: true})
	if err != nil {
		return err
	}
	defer d.App.Close()
	fmt.Fprint(stdout, app.DemoBanner(d.PortalURL+"/", d.SimURL, d.Cred))
	return d.Run(ctx)
}
