package wecomsim

import (
	"log/slog"

	"wecomadmin/internal/wecomsim/archivesim"
	"wecomadmin/internal/wecomsim/speechsim"
)

// attachSpeech mounts the stand-in for Azure Speech's short-audio REST API
// on s, at Azure's own path, so a portal's Azure engine configured with the
// simulator's URL as its endpoint and the simulator's secret as its key
// transcribes the generated voice messages and call recordings (what each
// says is recorded by the archive generator). Faults stt429, stt5xx and
// sttslow apply.
func attachSpeech(s *Server, arch *archivesim.Archive, log *slog.Logger) {
	sp := speechsim.New(speechsim.Config{
		Key: s.Options().Secret, Faults: s.Faults(),
		Scripts: func() []speechsim.Script {
			var out []speechsim.Script
			for _, sp := range arch.Spoken() {
				out = append(out, speechsim.Script{Audio: sp.Audio, Text: sp.Text})
			}
			return out
		},
	})
	sp.Register(s.Mount)
	log.Info("speech-to-text simulator attached", "path", speechsim.Path, "scripts", len(arch.Spoken()))
}
