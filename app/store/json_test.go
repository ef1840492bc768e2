package store

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"

	"parley/app/crm"
)

// marshal must write what encoding/json writes, byte for byte: Tx.put
// compares a record with the one stored, and records written before the
// faster encoder must still compare equal when nothing changed.
func TestMarshalMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	values := []any{
		&crm.Account{}, &crm.Contact{}, &crm.Thread{}, &crm.Message{}, &crm.Activity{},
		&crm.FollowUp{}, &crm.Merge{}, &crm.Op{}, &Change{}, &crm.HLC{},
	}
	for _, v := range values {
		for round := 0; round < 50; round++ {
			fill(r, reflect.ValueOf(v).Elem(), round%5 == 0)
			want, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("%T: encoding/json: %v", v, err)
			}
			got, err := marshal(v)
			if err != nil {
				t.Fatalf("%T: %v", v, err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%T differs:\n got %s\nwant %s", v, got, want)
			}
		}
	}
}

// tricky are strings encoders disagree on when they escape differently.
var tricky = []string{"", "plain", "<b>&amp;</b>", "Müller \u00e9 ✓", "line\nbreak\ttab", "quote\" back\\", "\u2028\u2029", "\x00\x1f", "bad \xff utf8"}

var fieldNames = []string{"id", "name", "domains", "lastAt", "accountId", "x_y"}

// fill sets every exported field of v to random values; zero leaves some
// empty, to exercise omitempty.
func fill(r *rand.Rand, v reflect.Value, zero bool) {
	if zero && r.IntN(3) == 0 {
		v.SetZero()
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(tricky[r.IntN(len(tricky))])
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(r.Int64N(1<<40) - 1<<39)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(r.Uint64N(1 << 40))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(r.Float64() * 1e6)
	case reflect.Slice:
		if v.Type() == reflect.TypeFor[json.RawMessage]() {
			v.SetBytes([]byte(`{"a": [1, "x<y"]}`))
			return
		}
		n := r.IntN(3)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n; i++ {
			fill(r, s.Index(i), zero)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for i := 0; i < r.IntN(3); i++ {
			// The only map, Op.Fields, is keyed by records' field names:
			// ASCII, where the two encoders sort keys alike.
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			k.SetString(fieldNames[r.IntN(len(fieldNames))])
			fill(r, e, zero)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(r, p.Elem(), zero)
		v.Set(p)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(r, v.Field(i), zero)
			}
		}
	}
}
