package app

import (
	"context"
	"time"

	"parley/app/crm"
	"parley/app/demo"
	"parley/app/mail"
	"parley/app/store"
)

// demoSeed fixes the demo mailbox's content; its dates follow the clock.
const demoSeed = 20261125

// demoClassify is the demo rep's classification settings.
func demoClassify() crm.ClassifierConfig {
	_, me := demo.Me()
	return crm.ClassifierConfig{
		MyAddresses:     []string{me},
		InternalDomains: demo.InternalDomains(),
		FreeMailDomains: append(crm.DefaultFreeMailDomains(), demo.FreeMailDomains()...),
	}
}

// loadDemo fills a new demo workspace with the generated demo mailbox,
// through the ingester, reporting progress as an import would.
func loadDemo(ctx context.Context, st *store.Store, progress func(ImportProgress)) error {
	mb := demo.Generate(demoSeed, time.Now())
	g, err := mail.NewIngester(st, mail.IngestConfig{Classify: demoClassify()})
	if err != nil {
		return err
	}
	total := 0
	for _, f := range mb.Folders {
		total += len(f.Messages)
	}
	start, done := time.Now(), 0
	for _, f := range mb.Folders {
		batch := make([]mail.Incoming, 0, len(f.Messages))
		for i, m := range f.Messages {
			batch = append(batch, mail.Incoming{Folder: f.Name, UIDValidity: 1, UID: uint32(i + 1), Raw: m.Raw, InternalDate: m.Date, SpecialUse: string(f.SpecialUse)})
		}
		for i := 0; i < len(batch); i += 100 {
			part := batch[i:min(i+100, len(batch))]
			if _, err := g.Ingest(ctx, "demo", part, nil); err != nil {
				return err
			}
			done += len(part)
			rate := float64(done) / max(time.Since(start).Seconds(), 0.001)
			progress(ImportProgress{Running: done < total, Phase: "fetching", Folder: f.Name, Done: done, Total: total, Rate: rate, EtaSec: int(float64(total-done) / rate)})
		}
	}
	progress(ImportProgress{Phase: "idle", Done: done, Total: total})
	return nil
}
