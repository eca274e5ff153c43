import ArgumentParser
import Foundation
import NewswatchArchive
import NewswatchNormalize

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the archive's articles (title, teaser, body), best match first.",
        discussion: """
            Every word must occur; accents do not matter (fluchtlinge finds Flüchtlinge); a word \
            ending in * matches as a prefix. Ranked with bm25, title matches first.
            """
    )

    @Argument(help: "The words to look for.")
    var words: [String]

    @Option(help: ArgumentHelp("Only articles published (else first seen) since then.", valueName: "age|time"))
    var since: SinceArgument?

    @Option(help: "Only articles of this source or seen in this feed.")
    var source: String?

    @Option(help: "Only articles with this topic.")
    var topic: String?

    @Option(help: "At most this many results.")
    var limit: Int = 20

    @Flag(help: "Print the results as a JSON array.")
    var json = false

    @OptionGroup var archive: ArchiveLocation

    func run() throws {
        try reportingFailures {
            let opened = try archive.openForReading()
            let hits = try archiveFailures {
                try opened.search(query: words.joined(separator: " "), since: since?.date, source: source, topic: topic, limit: limit)
            }
            // The search writes the index's missing entries first; when it could not (locked, disk
            // full), say what the results leave out rather than let them look complete.
            if let missing = try? opened.articlesAwaitingSearchIndex(), missing > 0 {
                FileHandleOutput.standardError.write(
                    "newswatch search: \(missing) recently archived articles are not in the search index yet and not in these results (\(opened.path) was busy or read-only); search again in a moment\n")
            }
            if json {
                let data = try Article.jsonEncoder().encode(hits)
                FileHandleOutput.standardOutput.write(String(decoding: data, as: UTF8.self) + "\n")
                return
            }
            var out = ""
            for hit in hits {
                let when = RFC3339.string(from: hit.published ?? hit.firstSeen)
                out += "\(hit.id.hex.prefix(12))  \(when)  \(hit.source ?? "-")  \(hit.title)\n"
                if !hit.snippet.isEmpty { out += "    \(hit.snippet)\n" }
            }
            FileHandleOutput.standardOutput.write(out)
        }
    }
}
