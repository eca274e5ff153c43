import ArgumentParser
import Foundation
import NewswatchArchive
import NewswatchNormalize

struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Look after the archive.",
        subcommands: [Stats.self, Prune.self, Delete.self]
    )

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stats", abstract: "Count what the archive holds.")

        @Flag(help: "Print the counts as JSON.")
        var json = false

        @OptionGroup var archive: ArchiveLocation

        func run() throws {
            try reportingFailures {
                let opened = try archive.openForReading()
                let s = try archiveFailures { try opened.stats() }
                if json {
                    let document = StatsDocument(s, path: opened.path)
                    let data = try Article.jsonEncoder().encode(document)
                    FileHandleOutput.standardOutput.write(String(decoding: data, as: UTF8.self) + "\n")
                    return
                }
                var out = """
                    archive       \(opened.path) (\(ByteCount(s.bytes)), schema \(s.schemaVersion.split(separator: ":").first ?? ""))
                    articles      \(s.articles) (\(s.revisions) revisions, \(s.nearDuplicates) near-duplicates, \(s.pruned) pruned)
                    stories       \(s.stories)
                    sightings     \(s.sightings) in \(s.feeds) feeds
                    tombstones    \(s.tombstones)

                    """
                if let oldest = s.oldest, let newest = s.newest {
                    out += "first seen    \(RFC3339.string(from: oldest)) … \(RFC3339.string(from: newest))\n"
                }
                for source in s.sources { out += "  \(source.articles)\t\(source.source)\n" }
                FileHandleOutput.standardOutput.write(out)
            }
        }
    }
}

/// `archive stats --json`.
struct StatsDocument: Encodable {
    var path: String
    var bytes: Int64
    var schema: String
    var articles, stories, revisions, nearDuplicates, sightings, feeds, tombstones, pruned: Int
    var oldest, newest: String?
    var sources: [String: Int]

    init(_ s: ArchiveStats, path: String) {
        self.path = path
        bytes = s.bytes
        schema = s.schemaVersion
        articles = s.articles
        stories = s.stories
        revisions = s.revisions
        nearDuplicates = s.nearDuplicates
        sightings = s.sightings
        feeds = s.feeds
        tombstones = s.tombstones
        pruned = s.pruned
        oldest = s.oldest.map(RFC3339.string(from:))
        newest = s.newest.map(RFC3339.string(from:))
        sources = Dictionary(uniqueKeysWithValues: s.sources.map { ($0.source, $0.articles) })
    }
}
