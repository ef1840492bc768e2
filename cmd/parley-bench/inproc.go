package main

import (
	"context"
	"sort"
	"time"

	"parley/app"
)

// latency is a set of timings summarised.
type latency struct {
	N      int     `json:"n"`
	P50ms  float64 `json:"p50Ms"`
	P95ms  float64 `json:"p95Ms"`
	P99ms  float64 `json:"p99Ms"`
	MaxMs  float64 `json:"maxMs"`
	MeanMs float64 `json:"meanMs"`
}

func summarise(ds []time.Duration) latency {
	if len(ds) == 0 {
		return latency{}
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return latency{N: len(s), P50ms: ms(pct(s, 50)), P95ms: ms(pct(s, 95)), P99ms: ms(pct(s, 99)), MaxMs: ms(s[len(s)-1]),
		MeanMs: ms(sum / time.Duration(len(s)))}
}

// pct is the nearest-rank percentile of sorted durations.
func pct(s []time.Duration, p int) time.Duration {
	i := (p*len(s)+99)/100 - 1
	return s[min(max(i, 0), len(s)-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// queryTiming is one query's in-process figures.
type queryTiming struct {
	Query    string  `json:"query"`
	Total    int     `json:"total"` // hits over all pages
	Page     int     `json:"page"`  // hits on the first page
	MedianMs float64 `json:"medianMs"`
	MaxMs    float64 `json:"maxMs"`
	FacetsMs float64 `json:"facetsMedianMs"`
}

// inProcess are the in-process figures: search (first page, top 50,
// ranked), facets and typeahead.
type inProcess struct {
	Runs      int           `json:"runs"`
	Search    latency       `json:"search"`
	Facets    latency       `json:"facets"`
	Typeahead latency       `json:"typeahead"`
	Queries   []queryTiming `json:"queries"`
}

const pageSize = 50

// measureInProcess runs every query runs times (after one warm-up pass)
// through the SearchService the UI calls, then facets, then typeahead.
func measureInProcess(ctx context.Context, svc *app.SearchService, qs []query, prefixes []string, runs int) (inProcess, error) {
	out := inProcess{Runs: runs}
	per := make([][]time.Duration, len(qs))
	perFacet := make([][]time.Duration, len(qs))
	var all, facets, ta []time.Duration
	out.Queries = make([]queryTiming, len(qs))
	for i, q := range qs { // warm-up; records the counts
		res, err := svc.Search(app.SearchQuery{Query: q.Parley, Size: pageSize})
		if err != nil {
			return out, err
		}
		out.Queries[i] = queryTiming{Query: q.Parley, Total: res.Total, Page: len(res.Hits)}
	}
	for r := 0; r < runs; r++ {
		for i, q := range qs {
			t0 := time.Now()
			if _, err := svc.Search(app.SearchQuery{Query: q.Parley, Size: pageSize}); err != nil {
				return out, err
			}
			d := time.Since(t0)
			per[i] = append(per[i], d)
			all = append(all, d)
		}
	}
	for r := 0; r < runs; r++ {
		for i, q := range qs {
			t0 := time.Now()
			if _, err := svc.Facets(app.SearchQuery{Query: q.Parley}); err != nil {
				return out, err
			}
			d := time.Since(t0)
			perFacet[i] = append(perFacet[i], d)
			facets = append(facets, d)
		}
	}
	for r := 0; r < runs*5; r++ {
		for _, p := range prefixes {
			t0 := time.Now()
			if _, err := svc.Suggest(p, "", 8); err != nil {
				return out, err
			}
			ta = append(ta, time.Since(t0))
		}
	}
	for i := range qs {
		l, f := summarise(per[i]), summarise(perFacet[i])
		out.Queries[i].MedianMs, out.Queries[i].MaxMs, out.Queries[i].FacetsMs = l.P50ms, l.MaxMs, f.P50ms
	}
	out.Search, out.Facets, out.Typeahead = summarise(all), summarise(facets), summarise(ta)
	return out, ctx.Err()
}
