package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"wecomadmin/internal/config"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/media"
	"wecomadmin/internal/media/audio"
	"wecomadmin/internal/media/scan"
	"wecomadmin/internal/media/scan/clamd"
	"wecomadmin/internal/media/stt"
	"wecomadmin/internal/status"
)

// newMedia builds the media pipeline from config and registers its job
// handler on a.Jobs. Missing tools are not fatal: without clamd files wait
// unscanned (and the status page says scanning is off), without ffmpeg
// nothing is converted.
func newMedia(a *App) (*media.Service, []status.Check, error) {
	mc := a.Cfg.Media
	var scanner scan.Scanner
	if mc.Clamd != "" {
		network, addr, err := config.ParseClamd(mc.Clamd)
		if err != nil {
			return nil, nil, err
		}
		scanner = clamd.New(network, addr, 2*time.Minute)
	} else {
		a.Log.Warn("media: malware scanning is OFF (media.clamd not set); files stay unscanned and are not served unless a corp allows it")
	}
	conv, err := audio.New(5 * time.Minute)
	if err != nil {
		a.Log.Warn("media: ffmpeg not found; voice will not be playable or transcribed", "err", err)
		conv = nil
	}
	corps, err := mediaCorps(a.Cfg)
	if err != nil {
		return nil, nil, err
	}
	box, err := secretBox(a.Cfg.Security.SecretsKey)
	if err != nil {
		return nil, nil, err
	}
	view := newMediaCorpsView(a.Cfg, a.Store, box, corps)
	d := media.Deps{
		Store: a.Store, Jobs: a.Jobs, Blob: a.Blob, Source: view.Source, Scanner: scanner, Audio: conv,
		Corp:  view.Settings,
		Audit: a.Audit, Log: a.Log, Metrics: a.Metrics.Registry,
	}
	svc := media.New(d, media.Options{
		Policy: jobs.Policy{
			InitialDelay: mc.InitialBackoff.D(), Multiplier: mc.Multiplier, MaxDelay: mc.MaxBackoff.D(),
			MaxAttempts: mc.MaxAttempts, Timeout: mc.Timeout.D(), Concurrency: mc.Concurrency * max(1, len(a.Cfg.Corps)),
		},
		MaxSize: mc.MaxSize, Concurrency: mc.Concurrency, TempDir: mc.TempDir,
		ChunkRetry: media.ChunkRetry{Attempts: mc.ChunkAttempts, Initial: mc.ChunkInitialBackoff.D(), Max: mc.ChunkMaxBackoff.D()},
	})
	svc.Register()
	a.Jobs.Every(media.KindRescan, 15*time.Minute, func(ctx context.Context) error {
		ids, err := view.CorpIDs(ctx)
		if err != nil {
			return err
		}
		return svc.Rescan(ctx, ids)
	})
	return svc, mediaChecks(scanner, conv, corps), nil
}

// mediaCorps resolves each configured corp's media settings by corp id.
func mediaCorps(cfg config.Config) (map[string]media.CorpSettings, error) {
	out := map[string]media.CorpSettings{}
	for _, c := range cfg.Corps {
		cs, err := corpMediaSettings(cfg, c.Key)
		if err != nil {
			return nil, err
		}
		out[c.CorpID] = cs
	}
	return out, nil
}

// corpMediaSettings resolves the media settings of the corp with this key.
func corpMediaSettings(cfg config.Config, key string) (media.CorpSettings, error) {
	mc := cfg.Media.CorpMedia(key)
	cs := media.CorpSettings{AllowUnscanned: mc.AllowUnscanned, Language: mc.Language, Vocabulary: mc.Vocabulary}
	switch mc.STT.Engine {
	case "azure", "openai":
		k := ""
		if mc.STT.Key.IsSet() {
			v, err := mc.STT.Key.Resolve()
			if err != nil {
				return cs, fmt.Errorf("config: media.corps[%s].stt.key: %w", key, err)
			}
			k = v
		}
		if mc.STT.Engine == "azure" {
			cs.STT = &stt.Azure{Region: mc.STT.Region, Endpoint: mc.STT.URL, Key: k}
		} else {
			cs.STT = &stt.OpenAI{BaseURL: mc.STT.URL, Key: k, Model: mc.STT.Model}
		}
	case "pocketsphinx":
		cs.STT = &stt.Sphinx{}
	}
	return cs, nil
}

// scanningOff is the clamd health without a scanner: it says plainly that
// files are unscanned and whether they are served so.
func scanningOff(corps map[string]media.CorpSettings) status.Health {
	for _, cs := range corps {
		if cs.AllowUnscanned {
			return status.Health{State: "disabled", Detail: "malware scanning is off (media.clamd not set): files are not scanned; they are served unscanned, each flagged"}
		}
	}
	return status.Health{State: "disabled", Detail: "malware scanning is off (media.clamd not set): files are not scanned and not served"}
}

func mediaChecks(sc scan.Scanner, conv *audio.Converter, corps map[string]media.CorpSettings) []status.Check {
	clamdCheck := status.Check{Name: "clamd", Probe: func(ctx context.Context) status.Health {
		if sc == nil {
			return scanningOff(corps)
		}
		v, err := sc.Version(ctx)
		if err != nil {
			return status.Health{State: "down", Detail: err.Error()}
		}
		return status.Health{State: "ok", Detail: v}
	}}
	ffmpegCheck := status.Check{Name: "ffmpeg", Probe: func(ctx context.Context) status.Health {
		if conv == nil {
			return status.Health{State: "disabled", Detail: "ffmpeg not installed"}
		}
		v, err := conv.Version(ctx)
		if err != nil {
			return status.Health{State: "down", Detail: err.Error()}
		}
		return status.Health{State: "ok", Detail: v}
	}}
	sttCheck := status.Check{Name: "transcription", Probe: func(context.Context) status.Health {
		var engines []string
		for _, c := range corps {
			if c.STT == nil {
				continue
			}
			if sp, ok := c.STT.(*stt.Sphinx); ok && sp.Available() != nil {
				return status.Health{State: "down", Detail: "pocketsphinx not installed"}
			}
			engines = append(engines, c.STT.Name())
		}
		if len(engines) == 0 {
			return status.Health{State: "disabled", Detail: "no corp has a speech-to-text engine"}
		}
		return status.Health{State: "ok", Detail: strings.Join(engines, ", ")}
	}}
	return []status.Check{clamdCheck, ffmpegCheck, sttCheck}
}

// buildMedia sets a.Media and returns its status checks.
func buildMedia(a *App) ([]status.Check, error) {
	svc, checks, err := newMedia(a)
	if err != nil {
		return nil, err
	}
	a.Media = svc
	return checks, nil
}
