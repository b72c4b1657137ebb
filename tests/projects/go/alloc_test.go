// SPDX-License-Identifier: MIT

package recipe

import (
	"sync"
	"testing"
)

// 64 goroutines allocate 320 MiB between them, 1 MiB at a time, each keeping only
// its last three slices (192 MiB at most, all told): the garbage collector must free
// memory while they run. A byte of every page is written, which makes the kernel
// give the page, and checked when the slice is dropped, which shows that the
// collector kept it. The guest's default 256 MiB is not enough, or only just: the
// kernel kills the test for want of memory (riscv64 always, aarch64 at times;
// 320 MiB passed on each architecture). tests/recipes.sh gives it -m 512M.
func TestAllocate(t *testing.T) {
	const goroutines, slices, keep, size, page = 64, 5, 3, 1 << 20, 4096
	var wg sync.WaitGroup
	failures := make(chan string, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			var kept [keep][]byte
			for s := 0; s < slices+keep; s++ {
				b := &kept[s%keep]
				if *b != nil {
					for i := 0; i < size; i += page {
						if (*b)[i] != byte(g+s) {
							failures <- "a page lost what was written to it"
							return
						}
					}
				}
				if s >= slices {
					continue // checking the last ones kept: no more slices
				}
				*b = make([]byte, size) // the one it replaces is garbage now
				for i := 0; i < size; i += page {
					(*b)[i] = byte(g + s + keep)
				}
			}
		}(g)
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Fatal(f)
	}
}
