package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Lease is one unit of singleton work and who holds it.
type Lease struct {
	Name       string
	Holder     string
	Epoch      int64
	ExpiresAt  int64
	AcquiredAt int64
	RenewedAt  int64
}

// ErrWorkLeaseLost means the caller no longer holds the lease it names: another
// replica took it over (the epoch moved on) or it was released.
var ErrWorkLeaseLost = errors.New("store: lease lost")

// AcquireLease takes name for holder until now+ttl when it is free, expired
// or already holder's. A new holder gets the next epoch; a holder renewing
// keeps its own. ok is false when someone else holds a live lease.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (Lease, bool, error) {
	now := s.nowMS()
	l := Lease{Name: name}
	err := s.queryRow(ctx, `INSERT INTO leases (name, holder, epoch, expires_at, acquired_at, renewed_at)
		VALUES (?, ?, 1, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET
			epoch = CASE WHEN leases.holder = excluded.holder AND leases.expires_at > 0 THEN leases.epoch ELSE leases.epoch + 1 END,
			acquired_at = CASE WHEN leases.holder = excluded.holder AND leases.expires_at > 0 THEN leases.acquired_at ELSE excluded.acquired_at END,
			holder = excluded.holder, expires_at = excluded.expires_at, renewed_at = excluded.renewed_at
		WHERE leases.holder = excluded.holder OR leases.expires_at <= ?
		RETURNING holder, epoch, expires_at, acquired_at, renewed_at`,
		name, holder, now+ttl.Milliseconds(), now, now, now).
		Scan(&l.Holder, &l.Epoch, &l.ExpiresAt, &l.AcquiredAt, &l.RenewedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Lease{}, false, nil
	}
	if err != nil {
		return Lease{}, false, fmt.Errorf("store: acquire lease %s: %w", name, err)
	}
	return l, true, nil
}

// RenewLease extends holder's lease of the given epoch; ErrWorkLeaseLost when
// it is no longer theirs.
func (s *Store) RenewLease(ctx context.Context, name, holder string, epoch int64, ttl time.Duration) error {
	now := s.nowMS()
	res, err := s.exec(ctx, `UPDATE leases SET expires_at = ?, renewed_at = ?
		WHERE name = ? AND holder = ? AND epoch = ? AND expires_at > 0`, now+ttl.Milliseconds(), now, name, holder, epoch)
	return workLeaseResult(res, err, "renew", name)
}

// ReleaseLease gives the lease up at once (shutdown, rebalance), so another
// replica takes it without waiting for the TTL.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string, epoch int64) error {
	res, err := s.exec(ctx, `UPDATE leases SET expires_at = 0, renewed_at = ?
		WHERE name = ? AND holder = ? AND epoch = ?`, s.nowMS(), name, holder, epoch)
	return workLeaseResult(res, err, "release", name)
}

// CheckLease is the fence: inside the transaction that commits the work it
// confirms holder still holds name at epoch, and extends the lease by ttl
// (the work is alive). The update locks the row until that transaction
// ends, so a takeover waits for the commit and then starts from what it
// committed, and the holder's own renewal cannot expire the lease meanwhile.
// Expiry alone does not fail the check: only another holder (a new epoch)
// or a release does, which keeps correctness independent of the clocks.
func (s *Store) CheckLease(ctx context.Context, name, holder string, epoch int64, ttl time.Duration) error {
	now := s.nowMS()
	res, err := s.exec(ctx, `UPDATE leases SET renewed_at = ?, expires_at = CASE WHEN expires_at > ? THEN expires_at ELSE ? END
		WHERE name = ? AND holder = ? AND epoch = ? AND expires_at > 0`, now, now+ttl.Milliseconds(), now+ttl.Milliseconds(), name, holder, epoch)
	if err := workLeaseResult(res, err, "check", name); err != nil {
		if errors.Is(err, ErrWorkLeaseLost) {
			return fmt.Errorf("%w (epoch %d, holder %s)", err, epoch, holder)
		}
		return err
	}
	return nil
}

// Leases lists every lease row, by name.
func (s *Store) Leases(ctx context.Context) ([]Lease, error) {
	rows, err := s.query(ctx, `SELECT name, holder, epoch, expires_at, acquired_at, renewed_at FROM leases ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: leases: %w", err)
	}
	defer rows.Close()
	var out []Lease
	for rows.Next() {
		var l Lease
		if err := rows.Scan(&l.Name, &l.Holder, &l.Epoch, &l.ExpiresAt, &l.AcquiredAt, &l.RenewedAt); err != nil {
			return nil, fmt.Errorf("store: leases: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Replica is one portal process that heartbeats.
type Replica struct {
	ID        string
	StartedAt int64
	SeenAt    int64
	Version   string
}

// HeartbeatReplica records that replica id is alive now.
func (s *Store) HeartbeatReplica(ctx context.Context, id, version string) error {
	now := s.nowMS()
	_, err := s.exec(ctx, `INSERT INTO replicas (id, started_at, seen_at, version) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at, version = excluded.version`, id, now, now, version)
	if err != nil {
		return fmt.Errorf("store: heartbeat replica %s: %w", id, err)
	}
	return nil
}

// LiveReplicas lists the replicas seen within ttl and deletes those not seen
// for ten times that (a replica that left for good).
func (s *Store) LiveReplicas(ctx context.Context, ttl time.Duration) ([]Replica, error) {
	now := s.nowMS()
	if _, err := s.exec(ctx, `DELETE FROM replicas WHERE seen_at < ?`, now-10*ttl.Milliseconds()); err != nil {
		return nil, fmt.Errorf("store: prune replicas: %w", err)
	}
	rows, err := s.query(ctx, `SELECT id, started_at, seen_at, version FROM replicas WHERE seen_at >= ? ORDER BY id`, now-ttl.Milliseconds())
	if err != nil {
		return nil, fmt.Errorf("store: replicas: %w", err)
	}
	defer rows.Close()
	var out []Replica
	for rows.Next() {
		var r Replica
		if err := rows.Scan(&r.ID, &r.StartedAt, &r.SeenAt, &r.Version); err != nil {
			return nil, fmt.Errorf("store: replicas: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// LeaveReplica removes a replica that shuts down cleanly.
func (s *Store) LeaveReplica(ctx context.Context, id string) error {
	if _, err := s.exec(ctx, `DELETE FROM replicas WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store: leave replica %s: %w", id, err)
	}
	return nil
}

func workLeaseResult(res sql.Result, err error, verb, name string) error {
	if err != nil {
		return fmt.Errorf("store: %s lease %s: %w", verb, name, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: %s lease %s: %w", verb, name, err)
	} else if n == 0 {
		return fmt.Errorf("%w: %s", ErrWorkLeaseLost, name)
	}
	return nil
}
