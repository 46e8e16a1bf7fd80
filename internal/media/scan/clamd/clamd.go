// Package clamd talks to ClamAV's clamd over a unix socket or TCP with the
// INSTREAM command. It is written here rather than taken from a library
// because the protocol is a few framed writes and the available Go clients
// are unmaintained.
package clamd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"wecomadmin/internal/media/scan"
)

// Client scans with one connection per request (clamd closes INSTREAM
// connections after the reply).
type Client struct {
	network, addr string
	timeout       time.Duration
	chunk         int
}

// New returns a client. network is "unix" or "tcp".
func New(network, addr string, timeout time.Duration) *Client {
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	return &Client{network: network, addr: addr, timeout: timeout, chunk: 64 * 1024}
}

func (c *Client) dial(ctx context.Context) (net.Conn, error) {
	d := net.Dialer{Timeout: 5 * time.Second}
	conn, err := d.DialContext(ctx, c.network, c.addr)
	if err != nil {
		return nil, fmt.Errorf("clamd: dial %s: %w: %w", c.addr, scan.ErrUnavailable, err)
	}
	deadline := time.Now().Add(c.timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = conn.SetDeadline(deadline)
	return conn, nil
}

// Scan streams r to clamd in chunks and parses the verdict.
func (c *Client) Scan(ctx context.Context, r io.Reader) (scan.Verdict, error) {
	conn, err := c.dial(ctx)
	if err != nil {
		return scan.Verdict{}, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	defer stop()
	w := bufio.NewWriterSize(conn, c.chunk+4)
	if _, err := w.WriteString("zINSTREAM\x00"); err != nil {
		return scan.Verdict{}, fmt.Errorf("clamd: %w", err)
	}
	buf := make([]byte, c.chunk)
	var hdr [4]byte
	for {
		n, rerr := r.Read(buf)
		if n > 0 {
			binary.BigEndian.PutUint32(hdr[:], uint32(n))
			w.Write(hdr[:])
			if _, err := w.Write(buf[:n]); err != nil {
				// clamd closes early when its StreamMaxLength is exceeded;
				// its reply says so, read it below.
				break
			}
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return scan.Verdict{}, fmt.Errorf("clamd: read input: %w", rerr)
		}
	}
	w.Write([]byte{0, 0, 0, 0})
	_ = w.Flush()
	reply, err := bufio.NewReader(conn).ReadString(0)
	if err != nil && reply == "" {
		return scan.Verdict{}, fmt.Errorf("clamd: read reply: %w", err)
	}
	return parseReply(strings.TrimRight(reply, "\x00\n"))
}

// parseReply reads "stream: OK", "stream: NAME FOUND" or "... ERROR".
func parseReply(reply string) (scan.Verdict, error) {
	body := strings.TrimSpace(strings.TrimPrefix(reply, "stream:"))
	switch {
	case body == "OK":
		return scan.Verdict{}, nil
	case strings.HasSuffix(body, " FOUND"):
		return scan.Verdict{Infected: true, Signature: strings.TrimSuffix(body, " FOUND")}, nil
	case strings.HasSuffix(body, "ERROR"):
		return scan.Verdict{}, fmt.Errorf("clamd: %s", body)
	default:
		return scan.Verdict{}, fmt.Errorf("clamd: unexpected reply %q", reply)
	}
}

// Version asks clamd for its engine and database version.
func (c *Client) Version(ctx context.Context) (string, error) {
	conn, err := c.dial(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("zVERSION\x00")); err != nil {
		return "", fmt.Errorf("clamd: %w", err)
	}
	reply, err := bufio.NewReader(conn).ReadString(0)
	if err != nil && reply == "" {
		return "", fmt.Errorf("clamd: version: %w", err)
	}
	return string(bytes.TrimRight([]byte(reply), "\x00\n")), nil
}
