package main

import (
	"archive/tar"
	"cmp"
	"compress/gzip"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/mnist"
)

// The official CIFAR-10 binary distribution
// (https://www.cs.toronto.edu/~kriz/cifar.html) and its checksums: the MD5
// the dataset page publishes, the archive's SHA-256 and the SHA-256 of each
// .bin file as listed by ankane/torchvision-ruby
// (lib/torchvision/datasets/cifar10.rb), which ../shared/cifar-10/README.md
// checked the files against.
const (
	cifarURL    = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
	cifarMD5    = "c32a1d4ab5d03f1284b67883e8d87530"
	cifarSHA256 = "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd"
)

// cifarFiles are the SHA-256 sums of the binary batches.
var cifarFiles = map[string]string{
	"data_batch_1.bin": "cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5",
	"data_batch_2.bin": "a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed",
	"data_batch_3.bin": "bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67",
	"data_batch_4.bin": "014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48",
	"data_batch_5.bin": "755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add",
	"test_batch.bin":   "8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b",
}

// cifarClasses are the class names batches.meta.txt must hold, in label
// order. The file is checked by its content, not its bytes: no published
// checksum of the official file exists, and copies differ in trailing
// whitespace.
var cifarClasses = []string{"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"}

const metaName = "batches.meta.txt"

// fetchSpec says where the set comes from and how to verify it; tests
// point it at a local server with their own checksums.
type fetchSpec struct {
	URL       string
	MD5       string            // of the archive, hex; "" skips the check
	SHA256    string            // of the archive, hex; "" skips the check
	Files     map[string]string // the .bin files and their SHA-256
	Classes   []string          // the content of batches.meta.txt
	MaxFile   int64             // the largest file accepted from the archive
	MaxBytes  int64             // the largest archive accepted
	Client    *http.Client
	Progress  io.Writer // a progress bar is drawn here if non-nil
	Interval  time.Duration
	LogWriter io.Writer // one line per step, if non-nil
}

func officialSpec() fetchSpec {
	return fetchSpec{URL: cifarURL, MD5: cifarMD5, SHA256: cifarSHA256, Files: cifarFiles, Classes: cifarClasses,
		MaxFile: 64 << 20, MaxBytes: 512 << 20, Client: http.DefaultClient}
}

// names returns the files of the set, sorted, batches.meta.txt last.
func (s fetchSpec) names() []string {
	var out []string
	for name := range s.Files {
		out = append(out, name)
	}
	sort.Strings(out)
	return append(out, metaName)
}

func (s fetchSpec) logf(format string, args ...any) {
	if s.LogWriter != nil {
		fmt.Fprintf(s.LogWriter, format+"\n", args...)
	}
}

// ChecksumError reports a file whose checksum is not the published one.
type ChecksumError struct {
	File      string
	Algorithm string
	Got, Want string
}

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("%s: %s %s, want %s (a damaged or different file)", e.File, e.Algorithm, e.Got, e.Want)
}

