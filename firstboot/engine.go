// Package firstboot configures a node of the cloud on its first boot from
// its node bundle (node.json), as the reference guide does by hand
// (../shared/seed/openstack-rocky-centos7-install-guide.zh.txt). The
// Engine runs the node's steps (package steps, in the guide's order)
// check-then-act, records each in a journal (layouts.NodeState) and, on
// a rerun, verifies and skips the finished ones, retries a failed one and
// re-runs those whose inputs changed.
package firstboot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/firstboot/steps"
	"github.com/rockyiso/rockyiso/site"
)

// Engine runs a node's steps on a host.
type Engine struct {
	Node   *site.Node
	Root   *host.Root
	Runner host.Runner
	// Clock sleeps between attempts; host.System when nil.
	Clock host.Clock
	// Facts overrides what Gather reads from the host (tests).
	Facts *steps.Facts
	// The services; see package steps for what each must do.
	DB       steps.Databases
	Rabbit   steps.Rabbit
	Identity steps.Identity
	Wait     steps.Controller
	Health   steps.Health
	// Relabel restores SELinux contexts of written files (on a node).
	Relabel bool
	Log     *slog.Logger
}

// Steps returns the node's ordered steps.
func (e *Engine) Steps() []steps.Step {
	f := steps.Gather(e.Root)
	if e.Facts != nil {
		f = *e.Facts
	}
	return steps.For(e.Node, f)
}

func (e *Engine) env() *steps.Env {
	return &steps.Env{
		Root: e.Root, Runner: e.Runner, DB: e.DB, Rabbit: e.Rabbit, Identity: e.Identity,
		Wait: e.Wait, Health: e.Health, Log: e.log(), Secrets: e.Node.Secrets.Values(), Relabel: e.Relabel,
	}
}

func (e *Engine) log() *slog.Logger {
	if e.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return e.Log
}

func (e *Engine) clock() host.Clock {
	if e.Clock == nil {
		return host.System{}
	}
	return e.Clock
}

// StepError is a step that failed every attempt; its message is redacted.
type StepError struct {
	Step string
	Msg  string
}

func (s *StepError) Error() string { return "step " + s.Step + ": " + s.Msg }

// Run runs every step not already done, recording each in the journal.
func (e *Engine) Run(ctx context.Context) error {
	st, err := ReadState(e.Root)
	if err != nil {
		return err
	}
	st.Host, st.Status, st.Message, st.Healthy = e.Node.Host, StatusRunning, "", false
	env := e.env()
	for _, s := range e.Steps() {
		if err := e.runStep(ctx, env, st, s); err != nil {
			st.Status, st.Message = StatusFailed, err.Error()
			return errors.Join(err, e.save(st))
		}
	}
	st.Status, st.Healthy = StatusDone, true
	return e.save(st)
}

func (e *Engine) save(st *State) error {
	st.Updated = e.clock().Now().UTC()
	return st.write(e.Root)
}

// runStep skips a verified finished step, else tries it with backoff.
func (e *Engine) runStep(ctx context.Context, env *steps.Env, st *State, s steps.Step) error {
	rec := st.step(s.Name())
	hash := Hash(s)
	log := e.log().With("step", s.Name())
	if rec.Status == StatusDone && rec.Hash == hash && e.verify(ctx, env, s) {
		log.Info("skipped", "reason", "done and verified")
		return nil
	}
	// A step that never finished may have changed the host before it
	// stopped: its restarts and OnChange commands are due.
	changed := rec.Status != StatusDone
	rec.Hash, rec.Attempts, rec.Error = hash, 0, ""
	p := s.Policy()
	backoff := p.Backoff
	for {
		rec.Attempts++
		env.Changed = changed
		err := e.attempt(ctx, env, st, rec, s)
		changed = env.Changed
		if err == nil {
			return nil
		}
		if rec.Attempts >= p.Attempts || ctx.Err() != nil {
			rec.Status = StatusFailed
			return &StepError{Step: s.Name(), Msg: rec.Error}
		}
		log.Info("retrying", "attempt", rec.Attempts, "in", backoff.String())
		e.clock().Sleep(backoff)
		backoff = min(2*backoff, p.MaxBackoff)
	}
}

// attempt runs the step once under its timeout and journals the result.
func (e *Engine) attempt(ctx context.Context, env *steps.Env, st *State, rec *StepState, s steps.Step) error {
	p := s.Policy()
	rec.Status, rec.Started = StatusRunning, e.clock().Now().UTC()
	if p.Waiting {
		rec.Status, st.Status = StatusWaiting, StatusWaiting
	}
	if err := e.save(st); err != nil {
		return err
	}
	actx, cancel := context.WithTimeout(ctx, p.Timeout)
	defer cancel()
	env.Status = e.statusFunc(st, s, p.Waiting)
	err := e.apply(actx, env, s)
	env.Status = nil
	rec.Finished = e.clock().Now().UTC()
	if err != nil {
		rec.Status, rec.Error = StatusFailed, env.Redact(err.Error())
		if p.Waiting {
			rec.Status, st.Message = StatusWaiting, s.Name()+": "+rec.Error
		}
		e.log().Info("failed", "step", s.Name(), "attempt", rec.Attempts, "error", rec.Error)
		return errors.Join(errors.New(rec.Error), e.save(st))
	}
	rec.Status, rec.Error, st.Status, st.Message = StatusDone, "", StatusRunning, ""
	e.log().Info("finished", "step", s.Name())
	return e.save(st)
}

// statusFunc journals a waiting step's progress as it happens, so that
// firstboot status says what the node waits for and the last error.
func (e *Engine) statusFunc(st *State, s steps.Step, waiting bool) func(string) {
	if !waiting {
		return nil
	}
	return func(msg string) {
		st.Message = s.Name() + ": " + host.Redact(msg, e.Node.Secrets.Values())
		if err := e.save(st); err != nil {
			e.log().Warn("journaling status", "step", s.Name(), "error", err)
		}
	}
}

// apply checks each action and applies those not done.
func (e *Engine) apply(ctx context.Context, env *steps.Env, s steps.Step) error {
	for _, a := range s.Actions() {
		what := env.Redact(firstLine(a.String()))
		log := e.log().With("step", s.Name(), "action", what)
		stat, err := a.Check(ctx, env)
		if err != nil {
			return fmt.Errorf("checking %s: %w", what, err)
		}
		if stat == steps.Done {
			log.Debug("already done")
			continue
		}
		log.Info("started")
		start := e.clock().Now()
		if err := a.Apply(ctx, env); err != nil {
			log.Info("failed", "error", env.Redact(err.Error()))
			return fmt.Errorf("applying %s: %w", what, err)
		}
		log.Info("finished", "took", e.clock().Now().Sub(start).Round(time.Millisecond).String())
	}
	return nil
}

// verify reports whether no action of a finished step has anything to do.
func (e *Engine) verify(ctx context.Context, env *steps.Env, s steps.Step) bool {
	env.Changed = false
	for _, a := range s.Actions() {
		st, err := a.Check(ctx, env)
		if err != nil || st == steps.Todo {
			e.log().Info("verification failed", "step", s.Name(), "action", env.Redact(firstLine(a.String())))
			return false
		}
	}
	return true
}

// Hash is the SHA-256 of a step's resolved actions.
func Hash(s steps.Step) string {
	h := sha256.New()
	for _, a := range s.Actions() {
		h.Write([]byte(a.String()))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
