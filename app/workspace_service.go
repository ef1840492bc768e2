package app

import (
	"context"
	"errors"
	"parley/app/store"
	"time"
)

// WorkspaceService is the workspace lifecycle as the UI sees it.
type WorkspaceService struct{ w *Workspace }

// Status returns the app's state.
func (s *WorkspaceService) Status() (Status, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.w.Status(ctx), nil
}

// Unlock opens a locked workspace with the passphrase.
func (s *WorkspaceService) Unlock(passphrase string) (Status, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.w.Unlock(ctx, passphrase); err != nil {
		st := s.w.Status(ctx)
		return st, errors.New(st.Message)
	}
	return s.w.Status(ctx), nil
}

// SetPassphrase protects the workspace with a passphrase too, for
// computers where the keychain is missing or locked.
func (s *WorkspaceService) SetPassphrase(passphrase string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return s.w.SetPassphrase(ctx, passphrase)
}

// ChooseDemo dismisses the first-run screen and keeps the demo mailbox open.
func (s *WorkspaceService) ChooseDemo() (Status, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := s.w.Store()
	if err != nil {
		return Status{}, err
	}
	if err := st.Update(ctx, func(tx *store.Tx) error { return tx.PutPref(prefWelcome, true) }); err != nil {
		return Status{}, err
	}
	s.w.emitStatus()
	return s.w.Status(ctx), nil
}
