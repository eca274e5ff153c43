import ArgumentParser

struct Newswatch: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "newswatch",
        abstract: "Watch news feeds, keep every article once, and log an alert when a rule matches.",
        discussion: """
            newswatch polls RSS, Atom and JSON feeds, turns every item into one Article model \
            (title, teaser, photo, highlights, body, related links, authors), deduplicates by \
            content hash and writes an alert line when a rule matches.

            Start with `newswatch run --config newswatch.toml --once`, or `newswatch parse FILE` to see \
            how newswatch reads an article or a feed.
            """,
        version: version,
        subcommands: [
            RunCommand.self, ParseCommand.self, FetchCommand.self, ConfigCommand.self, RulesCommand.self,
            SearchCommand.self, ShowCommand.self, ExportCommand.self, ImportCommand.self, ArchiveCommand.self,
            AlertsCommand.self, StatusCommand.self, FeedsCommand.self, ExtractCommand.self,
        ]
    )
}
