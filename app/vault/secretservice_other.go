//go:build !linux

package vault

import "github.com/zalando/go-keyring"

func osKeychainGet(service, user string) (string, error) { return keyring.Get(service, user) }

func keychainReachable() error { return nil }
