import ArgumentParser
import Foundation
import NewswatchArchive
import NewswatchNormalize

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write archived articles to standard output, oldest first.",
        discussion: """
            jsonl (the default): one Article JSON per line with an "archive" key holding its \
            sightings, which `newswatch import` reads back. text: the seeds' text form, articles \
            separated by a form feed line.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, text }

    @Option(help: ArgumentHelp("Only articles first archived since then.", valueName: "age|time"))
    var since: SinceArgument?

    @Option(help: "jsonl or text.")
    var format: Format = .jsonl

    @OptionGroup var archive: ArchiveLocation

    func run() throws {
        try reportingFailures {
            let opened = try archive.openForReading()
            let writer = PlainTextArticleWriter()
            var first = true
            try archiveFailures {
                try opened.forEachArticle(since: since?.date) { archived in
                    switch format {
                    case .jsonl:
                        FileHandleOutput.standardOutput.write(try Archive.exportLine(archived) + "\n")
                    case .text:
                        FileHandleOutput.standardOutput.write((first ? "" : "\n\u{0C}\n") + writer.write(archived.article))
                    }
                    first = false
                }
            }
        }
    }
}
