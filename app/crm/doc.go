// Package crm holds Parley's domain: accounts, contacts, threads, messages,
// activities, follow-ups and merges, their ids, and the rules that derive
// them from mail. It imports nothing of Parley's and does no I/O.
package crm
