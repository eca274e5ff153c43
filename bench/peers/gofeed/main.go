// gofeed-bench: the Go peer of `newswatch-bench parse`. Reads and parses every file named on the
// command line with gofeed's universal parser (RSS, Atom, JSON Feed), counts the items.
package main

import (
	"bytes"
	"fmt"
	"os"
	"time"

	"github.com/mmcdole/gofeed"
)

func main() {
	parser := gofeed.NewParser()
	start := time.Now()
	items, failures := 0, 0
	for _, file := range os.Args[1:] {
		data, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			failures++
			continue
		}
		feed, err := parser.Parse(bytes.NewReader(data))
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", file, err)
			failures++
			continue
		}
		items += len(feed.Items)
	}
	fmt.Printf("items %d\nfailures %d\nseconds %g\n", items, failures, time.Since(start).Seconds())
}
