package firstboot

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/layouts"
)

// The node's and a step's statuses in the journal.
const (
	StatusPending = "pending"
	StatusRunning = "running"
	StatusWaiting = "waiting"
	StatusFailed  = "failed"
	StatusDone    = "done"
)

// State is firstboot's journal (layouts.NodeState), written atomically
// after every step so that a rerun resumes where the last run stopped.
type State struct {
	Host    string `json:"host"`
	Status  string `json:"status"`
	Healthy bool   `json:"healthy"`
	// Message says what the node waits for or why it failed; secrets are
	// redacted.
	Message string      `json:"message,omitempty"`
	Updated time.Time   `json:"updated"`
	Steps   []StepState `json:"steps"`
}

// StepState is one step's record.
type StepState struct {
	Name string `json:"name"`
	// Hash is the SHA-256 of the step's resolved actions, inputs
	// included: a change in node.json that affects the step changes it.
	Hash     string    `json:"hash"`
	Status   string    `json:"status"`
	Attempts int       `json:"attempts,omitempty"`
	Error    string    `json:"error,omitempty"`
	Started  time.Time `json:"started,omitzero"`
	Finished time.Time `json:"finished,omitzero"`
}

// ReadState reads the journal under root; a missing one is an empty
// pending state.
func ReadState(r *host.Root) (*State, error) {
	b, err := r.ReadFile(layouts.NodeState)
	if errors.Is(err, fs.ErrNotExist) {
		return &State{Status: StatusPending}, nil
	}
	if err != nil {
		return nil, err
	}
	var s State
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", layouts.NodeState, err)
	}
	return &s, nil
}

// write saves the journal atomically.
func (s *State) write(r *host.Root) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the journal: %w", err)
	}
	return r.WriteFile(layouts.NodeState, append(b, '\n'), host.Owner{User: "root", Group: "root", Mode: 0o600})
}

// step returns the record of the named step, adding it when missing.
func (s *State) step(name string) *StepState {
	for i := range s.Steps {
		if s.Steps[i].Name == name {
			return &s.Steps[i]
		}
	}
	s.Steps = append(s.Steps, StepState{Name: name, Status: StatusPending})
	return &s.Steps[len(s.Steps)-1]
}

// ExitCode is `firstboot status`'s answer: 0 done and healthy, 1 failed,
// 2 running or waiting (or not started).
func (s *State) ExitCode() int {
	switch {
	case s.Status == StatusDone && s.Healthy:
		return 0
	case s.Status == StatusFailed:
		return 1
	}
	return 2
}
