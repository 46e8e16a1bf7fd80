package app

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"wecomadmin/internal/supervise"
	"wecomadmin/internal/wecomsim"
)

// NewSimulator builds the WeCom simulator with every part attached (the
// archive simulator through attachArchive). `wecomadmin sim` and `demo`
// both start it here.
func NewSimulator(opts wecomsim.Options) (*wecomsim.Server, error) {
	s := wecomsim.New(opts)
	if err := attachArchive(s, s.Options().Logger); err != nil {
		return nil, err
	}
	return s, nil
}

// ServeSimulator serves s on ln until ctx ends; transfers settle on time
// meanwhile. Requests held by timeout faults are released at shutdown.
func ServeSimulator(ctx context.Context, s *wecomsim.Server, ln net.Listener, log *slog.Logger) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	g := supervise.NewGroup(log)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	g.Go(runCtx, "wecomsim-http", func(ctx context.Context) error {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	g.Go(runCtx, "wecomsim-transfers", s.Run)
	<-runCtx.Done()
	s.Close()
	shutCtx, c2 := context.WithTimeout(context.Background(), 5*time.Second)
	defer c2()
	err := srv.Shutdown(shutCtx)
	cancel()
	if werr := g.Wait(); werr != nil && err == nil {
		err = werr
	}
	return err
}
