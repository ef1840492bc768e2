package app

import (
	"context"
	"time"

	"parley/app/store"
)

// Services are the objects bound to the UI, one per area.
type Services struct {
	Workspace *WorkspaceService
	Accounts  *AccountService
	Contacts  *ContactService
	Timeline  *TimelineService
	Activity  *ActivityService
	Search    *SearchService
	Import    *ImportService
}

// NewServices builds the services over a workspace.
func NewServices(w *Workspace) *Services {
	return &Services{
		Workspace: &WorkspaceService{w},
		Accounts:  &AccountService{w},
		Contacts:  &ContactService{w},
		Timeline:  &TimelineService{w},
		Activity:  &ActivityService{w},
		Search:    &SearchService{w},
		Import:    &ImportService{w},
	}
}

// Bind lists the services for wails.Run's Bind and for `parley serve`.
func (s *Services) Bind() []any {
	return []any{s.Workspace, s.Accounts, s.Contacts, s.Timeline, s.Activity, s.Search, s.Import}
}

// view runs a read for a UI call with a deadline.
func view(w *Workspace, fn func(*store.Tx) error) error {
	st, err := w.Store()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return st.View(ctx, fn)
}
