package firstboot

import (
	"context"
	"fmt"
	"io"

	"github.com/rockyiso/rockyiso/firstboot/steps"
)

// Plan writes the node's ordered steps and, under each, every file edit,
// command, SQL statement and API call it makes, secrets shown as ******.
func (e *Engine) Plan(w io.Writer) error {
	env := e.env()
	for i, s := range e.Steps() {
		p := s.Policy()
		if _, err := fmt.Fprintf(w, "%d. %s (timeout %s, %d attempts)\n", i+1, s.Name(), p.Timeout, p.Attempts); err != nil {
			return fmt.Errorf("writing the plan: %w", err)
		}
		for _, a := range s.Actions() {
			if _, err := fmt.Fprintf(w, "  - %s\n", env.Redact(a.String())); err != nil {
				return fmt.Errorf("writing the plan: %w", err)
			}
		}
	}
	return nil
}

// Render writes every configuration file (and link) the node's roles own
// under e.Root, and nothing else: no command, no service call.
func (e *Engine) Render(ctx context.Context) ([]string, error) {
	env := e.env()
	var files []string
	for _, s := range e.Steps() {
		for _, a := range s.Actions() {
			fa, ok := a.(steps.FileAction)
			if !ok {
				continue
			}
			if err := fa.Apply(ctx, env); err != nil {
				return files, fmt.Errorf("rendering %s: %w", fa.File(), err)
			}
			files = append(files, fa.File())
		}
	}
	return files, nil
}
