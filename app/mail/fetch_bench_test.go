package mail_test

import (
	"context"
	"testing"

	"parley/app/mail"
	"parley/internal/imaptest"
)

// BenchmarkFetchCorpus measures fetch + sink (RawSink into an encrypted
// store) over the whole corpus from a local Dovecot, in messages/second.
func BenchmarkFetchCorpus(b *testing.B) {
	d := imaptest.StartDovecot(b, imaptest.DovecotOptions{Maildir: corpusPublic(b)})
	acct := dovecotAccount(b, d.Addr(), d.User(), corpusFolders...)
	total := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := tempStore(b)
		im, err := mail.NewImporter(mail.Options{Store: st, Sink: mail.RawSink{DB: st}, Account: acct, Secret: d.Password()})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := im.Run(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		total += sum.Fetched
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "msgs/s")
}
