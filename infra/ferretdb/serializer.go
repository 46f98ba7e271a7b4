package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
)

// FerretDB 1.x runs an update as "query, then write the changed documents back" with nothing
// tying the two together, so two connections that update the same document at once both
// succeed and one change is lost; a version-guarded updateOne is no compare-and-set. MongoDB
// makes every single-document write atomic, and the platform's optimistic concurrency and
// outbox depend on that. The serializer restores it: it sits in front of FerretDB and lets one
// request at a time through, from any connection, until its reply is back (SQLite has one
// writer anyway). See docs/decisions/0005.

const (
	opMsg       = 2013
	moreToCome  = 1 << 1
	headerBytes = 16
	maxMessage  = 48 * 1000 * 1000
)

type serializer struct {
	backend string // FerretDB's Unix socket
	logger  *slog.Logger
	mu      sync.Mutex
}

// readMessage reads one length-prefixed wire protocol message.
func readMessage(r io.Reader) ([]byte, error) {
	var header [headerBytes]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	length := int(binary.LittleEndian.Uint32(header[0:4]))
	if length < headerBytes || length > maxMessage {
		return nil, fmt.Errorf("bad message length %d", length)
	}
	message := make([]byte, length)
	copy(message, header[:])
	if _, err := io.ReadFull(r, message[headerBytes:]); err != nil {
		return nil, err
	}
	return message, nil
}

// hasMoreToCome reports an OP_MSG whose sender will not wait for (request) or will follow with
// more (reply) messages.
func hasMoreToCome(message []byte) bool {
	if len(message) < headerBytes+4 || binary.LittleEndian.Uint32(message[12:16]) != opMsg {
		return false
	}
	return binary.LittleEndian.Uint32(message[16:20])&moreToCome != 0
}

func (s *serializer) serve(listener net.Listener) error {
	for {
		client, err := listener.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		go s.relay(client)
	}
}

func (s *serializer) relay(client net.Conn) {
	defer client.Close()
	backend, err := net.Dial("unix", s.backend)
	if err != nil {
		s.logger.Error("cannot reach FerretDB", "error", err)
		return
	}
	defer backend.Close()

	for {
		request, err := readMessage(client)
		if err != nil {
			return
		}
		replies, err := s.exchange(backend, request)
		if err != nil {
			s.logger.Warn("FerretDB connection failed", "error", err)
			return
		}
		for _, reply := range replies {
			if _, err := client.Write(reply); err != nil {
				return
			}
		}
	}
}

// exchange sends one request and collects its replies while holding the global lock.
func (s *serializer) exchange(backend net.Conn, request []byte) ([][]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := backend.Write(request); err != nil {
		return nil, err
	}
	if hasMoreToCome(request) {
		return nil, nil
	}
	var replies [][]byte
	for {
		reply, err := readMessage(backend)
		if err != nil {
			return nil, err
		}
		replies = append(replies, reply)
		if !hasMoreToCome(reply) {
			return replies, nil
		}
	}
}
