package main

import (
	"context"
	"log/slog"
)

// lazyHandler defers a logger's With/WithGroup until a record is actually written.
//
// FerretDB calls logger.With(query arguments...) before every SQL statement, for a debug line
// that is off at the levels we run; slog's text handler formats (and quotes) those arguments, a
// whole document for an insert, at With time. That was a quarter of FerretDB's CPU while
// inserting. Here With only remembers the attributes; they are formatted when a record passes
// the level check, which at "warn" is almost never.
type lazyHandler struct {
	base slog.Handler
	// Applied in order to base when a record is handled: attributes, or a group name.
	steps []lazyStep
}

type lazyStep struct {
	attrs []slog.Attr
	group string
}

func newLazyHandler(base slog.Handler) *lazyHandler { return &lazyHandler{base: base} }

func (h *lazyHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.base.Enabled(ctx, level)
}

func (h *lazyHandler) Handle(ctx context.Context, record slog.Record) error {
	handler := h.base
	for _, step := range h.steps {
		if step.group != "" {
			handler = handler.WithGroup(step.group)
		} else {
			handler = handler.WithAttrs(step.attrs)
		}
	}
	return handler.Handle(ctx, record)
}

func (h *lazyHandler) with(step lazyStep) *lazyHandler {
	steps := make([]lazyStep, len(h.steps), len(h.steps)+1)
	copy(steps, h.steps)
	return &lazyHandler{base: h.base, steps: append(steps, step)}
}

func (h *lazyHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	return h.with(lazyStep{attrs: attrs})
}

func (h *lazyHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	return h.with(lazyStep{group: name})
}
