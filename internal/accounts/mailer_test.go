package accounts

import (
	"bufio"
	"context"
	"encoding/base64"
	"net"
	"strings"
	"testing"
)

// fakeSMTP accepts one message on loopback and returns what it received.
func fakeSMTP(t *testing.T) (string, <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		say := func(s string) { _, _ = c.Write([]byte(s + "\r\n")) }
		say("220 fake ESMTP")
		var data strings.Builder
		inData := false
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if inData {
				if line == ".\r\n" {
					inData = false
					say("250 queued")
					got <- data.String()
					continue
				}
				data.WriteString(line)
				continue
			}
			switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
			case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
				say("250 fake")
			case cmd == "DATA":
				inData = true
				say("354 go on")
			case cmd == "QUIT":
				say("221 bye")
				return
			default:
				say("250 ok")
			}
		}
	}()
	return ln.Addr().String(), got
}

func TestSMTPMailer(t *testing.T) {
	t.Parallel()
	addr, got := fakeSMTP(t)
	m := SMTPMailer{Addr: addr, From: "portal@x.example"}
	if err := m.Send(context.Background(), "zhang.san@x.example", "企业微信验证码", "code 123456"); err != nil {
		t.Fatal(err)
	}
	msg := <-got
	if !strings.Contains(msg, "To: zhang.san@x.example") || !strings.Contains(msg, base64.StdEncoding.EncodeToString([]byte("code 123456"))) {
		t.Errorf("message: %q", msg)
	}
	if err := m.Send(context.Background(), "a@x.example\r\nBcc: evil@x.example", "s", "b"); err == nil {
		t.Error("header injection accepted")
	}
}
