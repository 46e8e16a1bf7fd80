package monitor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/monitor/detect"
	"wecomadmin/internal/store"
)

// Document is a version of a corp's catalog or policy.
type Document struct {
	Corp      string          `json:"corp"`
	CorpID    string          `json:"corp_id"`
	Version   int             `json:"version"` // 0: none saved (the built-in default applies)
	CreatedBy string          `json:"created_by,omitempty"`
	CreatedAt int64           `json:"created_at,omitempty"`
	Body      json.RawMessage `json:"body"`
}

// MaxDocument bounds a catalog or policy document (bytes).
const MaxDocument = 2 << 20

// Catalog returns the corp's product catalog in force.
func (s *Service) Catalog(ctx context.Context, corpRef string) (Document, error) {
	return s.document(ctx, corpRef, kindCatalog)
}

// Policy returns the corp's policy in force.
func (s *Service) Policy(ctx context.Context, corpRef string) (Document, error) {
	return s.document(ctx, corpRef, kindPolicy)
}

func (s *Service) document(ctx context.Context, corpRef, kind string) (Document, error) {
	c, err := s.corpRef(ctx, corpRef)
	if err != nil {
		return Document{}, err
	}
	if err := allowCorp(ctx, auth.AlertsRead, c.CorpID); err != nil {
		return Document{}, err
	}
	d := Document{Corp: c.Key, CorpID: c.CorpID}
	cur, err := s.st.MonitorConfigCurrent(ctx, c.CorpID, kind)
	switch {
	case errors.Is(err, store.ErrNotFound):
		var v any = detect.Catalog{Products: []detect.Product{}}
		if kind == kindPolicy {
			v = s.defaultPolicy()
		}
		d.Body, _ = json.Marshal(v)
		return d, nil
	case err != nil:
		return Document{}, err
	}
	d.Version, d.CreatedBy, d.CreatedAt, d.Body = cur.Version, cur.CreatedBy, cur.CreatedAt, json.RawMessage(cur.Body)
	return d, nil
}

// Versions lists a corp's policy versions, newest first.
func (s *Service) Versions(ctx context.Context, corpRef, kind string) ([]Document, error) {
	c, err := s.corpRef(ctx, corpRef)
	if err != nil {
		return nil, err
	}
	if err := allowCorp(ctx, auth.AlertsRead, c.CorpID); err != nil {
		return nil, err
	}
	vs, err := s.st.MonitorConfigVersions(ctx, c.CorpID, kind)
	if err != nil {
		return nil, err
	}
	out := make([]Document, 0, len(vs))
	for _, v := range vs {
		out = append(out, Document{Corp: c.Key, CorpID: c.CorpID, Version: v.Version, CreatedBy: v.CreatedBy,
			CreatedAt: v.CreatedAt, Body: json.RawMessage(v.Body)})
	}
	return out, nil
}

// PutCatalog parses (YAML or JSON, the products.yaml schema), validates and
// saves a new catalog version. A bad catalog is refused with the entry named
// and the version in force stays.
func (s *Service) PutCatalog(ctx context.Context, corpRef string, body []byte) (Document, error) {
	if len(body) > MaxDocument {
		return Document{}, invalid("catalog is larger than %d bytes", MaxDocument)
	}
	cat, err := detect.ParseCatalog(body)
	if err != nil {
		return Document{}, &DocumentError{err}
	}
	return s.putDocument(ctx, corpRef, kindCatalog, cat, map[string]any{"products": len(cat.Products)})
}

// PutPolicy parses, validates and saves a new policy version.
func (s *Service) PutPolicy(ctx context.Context, corpRef string, body []byte) (Document, error) {
	if len(body) > MaxDocument {
		return Document{}, invalid("policy is larger than %d bytes", MaxDocument)
	}
	p, err := detect.ParsePolicy(body)
	if err != nil {
		return Document{}, &DocumentError{err}
	}
	return s.putDocument(ctx, corpRef, kindPolicy, p, map[string]any{"policy_version": p.Version})
}

func (s *Service) putDocument(ctx context.Context, corpRef, kind string, v any, meta map[string]any) (Document, error) {
	c, err := s.corpRef(ctx, corpRef)
	if err != nil {
		return Document{}, err
	}
	if err := allowCorp(ctx, auth.SettingsWrite, c.CorpID); err != nil {
		return Document{}, err
	}
	body, err := json.Marshal(v)
	if err != nil {
		return Document{}, fmt.Errorf("monitor: encode %s: %w", kind, err)
	}
	if err := s.saveConfig(ctx, c.CorpID, kind, string(body), meta); err != nil {
		return Document{}, err
	}
	return s.document(ctx, c.CorpID, kind)
}

// SeedCatalog saves cat as the catalog of every corp that has none (the
// boot config's monitoring.products_file); it returns the corps seeded.
func (s *Service) SeedCatalog(ctx context.Context, data []byte) ([]string, error) {
	cat, err := detect.ParseCatalog(data)
	if err != nil {
		return nil, fmt.Errorf("monitor: products file: %w", err)
	}
	body, _ := json.Marshal(cat)
	corps, err := s.st.ListCorps(ctx)
	if err != nil {
		return nil, err
	}
	var seeded []string
	for _, c := range corps {
		_, err := s.st.MonitorConfigCurrent(ctx, c.CorpID, kindCatalog)
		if err == nil {
			continue
		}
		if !errors.Is(err, store.ErrNotFound) {
			return seeded, err
		}
		if err := s.saveConfig(ctx, c.CorpID, kindCatalog, string(body), map[string]any{"source": "products_file",
			"products": len(cat.Products)}); err != nil {
			return seeded, err
		}
		seeded = append(seeded, c.CorpID)
	}
	return seeded, nil
}

// SetDefaultPolicy replaces the built-in default policy (the boot config's
// monitoring.policy_file) for corps without their own.
func (s *Service) SetDefaultPolicy(data []byte) error {
	p, err := detect.ParsePolicy(data)
	if err != nil {
		return fmt.Errorf("monitor: policy file: %w", err)
	}
	s.mu.Lock()
	s.fallback = p
	s.detectors = map[string]*corpDetector{}
	s.mu.Unlock()
	return nil
}

func (s *Service) defaultPolicy() *detect.Policy {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fallback != nil {
		return s.fallback
	}
	return detect.DefaultPolicy()
}