// runData is `mlp data`: put the full CIFAR-10 binary set in -out, by
// downloading the official archive or by copying -from a folder, and
// verify every file.
func runData(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("data", stderr)
	set := fs.String("set", "cifar", `the dataset: "cifar" (CIFAR-10) or "fashion" (Fashion-MNIST, copied from -from, by default Debian's dataset-fashion-mnist)`)
	out := fs.String("out", "", "folder to put the files in (default data/cifar-10 or data/fashion-mnist)")
	from := fs.String("from", "", "copy the files from this folder instead of downloading them")
	url := fs.String("url", cifarURL, "the archive to download (a mirror of the official cifar-10-binary.tar.gz)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch *set {
	case "fashion":
		return copyFashion(cmp.Or(*from, mnist.FashionDir), cmp.Or(*out, filepath.Join("data", "fashion-mnist")), stdout)
	case "cifar":
		*out = cmp.Or(*out, defaultDataDir)
	default:
		return usageError{fmt.Errorf(`-set %q: want "cifar" or "fashion"`, *set)}
	}
	spec := officialSpec()
	spec.URL = *url
	spec.LogWriter = stdout
	if isTerminal(stderr) {
		spec.Progress = stderr
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var err error
	if *from != "" {
		err = copyDataset(spec, *from, *out)
	} else {
		err = fetchDataset(ctx, spec, *out)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s holds the full CIFAR-10, verified; use it with -data %s or CIFAR10_DIR=%s\n", *out, *out, *out)
	return nil
}

// verifyDir returns nil if dir holds every file of spec with the right
// checksum or content, or the first problem.
func verifyDir(spec fetchSpec, dir string) error {
	for _, name := range spec.names() {
		if err := verifyFile(spec, filepath.Join(dir, name), name); err != nil {
			return err
		}
	}
	return nil
}

// verifyFile checks one file of the set at path.
func verifyFile(spec fetchSpec, path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if name == metaName {
		got, err := cifar.ReadClassNames(io.LimitReader(f, 1<<16))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if !slices.Equal(got, spec.Classes) {
			return fmt.Errorf("%s: class names %s, want %s", path, strings.Join(got, " "), strings.Join(spec.Classes, " "))
		}
		return nil
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != spec.Files[name] {
		return &ChecksumError{File: path, Algorithm: "SHA-256", Got: got, Want: spec.Files[name]}
	}
	return nil
}

// install moves the verified files of staging into out, creating it. The
// staging folder is a sibling of out, so each rename is atomic: out never
// holds a half-written file.
func install(spec fetchSpec, staging, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, name := range spec.names() {
		if err := os.Rename(filepath.Join(staging, name), filepath.Join(out, name)); err != nil {
			return err
		}
	}
	return nil
}

// stage makes a temporary folder next to out for files being written.
func stage(out string) (string, error) {
	parent := filepath.Dir(filepath.Clean(out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	return os.MkdirTemp(parent, "."+filepath.Base(out)+".partial-*")
}

// copyDataset copies the set from the folder from into out, verifying
// each file before anything is put in out.
func copyDataset(spec fetchSpec, from, out string) error {
	if fi, err := os.Stat(from); err != nil {
		return err
	} else if !fi.IsDir() {
		return usageError{fmt.Errorf("-from %s is not a folder", from)}
	}
	if same, _ := sameDir(from, out); same {
		spec.logf("verifying %s in place", out)
		return verifyDir(spec, out)
	}
	staging, err := stage(out)
	if err != nil {
		return err
	}
	defer os.RemoveAll(staging)
	for _, name := range spec.names() {
		src := filepath.Join(from, name)
		if err := copyFile(filepath.Join(staging, name), src); err != nil {
			return fmt.Errorf("copy %s: %w", src, err)
		}
		if err := verifyFile(spec, filepath.Join(staging, name), name); err != nil {
			var ce *ChecksumError
			if errors.As(err, &ce) {
				ce.File = src
				return ce
			}
			return err
		}
		spec.logf("%-18s copied and verified", name)
	}
	return install(spec, staging, out)
}

func sameDir(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	_, cerr := io.Copy(out, in)
	return errors.Join(cerr, out.Close())
}

// fetchDataset downloads the archive at spec.URL, checks its MD5 and
// SHA-256, extracts the .bin files and batches.meta.txt, verifies each,
// and only then moves them into out. On any error nothing is left behind:
// out is unchanged and the temporary folder is removed.
func fetchDataset(ctx context.Context, spec fetchSpec, out string) error {
	if verifyDir(spec, out) == nil {
		spec.logf("%s already holds the verified files; nothing to do", out)
		return nil
	}
	staging, err := stage(out)
	if err != nil {
		return err
	}
	defer os.RemoveAll(staging)
	archive := filepath.Join(staging, path.Base(spec.URL))
	if err := download(ctx, spec, archive); err != nil {
		return err
	}
	if err := extract(spec, archive, staging); err != nil {
		return err
	}
	for _, name := range spec.names() {
		if err := verifyFile(spec, filepath.Join(staging, name), name); err != nil {
			return err
		}
		spec.logf("%-18s verified", name)
	}
	return install(spec, staging, out)
}

// download writes the archive at spec.URL to dst and checks its sums.
func download(ctx context.Context, spec fetchSpec, dst string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, spec.URL, nil)
	if err != nil {
		return err
	}
	client := spec.Client
	if client == nil {
		client = http.DefaultClient
	}
	spec.logf("downloading %s", spec.URL)
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("download: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("download %s: %s", spec.URL, resp.Status)
	}
	if resp.ContentLength > spec.MaxBytes {
		return fmt.Errorf("download %s: %d bytes, more than the %d expected", spec.URL, resp.ContentLength, spec.MaxBytes)
	}
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer f.Close()
	md, sh := md5.New(), sha256.New()
	var w io.Writer = io.MultiWriter(f, md, sh)
	var pb *bar
	if spec.Progress != nil {
		pb = newBar(spec.Progress, int(max(resp.ContentLength, 0)>>10), 0)
		if spec.Interval > 0 {
			pb.interval = spec.Interval
		}
		w = &progressWriter{w: w, bar: pb, total: resp.ContentLength}
	}
	n, err := io.Copy(w, io.LimitReader(resp.Body, spec.MaxBytes+1))
	pb.clear()
	if err != nil {
		return fmt.Errorf("download %s: %w", spec.URL, err)
	}
	if n > spec.MaxBytes {
		return fmt.Errorf("download %s: more than %d bytes", spec.URL, spec.MaxBytes)
	}
	if resp.ContentLength > 0 && n != resp.ContentLength {
		return fmt.Errorf("download %s: got %d of %d bytes", spec.URL, n, resp.ContentLength)
	}
	spec.logf("downloaded %.1f MB", float64(n)/(1<<20))
	for _, c := range []struct {
		alg, want string
		h         hash.Hash
	}{{"MD5", spec.MD5, md}, {"SHA-256", spec.SHA256, sh}} {
		if got := hex.EncodeToString(c.h.Sum(nil)); c.want != "" && got != c.want {
			return &ChecksumError{File: spec.URL, Algorithm: c.alg, Got: got, Want: c.want}
		}
	}
	return f.Close()
}

// progressWriter advances a bar as bytes pass.
type progressWriter struct {
	w     io.Writer
	bar   *bar
	n     int64
	total int64
}

func (p *progressWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.n += int64(n)
	if p.total <= 0 { // no Content-Length: the bytes so far
		p.bar.update(int(p.n>>10), fmt.Sprintf("%.1f MB", float64(p.n)/(1<<20)))
		return n, err
	}
	p.bar.update(int(p.n>>10), fmt.Sprintf("%.1f/%.1f MB", float64(p.n)/(1<<20), float64(p.total)/(1<<20)))
	return n, err
}

// extract writes the wanted files of the tar.gz archive into dir, by base
// name (the official archive keeps them in cifar-10-batches-bin/). Other
// entries are skipped; a wanted file that is missing, repeated or larger
// than spec.MaxFile is an error.
func extract(spec fetchSpec, archive, dir string) error {
	f, err := os.Open(archive)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(archive), err)
	}
	tr := tar.NewReader(gz)
	want := map[string]bool{}
	for _, name := range spec.names() {
		want[name] = true
	}
	got := map[string]bool{}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Base(archive), err)
		}
		name := path.Base(hdr.Name)
		if hdr.Typeflag != tar.TypeReg || !want[name] {
			continue
		}
		if got[name] {
			return fmt.Errorf("%s: %s appears twice", filepath.Base(archive), name)
		}
		if hdr.Size > spec.MaxFile {
			return fmt.Errorf("%s: %s is %d bytes, more than %d", filepath.Base(archive), hdr.Name, hdr.Size, spec.MaxFile)
		}
		got[name] = true
		if err := writeFrom(filepath.Join(dir, name), io.LimitReader(tr, spec.MaxFile)); err != nil {
			return fmt.Errorf("%s: %s: %w", filepath.Base(archive), hdr.Name, err)
		}
	}
	for _, name := range spec.names() {
		if !got[name] {
			return fmt.Errorf("%s: no %s in the archive", filepath.Base(archive), name)
		}
	}
	return nil
}

func writeFrom(dst string, r io.Reader) error {
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	_, cerr := io.Copy(f, r)
	return errors.Join(cerr, f.Close())
}

// copyFashion copies Fashion-MNIST's four files from the folder from to
// out after checking that they decode (mnist.LoadFashion: 60,000 training
// and 10,000 test images with valid labels). Fashion-MNIST comes from
// Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist)
// rather than a download: a package verified by the distribution.
func copyFashion(from, out string, stdout io.Writer) error {
	d, err := mnist.LoadFashion(os.DirFS(from))
	if err != nil {
		return fmt.Errorf("%w (Fashion-MNIST comes from Debian's package: apt-get install dataset-fashion-mnist)", err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, name := range []string{mnist.FashionTrainImages, mnist.FashionTrainLabels, mnist.FashionTestImages, mnist.FashionTestLabels} {
		b, err := os.ReadFile(filepath.Join(from, name))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "%s holds the full Fashion-MNIST (%d training, %d validation, %d test images), verified; serve it with -data %s\n",
		out, d.Train.Len(), d.Val.Len(), d.Test.Len(), out)
	return nil
}
