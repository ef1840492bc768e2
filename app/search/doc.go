// Package search is Parley's full-text search: a Bleve v2 index of messages,
// activities, accounts and contacts that is encrypted at rest, derived from
// the store and rebuildable from it, plus the query language, snippets,
// facets and the in-memory typeahead for accounts and people.
//
// # At rest
//
// Every indexed term, text and keyword alike, is replaced by the last
// analysis step with HMAC-SHA256(key, term) truncated to 12 bytes, after
// case and accent folding and stemming; queries hash their terms the same
// way. Pairs of adjacent words are indexed as one more keyed term each
// (AES under a derived key over the two words' hashes), so phrases need no
// positions. Nothing is stored (no stored fields, no _all field); only
// document ids (opaque crm ids), dates (Unix ms), the facet field's tagged
// keyed terms (as doc values) and the frequencies of hashed terms are
// visible on disk. Titles and snippets are built from the entities the
// caller's Loader returns; facets are counted from the index. The key
// comes from DeriveKey(master key); another key makes Open report
// ErrNeedsRebuild.
//
// # Speed
//
// Free words and phrases are searched in one combined field: one postings
// list per word, and one per pair, so a two-word phrase costs what a word
// costs. A ranked page scores every hit but reads ids and dates only for
// the best blendWindow, where field boosts and recency are applied.
//
// # Feeding it
//
//	ix, err := search.Open(ctx, dir, key, search.Options{Loader: store, Resolver: typeahead})
//	if errors.Is(err, search.ErrNeedsRebuild) {
//		ix, err = search.Rebuild(ctx, dir, key, opts) // moves the old one to dir+".broken"
//		// in the background: snapshot the store at change sequence S,
//		// ix.Add(ctx, entities) in chunks, then ix.FinishRebuild(ctx, S)
//	}
//	// then, for ever: changes after ix.LastSeq() from the change log,
//	// each as Change{Seq, ID, Entity (nil when gone)}, in order:
//	err = ix.Apply(ctx, changes)
//
// Apply skips changes at or below LastSeq and writes the new LastSeq in
// the same Bleve batch as the documents, so a crash never loses or skips a
// change. Search and Facets may run while changes are applied.
package search
