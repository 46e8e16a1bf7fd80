package app

import (
	"context"
	"fmt"
	"time"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/contacts"
	"wecomadmin/internal/supervise"
	"wecomadmin/internal/wecom"
)

// buildArchiveAndContacts wires the conversation archive (ingest, consent)
// and the external-contacts feature (callbacks, relationships, handover,
// welcome messages) to the WeCom clients, the store, the jobs and the audit
// trail.
func (a *App) buildArchiveAndContacts(ctx context.Context) error {
	in, closeIn, err := NewIngester(a.Cfg, a.Store, a.media, a.Log.With("component", "archive"))
	if err != nil {
		return err
	}
	a.Ingester, a.closers = in, append(a.closers, closeIn)
	if a.Cluster != nil {
		in.SetFence(a.Cluster.Fence)
	}
	in.SetClassifier(a.Monitor)
	if err := a.followStoredArchives(in); err != nil {
		return err
	}
	consent := archive.NewConsentSyncer(clientFor[archive.MsgAudit](a.WeCom), a.Store, a.Log.With("component", "consent"))
	a.Jobs.Every("archive.consent", 6*time.Hour, func(ctx context.Context) error {
		return syncConsentAll(ctx, consent, in.CorpIDs(), a.Log.With("component", "consent"))
	})
	keys, err := callbackKeys(a.Cfg.Corps)
	if err != nil {
		return err
	}
	a.Contacts, err = contacts.New(contacts.Deps{
		Store: a.Store, WeCom: clientFor[contacts.WeCom](a.WeCom), Auditor: a.Audit,
		Archive: ingestTrigger{in}, Directory: managerDirectory{a.WeCom}, Members: a.accountsService(),
		Observer: contactsMetrics{a.Metrics}, Exclusive: a.exclusive(),
		Log: a.Log.With("component", "contacts"),
	}, keys, contacts.Options{})
	if err == nil {
		a.refreshCorps(ctx) // callback keys of corps added in the UI
	}
	return err
}

// startArchiveAndContacts runs one ingest loop per corp and the contacts workers.
func (a *App) startArchiveAndContacts(ctx context.Context, g *supervise.Group) {
	for _, id := range a.Ingester.CorpIDs() {
		a.runArchive(ctx, g, id, func(ctx context.Context) error { return a.Ingester.RunCorp(ctx, id) })
	}
	a.Contacts.Start(ctx, g)
	g.Go(ctx, "corps-refresh", a.runCorpRefresh)
	g.Go(ctx, "archive-follow", a.archiveFollow.Run)
}

// ingestTrigger pulls a corp's archive now (msgaudit_notify).
type ingestTrigger struct{ in *archive.Ingester }

func (t ingestTrigger) Trigger(corpID string) { t.in.Trigger(corpID) }

// managerDirectory answers who manages an employee: the first direct leader
// WeCom knows (the leaver-to-manager handover rule).
type managerDirectory struct{ pool *wecom.Pool }

func (m managerDirectory) ManagerOf(ctx context.Context, corpID, userID string) (string, error) {
	c, err := m.pool.ClientFor(ctx, corpID)
	if err != nil {
		return "", err
	}
	u, err := c.GetUser(ctx, userID)
	if err != nil {
		return "", err
	}
	if len(u.DirectLeader) == 0 {
		return "", fmt.Errorf("app: %s has no direct leader in WeCom", userID)
	}
	return u.DirectLeader[0], nil
}
