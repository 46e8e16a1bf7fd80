package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/config"
	"wecomadmin/internal/finance"
	"wecomadmin/internal/finance/sdk"
	"wecomadmin/internal/store"
)

// NewIngester builds the archive ingester for every configured corp with
// an archive source: keys by publickey_ver, and the SDK worker or the
// simulator client. media may be nil (media jobs then only counted). The
// returned close function stops SDK workers.
func NewIngester(cfg config.Config, st *store.Store, media archive.MediaEnqueuer, log *slog.Logger) (*archive.Ingester, func(), error) {
	var corps []archive.Corp
	var sources []finance.Source
	closeAll := func() {
		for _, s := range sources {
			_ = s.Close()
		}
	}
	for _, c := range cfg.Corps {
		if c.Archive.Source == "" {
			continue
		}
		src, keys, err := archiveSource(c)
		if err != nil {
			closeAll()
			return nil, nil, err
		}
		sources = append(sources, src)
		corps = append(corps, archive.Corp{CorpID: c.CorpID, Key: c.Key, Source: src, Keys: keys})
	}
	opt := archive.Options{Log: log, PollInterval: 30 * time.Second}
	for _, c := range cfg.Corps {
		if c.Archive.PollInterval > 0 {
			opt.PollInterval = time.Duration(c.Archive.PollInterval) // one interval for all corps: the smallest
		}
	}
	return archive.New(st, media, corps, opt), closeAll, nil
}

func archiveSource(c config.Corp) (finance.Source, *archive.Keys, error) {
	at := "corps[" + c.Key + "]"
	pems := map[int][]byte{}
	for _, k := range c.ArchiveKeys {
		v, err := k.PrivateKey.Resolve()
		if err != nil {
			return nil, nil, fmt.Errorf("config: %s.archive_keys[v%d].private_key: %w", at, k.Version, err)
		}
		pems[k.Version] = []byte(v)
	}
	keys, err := archive.NewKeys(pems)
	if err != nil {
		return nil, nil, fmt.Errorf("config: %s.archive_keys: %w", at, err)
	}
	secret, err := c.Secrets.Archive.Resolve()
	if err != nil {
		return nil, nil, fmt.Errorf("config: %s.secrets.archive: %w", at, err)
	}
	src, err := financeSource(c.Archive.Source, c.Archive.URL, c.CorpID, secret)
	if err != nil {
		return nil, nil, fmt.Errorf("config: %s.archive.source: %w", at, err)
	}
	return src, keys, nil
}

// financeSource opens an archive source: the Finance SDK in a worker
// process, or the simulator at url.
func financeSource(source, url, corpID, secret string) (finance.Source, error) {
	switch source {
	case "sim":
		return finance.NewSimClient(url, corpID, secret), nil
	case "sdk":
		if _, err := sdk.NewNative(); err != nil {
			return nil, fmt.Errorf("%w; build one with `make build-sdk SDK_DIR=<directory holding libWeWorkFinanceSdk_C.so>` (docs/archive.md)", err)
		}
		exe, err := os.Executable()
		if err != nil {
			return nil, err
		}
		return sdk.NewClient([]string{exe, "finance-worker"}, corpID, secret), nil
	}
	return nil, fmt.Errorf("must be sdk or sim")
}

// RunFinanceWorker is the `wecomadmin finance-worker` process: the native
// SDK serving the portal over stdin/stdout.
func RunFinanceWorker(_ context.Context) error {
	n, err := sdk.NewNative()
	if err != nil {
		return err
	}
	return sdk.ServeWorker(os.Stdin, os.Stdout, n)
}
