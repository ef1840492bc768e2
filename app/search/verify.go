package search

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// verifySegments checks the CRC-32 that ends every zap segment file (it
// covers all bytes before it). Bleve does not check it when it opens a
// segment, so a damaged file would otherwise show up as wrong answers or a
// panic in the middle of a search.
func verifySegments(ctx context.Context, dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("%w: walk %s: %w", ErrNeedsRebuild, dir, err)
		}
		if d.IsDir() || !strings.HasSuffix(path, ".zap") {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		return verifySegment(path)
	})
}

func verifySegment(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%w: open %s: %w", ErrNeedsRebuild, path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("%w: stat %s: %w", ErrNeedsRebuild, path, err)
	}
	n := st.Size()
	if n < 4 {
		return fmt.Errorf("%w: segment %s is truncated", ErrNeedsRebuild, path)
	}
	crc := crc32.NewIEEE()
	if _, err := io.Copy(crc, bufio.NewReaderSize(io.LimitReader(f, n-4), 1<<20)); err != nil {
		return fmt.Errorf("%w: read %s: %w", ErrNeedsRebuild, path, err)
	}
	var tail [4]byte
	if _, err := io.ReadFull(f, tail[:]); err != nil {
		return fmt.Errorf("%w: read %s: %w", ErrNeedsRebuild, path, err)
	}
	if binary.BigEndian.Uint32(tail[:]) != crc.Sum32() {
		return fmt.Errorf("%w: segment %s fails its checksum", ErrNeedsRebuild, path)
	}
	return nil
}
