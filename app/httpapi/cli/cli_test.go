package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// answerWith serves one connection on a fresh socket with the raw bytes
// of response, and returns the socket's path and the request it read.
func answerWith(t *testing.T, response string) (string, <-chan string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), SocketName)
	ln, err := net.Listen("unix", path)
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
		buf := make([]byte, 4096)
		n, _ := c.Read(buf)
		got <- string(buf[:n])
		io.WriteString(c, response)
	}()
	return path, got
}

func TestAskSearchCopiesTheAnswer(t *testing.T) {
	body := strings.Repeat("2026-03-08  email   Re: btrfs\n", 2000)
	path, got := answerWith(t, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "+strconv.Itoa(len(body))+"\r\n\r\n"+body)
	var out bytes.Buffer
	if err := AskSearch(context.Background(), path, Search{Query: `"free space" -x`, Limit: 5}, &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != body {
		t.Fatalf("copied %d bytes, want %d", out.Len(), len(body))
	}
	req := <-got
	if !strings.HasPrefix(req, "GET "+SearchPath+"?") || !strings.Contains(req, "q=%22free+space%22+-x") || !strings.Contains(req, "limit=5") {
		t.Fatalf("request %q", req)
	}
}

func TestAskSearchRefusedWritesNothing(t *testing.T) {
	for _, response := range []string{
		"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 6\r\n\r\nlocked",
		"HTTP/1.0 200 OK\r\n\r\nno length",
		"garbage",
	} {
		path, _ := answerWith(t, response)
		var out bytes.Buffer
		if err := AskSearch(context.Background(), path, Search{Query: "x"}, &out); !errors.Is(err, ErrNoAnswer) || out.Len() != 0 {
			t.Errorf("%q: err %v, wrote %q", response, err, out.String())
		}
	}
	var out bytes.Buffer
	if err := AskSearch(context.Background(), filepath.Join(t.TempDir(), "none"), Search{Query: "x"}, &out); !errors.Is(err, ErrNoAnswer) {
		t.Errorf("no socket: %v", err)
	}
}

func TestAskSearchCutShortIsAnError(t *testing.T) {
	path, _ := answerWith(t, "HTTP/1.0 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b")
	var out bytes.Buffer
	err := AskSearch(context.Background(), path, Search{Query: "x"}, &out)
	if err == nil || errors.Is(err, ErrNoAnswer) || !strings.Contains(err.Error(), "stopped answering") {
		t.Fatalf("err %v", err)
	}
}

// A Parley that takes the search and never answers is an error in words,
// once the deadline passes, not a silent fall back to the workspace lock.
func TestAskSearchHungAppIsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), SocketName)
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err == nil {
			defer c.Close()
			time.Sleep(2 * time.Second)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	var out bytes.Buffer
	start := time.Now()
	if err := AskSearch(ctx, path, Search{Query: "x"}, &out); !errors.Is(err, ErrHung) {
		t.Fatalf("err %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("waited %s past a 200 ms deadline", d)
	}
}
