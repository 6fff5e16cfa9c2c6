//go:build unix

package cifar

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLoadDirSpecialFiles: a data file that is a FIFO, or a symlink to
// /dev/zero, is refused before it is opened (a FIFO would block the open,
// /dev/zero would fill the memory), naming the file.
func TestLoadDirSpecialFiles(t *testing.T) {
	for _, c := range []struct {
		name string
		make func(path string) error
	}{
		{"fifo", func(p string) error { return syscall.Mkfifo(p, 0o644) }},
		{"zero", func(p string) error { return os.Symlink("/dev/zero", p) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, f := range tinyFS() {
				if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, name := range []string{"data_batch_3.bin", "batches.meta.txt"} {
				p := filepath.Join(dir, name)
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
				if err := c.make(p); err != nil {
					t.Fatal(err)
				}
				_, err := LoadDir(dir, LoadOptions{Val: 1})
				if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "not a regular file") {
					t.Errorf("%s as a %s: %v", name, c.name, err)
				}
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, tinyFS()[name].Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
