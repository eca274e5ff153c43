import ArgumentParser
import Foundation
import NewswatchConfig
import NewswatchParse

struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "Move the feed list in and out as OPML, the format every feed reader shares.",
        subcommands: [Import.self, Export.self]
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Add the feeds of an OPML file to the config.",
            discussion: """
                Writes the new feeds as [[feed]] tables to feeds.d/opml-import.toml beside the config \
                file (appending when it exists). Feeds whose url or name the config already has are \
                skipped. Folder names and categories become tags. The config must include \
                "feeds.d/*.toml" for the daemon to see them; the command says so when it does not.
                """
        )

        @Argument(help: ArgumentHelp("The OPML file.", valueName: "file.opml"))
        var file: String

        @OptionGroup var config: ConfigLocation

        @Flag(help: "Show what would be added; write nothing.")
        var dryRun = false

        func run() throws {
            try reportingFailures {
                let configuration = try config.load()
                guard let data = FileManager.default.contents(atPath: file) else {
                    let exists = FileManager.default.fileExists(atPath: file)
                    throw CommandFailure(file, exists ? "cannot be read" : "no such file")
                }
                let document: OPMLDocument
                do throws(OPMLError) {
                    document = try OPMLReader().read([UInt8](data))
                } catch {
                    throw CommandFailure(file, error.description)
                }
                let feedFile = FeedFileLocation(configPath: config.resolvedPath)
                var existing = configuration.feeds
                let included = configuration.files.contains(feedFile.path)
                if !included, FileManager.default.fileExists(atPath: feedFile.path) {
                    // Not included yet, but earlier imports are in it: they must not be written twice.
                    existing += try feedFile.loadFeeds()
                }
                let plan = OPMLImportPlan(document.feeds, existing: existing, origin: feedFile.shown)
                report(plan, total: document.feeds.count, feedFile: feedFile)
                guard !plan.added.isEmpty else { return }
                if dryRun {
                    FileHandleOutput.standardOutput.write("\n" + tables(plan))
                    FileHandleOutput.standardOutput.write("dry run: nothing written to \(feedFile.shown)\n")
                    return
                }
                try feedFile.append(tables(plan))
                try confirmReadable(feedFile)
            }
        }

        private func tables(_ plan: OPMLImportPlan) -> String {
            FeedTableWriter().tables(plan.added, comments: plan.siteURLs.mapValues { ["site: \($0)"] })
        }

        private func report(_ plan: OPMLImportPlan, total: Int, feedFile: FeedFileLocation) {
            var out = ""
            for feed in plan.added {
                if case .url(let url) = feed.location { out += "+ \(feed.name)  \(url)\n" }
            }
            for skip in plan.skipped { out += "  skipped \(skip.feed.feedURL): \(skip.reason)\n" }
            let verb = dryRun ? "would add" : "added"
            out += "\(file): \(total) feed\(total == 1 ? "" : "s") read, \(verb) \(plan.added.count) to \(feedFile.shown), \(plan.skipped.count) skipped\n"
            FileHandleOutput.standardOutput.write(out)
        }

        /// Reads the config back with the new file: a table the loader refuses is undone, not left
        /// for the daemon to trip over.
        private func confirmReadable(_ feedFile: FeedFileLocation) throws {
            let reloaded: Configuration
            do {
                reloaded = try ConfigurationLoader().load(path: config.resolvedPath)
                if !reloaded.files.contains(feedFile.path) { _ = try ConfigurationLoader().load(path: feedFile.path) }
            } catch {
                try feedFile.restore()
                for problem in error.problems { FileHandleOutput.standardError.write("\(problem)\n") }
                throw CommandFailure(feedFile.shown, "the imported feeds did not read back as valid config; nothing was changed")
            }
            if !reloaded.files.contains(feedFile.path) {
                let configPath = config.resolvedPath
                let text = (try? String(contentsOfFile: configPath, encoding: .utf8)) ?? ""
                let hasInclude = text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("include") }
                let advice = hasInclude
                    ? "add \"feeds.d/*.toml\" to its include list"
                    : "add this line near the top (before the first [section]):\ninclude = [\"feeds.d/*.toml\"]"
                FileHandleOutput.standardOutput.write(
                    "note: \(configPath) does not include feeds.d/*.toml, so the daemon will not see these feeds; \(advice)\n")
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Print the config's feeds as OPML 2.0.",
            discussion: "Tags become categories. Feeds read from a local path have no URL to list and are left out (with a note on stderr)."
        )

        @OptionGroup var config: ConfigLocation

        func run() throws {
            try reportingFailures {
                let configuration = try config.load()
                var feeds: [OPMLFeed] = []
                var local: [String] = []
                for feed in configuration.feeds {
                    switch feed.location {
                    case .url(let url): feeds.append(OPMLFeed(title: feed.name, feedURL: url, tags: feed.tags))
                    case .path: local.append(feed.name)
                    }
                }
                let opml = OPMLWriter().write(OPMLDocument(title: "newswatch feeds", feeds: feeds))
                FileHandleOutput.standardOutput.write(opml)
                if !local.isEmpty {
                    FileHandleOutput.standardError.write(
                        "newswatch: left out \(local.count) local feed\(local.count == 1 ? "" : "s") (no URL): \(local.joined(separator: ", "))\n")
                }
            }
        }
    }
}
