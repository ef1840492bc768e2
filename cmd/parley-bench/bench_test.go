package main

import (
	"testing"
	"time"
)

func TestSummariseNearestRank(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- { // unsorted on purpose
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	l := summarise(ds)
	if l.P50ms != 50 || l.P95ms != 95 || l.P99ms != 99 || l.MaxMs != 100 || l.N != 100 {
		t.Fatalf("summarise(1..100 ms) = %+v, want p50 50, p95 95, p99 99, max 100", l)
	}
	if one := summarise([]time.Duration{7 * time.Millisecond}); one.P99ms != 7 || one.P50ms != 7 {
		t.Fatalf("one sample: %+v", one)
	}
}

func TestCountFromSkipsMineAndBulk(t *testing.T) {
	from, names := map[string]int{}, map[string]string{}
	customer := []byte("Received: x\r\nFrom: \"Ana Silva\" <Ana.Silva@acme.test>\r\nTo: sam@vendor.test\r\n\r\nbody\r\n")
	mine := []byte("Date: x\r\nFrom: Sam <sam@vendor.test>\r\n\r\nbody\r\n")
	bulk := []byte("Date: x\r\nFrom: News <news@list.test>\r\nList-Id: <l.list.test>\r\n\r\nbody\r\n")
	for _, raw := range [][]byte{customer, customer, mine, bulk} {
		countFrom(raw, "sam@vendor.test", from, names)
	}
	if len(from) != 1 || from["ana.silva@acme.test"] != 2 || names["ana.silva@acme.test"] != "Ana Silva" {
		t.Fatalf("counted %v %v, want only ana.silva@acme.test twice, named Ana Silva", from, names)
	}
}

func TestRatioRoundsAndGuardsZero(t *testing.T) {
	if r := ratio(40, 10.8); r != 3.704 {
		t.Fatalf("ratio(40, 10.8) = %v, want 3.704", r)
	}
	if r := ratio(1, 0); r != 0 {
		t.Fatalf("ratio(1, 0) = %v, want 0", r)
	}
}

func TestWithoutPassphraseDropsKeyAndHome(t *testing.T) {
	got := withoutPassphrase([]string{"A=1", "PARLEY_PASSPHRASE=x", "PARLEY_HOME=/h", "DBUS_SESSION_BUS_ADDRESS=y"})
	if len(got) != 2 || got[0] != "A=1" || got[1] != "DBUS_SESSION_BUS_ADDRESS=y" {
		t.Fatalf("withoutPassphrase = %v", got)
	}
}
