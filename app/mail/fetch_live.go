package mail

import (
	"context"
	"slices"

	"github.com/emersion/go-imap/v2"
)

// live watches for new mail after the first pass: IDLE on the INBOX (or
// the first folder) when the server has it, else NOOP polling; every
// PollInterval all folders are checked. It returns on ctx end or on a
// connection failure (Run reconnects).
func (im *Importer) live(ctx context.Context, ic *imapConn, folders []FolderInfo) error {
	watch := folders[0]
	if i := slices.IndexFunc(folders, func(f FolderInfo) bool { return isInbox(f.Name) }); i >= 0 {
		watch = folders[i]
	}
	for {
		im.setPhase(PhaseLive, "")
		if err := im.waitPaused(ctx); err != nil {
			return err
		}
		if ic.caps.Has(imap.CapIdle) || ic.caps.Has(imap.CapIMAP4rev2) {
			if mb := ic.c.Mailbox(); mb == nil || mb.Name != watch.Name {
				if _, err := ic.selectFolder(ctx, watch.Name); err != nil {
					return err
				}
			}
			// Some servers report mail that arrived since the last command
			// only on the next one, not when IDLE starts: ask first.
			if err := ic.noop(ctx); err != nil {
				return err
			}
			if _, err := ic.idle(ctx, im.wake, im.o.PollInterval); err != nil {
				return err
			}
		} else {
			if err := sleepCtx(ctx, im.o.PollInterval); err != nil {
				return err
			}
			if err := ic.noop(ctx); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := im.pass(ctx, ic, folders); err != nil {
			return err
		}
	}
}

// pollNow ends a live wait early (tests, a "check now" button).
func (im *Importer) pollNow() {
	select {
	case im.wake <- struct{}{}:
	default:
	}
}

// CheckNow makes a live Importer look for new mail at once.
func (im *Importer) CheckNow() { im.pollNow() }
