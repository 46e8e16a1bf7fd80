package media

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"wecomadmin/internal/blob"
	"wecomadmin/internal/media/audio"
	"wecomadmin/internal/media/stt"
	"wecomadmin/internal/store"
)

// thumbWidth is the width of thumbnails and video posters.
const thumbWidth = 320

// isAudio reports a voice or call recording by kind or sniffed type.
func isAudio(m *store.Media) bool {
	return m.Kind == "voice" || m.Kind == "meeting_voice_call" || strings.HasPrefix(m.SniffedType, "audio/")
}

func isVisual(m *store.Media) bool {
	return m.Kind == "image" || m.Kind == "emotion" || m.Kind == "video" ||
		strings.HasPrefix(m.SniffedType, "image/") || strings.HasPrefix(m.SniffedType, "video/")
}

// inputOf is the file for ffmpeg with the type it is read as: the sniffed
// type when ffmpeg has a demuxer for it, else the type the message declared
// (a voice is AMR, a call recording MP3, a file its extension's type). A
// file of neither kind is refused by audio, never probed.
func inputOf(m *store.Media, path string) audio.Input {
	if audio.Demuxer(m.SniffedType) != "" {
		return audio.Input{Path: path, Type: m.SniffedType}
	}
	declared := m.SniffedType
	switch e := strings.ToLower(strings.TrimPrefix(m.FileExt, ".")); {
	case m.Kind == "voice":
		declared = "audio/amr"
	case m.Kind == "meeting_voice_call":
		declared = "audio/mpeg"
	case len(extTypes[e]) > 0:
		declared = extTypes[e][0]
	}
	return audio.Input{Path: path, Type: declared}
}

// derive makes the playable audio, poster or thumbnail of a scanned file.
// A file ffmpeg cannot decode keeps its state with the reason in last_error;
// retrying would not help.
func (s *Service) derive(ctx context.Context, m *store.Media, w *work) error {
	if s.d.Audio == nil || (!isAudio(m) && !isVisual(m)) {
		return nil
	}
	in, err := s.local(ctx, w, m)
	if err != nil {
		return err
	}
	if isAudio(m) {
		err = s.deriveAudio(ctx, m, inputOf(m, in), w.dir)
	} else {
		err = s.deriveFrame(ctx, m, inputOf(m, in), w.dir)
	}
	if errors.Is(err, audio.ErrUndecodable) {
		m.LastError = err.Error()
		return s.d.Store.UpdateMedia(ctx, *m)
	}
	return err
}

func (s *Service) deriveAudio(ctx context.Context, m *store.Media, in audio.Input, dir string) error {
	if m.SniffedType == "audio/mpeg" {
		// Call recordings are MP3 already: kept as they are, measured.
		d, err := s.d.Audio.Duration(ctx, in)
		if err != nil {
			return err
		}
		m.DurationMS, m.PlayableKey, m.PlayableType = d.Milliseconds(), m.BlobKey, "audio/mpeg"
	} else {
		out := filepath.Join(dir, "play.ogg")
		res, err := s.d.Audio.ToPlayable(ctx, in, out, audio.Opus)
		if err != nil {
			return err
		}
		key, err := s.putFile(ctx, out)
		if err != nil {
			return err
		}
		m.DurationMS, m.PlayableKey, m.PlayableType = res.Duration.Milliseconds(), key, "audio/ogg"
	}
	m.State = StateConverted
	if err := s.d.Store.UpdateMedia(ctx, *m); err != nil {
		return err
	}
	return s.transcribeFile(ctx, m, in, dir)
}

func (s *Service) deriveFrame(ctx context.Context, m *store.Media, in audio.Input, dir string) error {
	out := filepath.Join(dir, "thumb.jpg")
	if err := s.d.Audio.Frame(ctx, in, out, thumbWidth); err != nil {
		return err
	}
	key, err := s.putFile(ctx, out)
	if err != nil {
		return err
	}
	m.ThumbKey, m.State = key, StateConverted
	return nil
}

// transcribe re-runs transcription of converted audio (after an engine failure).
func (s *Service) transcribe(ctx context.Context, m *store.Media, w *work) error {
	if s.d.Audio == nil || !s.d.Corp(m.CorpID).transcribes(m) {
		return nil
	}
	in, err := s.local(ctx, w, m)
	if err != nil {
		return err
	}
	return s.transcribeFile(ctx, m, inputOf(m, in), w.dir)
}

func (s *Service) transcribeFile(ctx context.Context, m *store.Media, in audio.Input, dir string) error {
	cs := s.d.Corp(m.CorpID)
	if !cs.transcribes(m) {
		return nil
	}
	wav := filepath.Join(dir, "stt.wav")
	if _, err := s.d.Audio.ToTranscriptionWAV(ctx, in, wav); err != nil {
		return err
	}
	res, err := cs.STT.Transcribe(ctx, stt.Request{WAVPath: wav, Language: cs.Language, Vocabulary: cs.Vocabulary})
	if errors.Is(err, stt.ErrNoSpeech) {
		res, err = stt.Result{Language: cs.Language}, nil // an empty transcript is a result
	}
	if err != nil {
		return fmt.Errorf("media: transcribe with %s: %w", cs.STT.Name(), err)
	}
	_, err = s.d.Store.InsertTranscript(ctx, store.Transcript{MediaID: m.ID, CorpID: m.CorpID, Engine: cs.STT.Name(),
		Language: res.Language, Confidence: res.Confidence, Text: res.Text})
	if err != nil {
		return err
	}
	if s.d.OnTranscript != nil && res.Text != "" {
		if err := s.d.OnTranscript(ctx, m.CorpID, m.MsgID, res.Text); err != nil {
			return fmt.Errorf("media: index transcript: %w", err)
		}
	}
	m.State = StateTranscribed
	return nil
}

// copyOut writes a stored object to a local file for ffmpeg.
func (s *Service) copyOut(ctx context.Context, key, path string) error {
	obj, err := s.d.Blob.Open(ctx, key)
	if err != nil {
		return fmt.Errorf("media: open %s: %w", key, err)
	}
	defer obj.Close()
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("media: copy out: %w", err)
	}
	if _, err := io.Copy(f, obj); err != nil {
		f.Close()
		return fmt.Errorf("media: copy out: %w", err)
	}
	return f.Close()
}

// putFile stores a derived file under its content key.
func (s *Service) putFile(ctx context.Context, path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("media: store derived: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", fmt.Errorf("media: store derived: %w", err)
	}
	key := blob.ContentKey(hex.EncodeToString(h.Sum(nil)))
	return key, s.putOnce(ctx, key, f, n)
}
