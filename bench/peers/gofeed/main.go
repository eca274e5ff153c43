// gofeed-bench: the Go peer of `newswatch-bench parse`. Reads and parses every file named on the
// command line with gofeed's universal parser (RSS, Atom, JSON Feed), counts the items.
//
// With -json first, prints instead one JSON object per item (file, title, link, guid, published in
// UTC, number of authors) for bench/crosscheck.py; the timed mode is unchanged.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/mmcdole/gofeed"
)

type itemFields struct {
	File      string  `json:"file"`
	Index     int     `json:"index"`
	Title     string  `json:"title"`
	Link      string  `json:"link"`
	GUID      string  `json:"guid"`
	Published *string `json:"published"`
	Authors   int     `json:"authors"`
}

func printItems(files []string) {
	parser := gofeed.NewParser()
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			continue
		}
		feed, err := parser.Parse(bytes.NewReader(data))
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", file, err)
			continue
		}
		for index, item := range feed.Items {
			fields := itemFields{File: file, Index: index, Title: item.Title, Link: item.Link, GUID: item.GUID, Authors: len(item.Authors)}
			date := item.PublishedParsed
			if date == nil {
				date = item.UpdatedParsed
			}
			if date != nil {
				text := date.UTC().Format("2006-01-02T15:04:05Z")
				fields.Published = &text
			}
			out.Encode(fields)
		}
	}
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-json" {
		printItems(os.Args[2:])
		return
	}
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
