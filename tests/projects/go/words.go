// SPDX-License-Identifier: MIT

// Package recipe is what its tests test: go test -exec runs them through
// nakedinit-run (tests/recipes.sh).
package recipe

import "strings"

// Count gives the number of words (runs of non-blanks) in text.
func Count(text string) int {
	return len(strings.Fields(text))
}
