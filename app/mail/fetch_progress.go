package mail

import (
	"slices"
	"time"
)

// Phase is what an Importer is doing.
type Phase string

const (
	PhaseConnecting Phase = "connecting"
	PhasePlanning   Phase = "planning" // reading folders and what is left to fetch
	PhaseFetching   Phase = "fetching" // the newest mail of every folder
	PhaseBackfill   Phase = "backfill" // older mail, down to the since date
	PhaseLive       Phase = "live"     // first pass done; watching for new mail
	PhaseOffline    Phase = "offline"  // waiting to reconnect
	PhaseDone       Phase = "done"
	PhaseError      Phase = "error"
)

// FolderProgress is one folder's share of the work.
type FolderProgress struct {
	Folder string `json:"folder"`
	Done   int    `json:"done"`  // messages committed in this run
	Total  int    `json:"total"` // Done plus what is known to be left
}

// Progress is a snapshot of an import.
type Progress struct {
	Account    string           `json:"account"`
	Phase      Phase            `json:"phase"`
	Paused     bool             `json:"paused"`
	Folder     string           `json:"folder"` // being fetched now
	Done       int              `json:"done"`
	Total      int              `json:"total"`
	Rate       float64          `json:"rate"` // messages per second over the last seconds
	ETA        time.Duration    `json:"eta"`  // 0 when unknown
	Folders    []FolderProgress `json:"folders"`
	Stats      BatchStats       `json:"stats"`
	Reconnects int              `json:"reconnects"`
	Problem    string           `json:"problem,omitempty"` // the last failure, in plain words
}

type rateSample struct {
	at   time.Time
	done int
}

// progressState is guarded by Importer.mu.
type progressState struct {
	phase      Phase
	paused     bool
	folder     string
	folders    []FolderProgress
	stats      BatchStats
	reconnects int
	problem    string
	samples    []rateSample
	changed    bool
}

func (p *progressState) done() int {
	n := 0
	for _, f := range p.folders {
		n += f.Done
	}
	return n
}

func (p *progressState) folderIndex(name string) int {
	i := slices.IndexFunc(p.folders, func(f FolderProgress) bool { return f.Folder == name })
	if i < 0 {
		p.folders = append(p.folders, FolderProgress{Folder: name})
		i = len(p.folders) - 1
	}
	return i
}

func (im *Importer) setPhase(ph Phase, problem string) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.prog.phase, im.prog.changed = ph, true
	if problem != "" || ph != PhaseError {
		im.prog.problem = problem
	}
}

func (im *Importer) noteReconnect(problem string) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.prog.reconnects++
	im.prog.phase, im.prog.problem, im.prog.changed = PhaseOffline, problem, true
}

// setLeft records how many messages a folder has left to fetch.
func (im *Importer) setLeft(folder string, left int) {
	im.mu.Lock()
	defer im.mu.Unlock()
	i := im.prog.folderIndex(folder)
	im.prog.folders[i].Total = im.prog.folders[i].Done + left
	im.prog.changed = true
}

func (im *Importer) addDone(folder string, n int, st BatchStats) {
	im.mu.Lock()
	defer im.mu.Unlock()
	i := im.prog.folderIndex(folder)
	im.prog.folders[i].Done += n
	im.prog.folders[i].Total = max(im.prog.folders[i].Total, im.prog.folders[i].Done)
	im.prog.folder = folder
	im.prog.stats.Add(st)
	im.prog.changed = true
}

func (im *Importer) setFolder(folder string) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.prog.folder, im.prog.changed = folder, true
}

func (im *Importer) fetchedSoFar() int {
	im.mu.Lock()
	defer im.mu.Unlock()
	return im.prog.done()
}

// Progress returns a snapshot.
func (im *Importer) Progress() Progress {
	im.mu.Lock()
	defer im.mu.Unlock()
	return im.snapshotLocked(time.Now())
}

const rateWindow = 10 * time.Second

func (im *Importer) snapshotLocked(now time.Time) Progress {
	p := &im.prog
	done := p.done()
	p.samples = append(p.samples, rateSample{now, done})
	for len(p.samples) > 2 && now.Sub(p.samples[1].at) > rateWindow {
		p.samples = p.samples[1:]
	}
	out := Progress{
		Account: im.o.Account.ID, Phase: p.phase, Paused: p.paused, Folder: p.folder,
		Done: done, Folders: slices.Clone(p.folders), Stats: p.stats,
		Reconnects: p.reconnects, Problem: p.problem,
	}
	for _, f := range p.folders {
		out.Total += f.Total
	}
	if first := p.samples[0]; now.Sub(first.at) > 0 {
		out.Rate = float64(done-first.done) / now.Sub(first.at).Seconds()
	}
	if out.Rate > 0 && out.Total > done {
		out.ETA = time.Duration(float64(out.Total-done) / out.Rate * float64(time.Second))
	}
	return out
}

// startReporter calls Options.Progress every ProgressEvery while work
// runs (and on every change), from one goroutine; stop sends a last one.
func (im *Importer) startReporter() (stop func()) {
	if im.o.Progress == nil {
		return func() {}
	}
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				im.log.Error("progress callback panic", "panic", r)
			}
		}()
		t := time.NewTicker(im.o.ProgressEvery)
		defer t.Stop()
		for {
			select {
			case <-quit:
				im.o.Progress(im.Progress())
				return
			case now := <-t.C:
				im.mu.Lock()
				working := im.prog.phase != PhaseLive && im.prog.phase != PhaseDone
				send := working || im.prog.changed
				im.prog.changed = false
				snap := im.snapshotLocked(now)
				im.mu.Unlock()
				if send {
					im.o.Progress(snap)
				}
			}
		}
	}()
	return func() { close(quit); <-done }
}

func (im *Importer) summary(elapsed time.Duration) Summary {
	p := im.Progress()
	return Summary{Fetched: p.Done, Stats: p.Stats, Folders: p.Folders, Reconnects: p.Reconnects, Elapsed: elapsed}
}
