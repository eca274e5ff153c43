import ArgumentParser

struct Newswatch: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "newswatch",
        abstract: "Watch news feeds, keep every article once, and log an alert when a rule matches.",
        discussion: """
            newswatch polls RSS, Atom and JSON feeds, turns every item into one Article model \
            (title, teaser, photo, highlights, body, related links, authors), deduplicates by \
            content hash and writes an alert line when a rule matches.

            Start with `newswatch parse FILE` to see how newswatch reads an article.
            """,
        version: version,
        subcommands: [
            ParseCommand.self, FetchCommand.self, ConfigCommand.self, RulesCommand.self, SearchCommand.self,
            ShowCommand.self, ExportCommand.self, ImportCommand.self, ArchiveCommand.self, ExtractCommand.self,
        ]
    )
}
