import ArgumentParser
import Foundation
import NewswatchConfig
import NewswatchNormalize
import NewswatchParse
import NewswatchRules

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check alert rules, and try them on articles.",
        subcommands: [Check.self, Match.self, Test.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate the [[rule]] and [[feed_health]] tables of the config file.",
            discussion: """
                Reads the config file (and what it includes) as the daemon does. Prints one line per \
                rule when it is valid (exit status 0); otherwise every problem as \
                FILE:LINE:COLUMN: KEY: problem — for a query, the column in the file and what was \
                expected there (exit status 1). A rule that needs no particular word (NOT x alone, a \
                lone /regex/) is valid but evaluated for every article; it is marked "unindexed".
                """
        )

        @Argument(help: "The configuration file (TOML).")
        var file: String

        func run() throws {
            try reportingFailures {
                let configuration = try loadRules(file)
                let unindexed = Set(configuration.ruleSet.matcher.unindexed)
                var out = ""
                for (index, rule) in configuration.ruleSet.rules.enumerated() {
                    var notes = ["\(rule.severity.rawValue)", "on \(rule.on.rawValue)"]
                    if let burst = rule.burst {
                        notes.append("burst \(burst.minCount) from \(burst.minSources) sources in \(ConfigDuration(seconds: burst.window).description)")
                    }
                    if unindexed.contains(index) { notes.append("unindexed: evaluated for every article") }
                    out += "rule \(rule.name): \(rule.queryText)  (\(notes.joined(separator: ", ")))\n"
                }
                for rule in configuration.feedHealth {
                    out += "feed_health \(rule.name): \(rule.severity.rawValue)\n"
                }
                out += "\(file): \(configuration.ruleSet.rules.count) rules, \(configuration.feedHealth.count) feed-health rules, valid\n"
                FileHandleOutput.standardOutput.write(out)
            }
        }
    }

    struct Match: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "match",
            abstract: "Run the rules of a configuration file over article or feed files.",
            discussion: """
                Reads each SOURCE as `newswatch parse` does and prints, for every article, the rules \
                it matches as a new story with the query terms and the words they found: \
                `SOURCE #N "TITLE": RULE matched=TERM(word,word) …`. Articles no rule matches are \
                listed with `no rule`. Filters (sources, topics, sections) see the file name as the \
                feed name. Exit status 0 whether or not anything matched.
                """
        )

        @Argument(help: "The configuration file (TOML).")
        var file: String

        @Argument(help: "Article or feed files.")
        var sources: [String]

        @Flag(help: "Evaluate the rules as for an update of a known story (on = \"update\").")
        var update = false

        func run() throws {
            try reportingFailures {
                let rules = try loadRules(file).ruleSet
                for source in sources {
                    let input = DocumentSource(argument: source)
                    let document: ParsedDocument
                    do {
                        document = try DocumentParser().parse(try input.read(limit: 64 * 1_048_576))
                    } catch let error as DocumentError {
                        throw CommandFailure(input.name, error.description)
                    }
                    var out = ""
                    for (number, article) in document.articles.enumerated() {
                        let event = ArticleEvent(article: article, isUpdate: update, storyID: article.id.hex, feedName: source)
                        let hits = rules.hits(event)
                        let title = article.title.count > 80 ? String(article.title.prefix(79)) + "…" : article.title
                        let found = hits.map { hit in
                            let terms = hit.terms.map { "\($0.query)(\($0.words.joined(separator: ",")))" }.joined(separator: " ")
                            return "\(rules.rules[hit.ruleIndex].name) matched=\(terms)"
                        }
                        out += "\(input.name) #\(number + 1) \"\(title)\": \(found.isEmpty ? "no rule" : found.joined(separator: "; "))\n"
                    }
                    FileHandleOutput.standardOutput.write(out)
                }
            }
        }
    }
}

extension RulesCommand {
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Replay the archive through the rules and print what would have fired.",
            discussion: """
                Compiles the rules of the config file as the daemon does and runs them over the \
                articles archived since --since, in the order and at the times they arrived, with \
                grouping, cooldowns, rate limits and bursts as the daemon applies them. Prints one \
                line per alert: time, rule, title and the matched terms with the words they found. \
                Name rules to try only those (also disabled ones, so a rule can be tuned before it \
                is switched on). Nothing is written to the alert log.
                """
        )

        @Argument(help: "The config file.")
        var file: String

        @Argument(help: "Only these rules (default: all).")
        var rules: [String] = []

        @Option(help: ArgumentHelp("Replay articles first seen since then.", valueName: "age|time"))
        var since: SinceArgument = SinceArgument(argument: "30d")!

        @OptionGroup var archive: ArchiveLocation

        func run() throws {
            try reportingFailures {
                var settings: Configuration
                do {
                    settings = try ConfigurationLoader().load(path: file)
                } catch let error as ConfigurationError {
                    throw CommandFailure(error.problems.map(\.description).joined(separator: "\nnewswatch: "))
                }
                for index in settings.rules.indices where rules.contains(settings.rules[index].name) {
                    settings.rules[index].enabled = true
                }
                let compiled: CompiledRules
                do {
                    compiled = try RuleCompiler.compile(settings)
                } catch let error as ConfigurationError {
                    throw CommandFailure(error.problems.map(\.description).joined(separator: "\nnewswatch: "))
                }
                let unknown = rules.filter { name in !compiled.ruleSet.rules.contains { $0.name == name } }
                if !unknown.isEmpty { throw CommandFailure(file, "no rule named \(unknown.joined(separator: ", "))") }
                let store = try archive.openForReading()
                var events: [RuleReplay.TimedEvent] = []
                try archiveFailures {
                    try store.forEachArticle(since: since.date) { archived in
                        guard !archived.pruned, let feed = archived.sightings.first?.feed else { return }
                        events.append(.init(time: archived.firstSeen, event: ArticleEvent(
                            article: archived.article, isUpdate: archived.entry == .revision,
                            storyID: "\(archived.story)", feedName: feed)))
                    }
                }
                events.sort { $0.time < $1.time }
                let alerts: [Alert]
                do {
                    alerts = try RuleReplay.run(compiled.ruleSet, over: events, only: rules)
                } catch let error as RuleError {
                    throw CommandFailure(file, error.description)
                }
                var out = ""
                for alert in alerts {
                    let title = alert.title.count > 90 ? String(alert.title.prefix(89)) + "…" : alert.title
                    out += "\(RFC3339.string(from: alert.time)) \(alert.rule) \"\(title)\" matched=\(alert.matched.joined(separator: ","))"
                    if alert.sources.count > 1 { out += " sources=\(alert.sources.joined(separator: ","))" }
                    out += "\n"
                }
                out += "\(alerts.count) alerts from \(events.count) archived articles since \(RFC3339.string(from: since.date))\n"
                FileHandleOutput.standardOutput.write(out)
            }
        }
    }
}

/// The config file's rules, compiled as the daemon compiles them, or every problem as one failure.
func loadRules(_ file: String) throws -> CompiledRules {
    do {
        return try RuleCompiler.compile(try ConfigurationLoader().load(path: file))
    } catch {
        throw CommandFailure(error.problems.map(\.description).joined(separator: "\nnewswatch: "))
    }
}
