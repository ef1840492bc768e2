package main

// report is the JSON a run prints and writes to bench-out/import-NAME.json.
type report struct {
	Benchmark string     `json:"benchmark"`
	Corpus    string     `json:"corpus"`
	Date      string     `json:"date"`
	Machine   machine    `json:"machine"`
	Persona   persona    `json:"persona"`
	Source    mailSource `json:"source"`
	// DovecotWarmupSecs is the untimed mbsync pass that warms the server
	// (a user's real first run meets a cold one).
	DovecotWarmupSecs float64    `json:"dovecotWarmupSecs"`
	Peers             *peers     `json:"peers,omitempty"`
	Parley            *cliRun    `json:"parley,omitempty"`    // whole processes, as a user runs them
	InProcess         *inprocRun `json:"inProcess,omitempty"` // the same through the app packages
	Summary           summary    `json:"summary"`
}

type machine struct {
	CPUs   int    `json:"cpus"`
	GOOS   string `json:"goos"`
	GOARCH string `json:"goarch"`
	Go     string `json:"go"`
}

// summary holds the figures the issue asks for, side by side.
type summary struct {
	Messages int `json:"messages"`
	// Wall seconds.
	ParleyCLISecs    float64 `json:"parleyCliSecs,omitempty"`    // accounts add + import
	ParleyInprocSecs float64 `json:"parleyInprocSecs,omitempty"` // open + import + index + close
	MbsyncSecs       float64 `json:"mbsyncSecs,omitempty"`
	NotmuchSecs      float64 `json:"notmuchSecs,omitempty"`
	MuSecs           float64 `json:"muSecs,omitempty"`
	PeerFullSecs     float64 `json:"peerFullSecs,omitempty"` // mbsync + the faster of notmuch and mu
	FasterIndexer    string  `json:"fasterIndexer,omitempty"`
	// Ratios: Parley (whole process) over the peers. Targets: ≤ 0.5 for
	// the full pipeline, within 3× of mbsync alone.
	ParleyVsPeerFull       float64 `json:"parleyVsPeerFull,omitempty"`
	ParleyVsPeerFullTarget float64 `json:"parleyVsPeerFullTarget"`
	ParleyVsMbsync         float64 `json:"parleyVsMbsync,omitempty"`
	ParleyVsMbsyncAim      float64 `json:"parleyVsMbsyncAim"`
	InprocVsPeerFull       float64 `json:"inprocVsPeerFull,omitempty"`
	InprocVsMbsync         float64 `json:"inprocVsMbsync,omitempty"`
	// Messages per second.
	ParleyCLIMsgsPerSec    float64 `json:"parleyCliMsgsPerSec,omitempty"`
	ParleyInprocMsgsPerSec float64 `json:"parleyInprocMsgsPerSec,omitempty"`
	MbsyncMsgsPerSec       float64 `json:"mbsyncMsgsPerSec,omitempty"`
	PeerFullMsgsPerSec     float64 `json:"peerFullMsgsPerSec,omitempty"`
	// Peak RSS, bytes.
	ParleyCLIPeakRSS    int64 `json:"parleyCliPeakRss,omitempty"`
	ParleyInprocPeakRSS int64 `json:"parleyInprocPeakRss,omitempty"`
	PeakRSSTarget       int64 `json:"peakRssTargetAt200k"`
	MbsyncPeakRSS       int64 `json:"mbsyncPeakRss,omitempty"`
	NotmuchPeakRSS      int64 `json:"notmuchPeakRss,omitempty"`
	MuPeakRSS           int64 `json:"muPeakRss,omitempty"`
	// Disk, bytes.
	ParleyStoreBytes int64 `json:"parleyStoreBytes,omitempty"`
	ParleyIndexBytes int64 `json:"parleyIndexBytes,omitempty"`
	MaildirBytes     int64 `json:"mbsyncMaildirBytes,omitempty"`
	NotmuchDBBytes   int64 `json:"notmuchDbBytes,omitempty"`
	MuDBBytes        int64 `json:"muDbBytes,omitempty"`
	// Progress: the largest gap between the importer's callbacks, and how
	// long `parley import` waited for the index after the last message
	// (printing the index's progress every second meanwhile).
	MaxProgressGapSecs float64 `json:"maxProgressGapSecs,omitempty"`
	CLIIndexWaitSecs   float64 `json:"cliIndexWaitSecs,omitempty"`
}

func (r *report) summarize() {
	s := summary{Messages: r.Source.Messages, ParleyVsPeerFullTarget: 0.5, ParleyVsMbsyncAim: 3, PeakRSSTarget: 400 << 20}
	if p := r.Peers; p != nil && p.Mbsync.Secs > 0 {
		s.MbsyncSecs, s.NotmuchSecs, s.MuSecs = p.Mbsync.Secs, p.Notmuch.Secs, p.Mu.Secs
		s.MbsyncPeakRSS, s.NotmuchPeakRSS, s.MuPeakRSS = p.Mbsync.PeakRSS, p.Notmuch.PeakRSS, p.Mu.PeakRSS
		s.MaildirBytes, s.NotmuchDBBytes, s.MuDBBytes = p.Mbsync.DiskBytes, p.Notmuch.DiskBytes, p.Mu.DiskBytes
		s.MbsyncMsgsPerSec = p.Mbsync.MsgsPerSec
		if p.Notmuch.Secs > 0 && p.Mu.Secs > 0 {
			fast, name := p.Notmuch.Secs, "notmuch"
			if p.Mu.Secs < fast {
				fast, name = p.Mu.Secs, "mu"
			}
			s.PeerFullSecs, s.FasterIndexer = p.Mbsync.Secs+fast, name
			s.PeerFullMsgsPerSec = perSec(s.Messages, s.PeerFullSecs)
		}
	}
	if c := r.Parley; c != nil && c.Import.Secs > 0 {
		s.ParleyCLISecs, s.ParleyCLIMsgsPerSec, s.ParleyCLIPeakRSS = c.TotalSecs, c.MsgsPerSec, c.PeakRSS
		s.ParleyStoreBytes, s.ParleyIndexBytes = c.StoreBytes, c.IndexBytes
		s.CLIIndexWaitSecs = c.IndexSecs
		s.ParleyVsPeerFull, s.ParleyVsMbsync = ratio(c.TotalSecs, s.PeerFullSecs), ratio(c.TotalSecs, s.MbsyncSecs)
	}
	if i := r.InProcess; i != nil && i.TotalSecs > 0 {
		s.ParleyInprocSecs, s.ParleyInprocMsgsPerSec, s.ParleyInprocPeakRSS = i.TotalSecs, i.MsgsPerSec, i.PeakRSS
		s.MaxProgressGapSecs = i.MaxProgressGapSecs
		s.InprocVsPeerFull, s.InprocVsMbsync = ratio(i.TotalSecs, s.PeerFullSecs), ratio(i.TotalSecs, s.MbsyncSecs)
		if s.ParleyStoreBytes == 0 {
			s.ParleyStoreBytes, s.ParleyIndexBytes = i.StoreBytes, i.IndexBytes
		}
	}
	r.Summary = s
}
