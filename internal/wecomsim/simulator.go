package wecomsim

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"wecomadmin/internal/supervise"
)

// Simulator is the WeCom simulator with every part attached: the archive
// simulator, and the callback sender whose queue holds the changes made
// before ServeSimulator starts delivering them.
type Simulator struct {
	*Server
	deliver func(ctx context.Context) error // nil: no callback URL
}

// NewSimulator builds the simulator. `wecomadmin sim` and `demo` both start
// it here. The callback hook is attached now, not when serving starts: a
// change made in between (a test, the demo's seeding) would otherwise never
// be called back.
func NewSimulator(opts Options) (*Simulator, error) {
	s := New(opts)
	log := s.Options().Logger
	if err := attachArchive(s, log); err != nil {
		return nil, err
	}
	deliver, err := attachCallbacks(s, log)
	if err != nil {
		return nil, err
	}
	return &Simulator{Server: s, deliver: deliver}, nil
}

// Serve serves s on ln until ctx ends; transfers settle on time
// meanwhile. Requests held by timeout faults are released at shutdown.
func (s *Simulator) Serve(ctx context.Context, ln net.Listener, log *slog.Logger) error {
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
	if s.deliver != nil {
		g.Go(runCtx, "wecomsim-callbacks", s.deliver)
	}
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
