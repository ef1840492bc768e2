// Package search is Parley's full-text search: a Bleve v2 index of messages,
// activities, accounts and contacts that is encrypted at rest (every indexed
// term is a keyed hash, nothing is stored), derived from the store and
// rebuildable from it at any time, plus the query language, snippets,
// facets and the in-memory typeahead for accounts and people.
package search
