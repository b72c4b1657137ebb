// SPDX-License-Identifier: MIT

package recipe

import (
	"flag"
	"os"
	"testing"
)

// Empty by default; tests/recipes.sh passes -args -want-hostname=nakedinit, the
// guest's host name, to show that the tests ran in the guest, not on the host.
var wantHostname = flag.String("want-hostname", "", "the host name the tests must see, if any")

// go test starts the test binary in the package's folder, which nakedinit-run -w
// shares with the guest: testdata/ is read where it is.
func TestTestdata(t *testing.T) {
	text, err := os.ReadFile("testdata/words.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got := Count(string(text)); got != 9 {
		t.Fatalf("testdata/words.txt: %d words, expected 9", got)
	}
}

func TestHostname(t *testing.T) {
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	if *wantHostname != "" && host != *wantHostname {
		t.Fatalf("host name %q, expected %q", host, *wantHostname)
	}
	t.Logf("on %s", host)
}
