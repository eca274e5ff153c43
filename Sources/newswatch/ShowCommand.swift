import ArgumentParser
import Foundation
import NewswatchArchive
import NewswatchNormalize

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one archived article, in the seeds' text form or as JSON.",
        discussion: "ID is the article id (its content hash); its first 8 or more hex digits are enough when unique."
    )

    @Argument(help: "The article id or a unique prefix of it (8+ hex digits).")
    var id: String

    @Flag(help: "Print the Article JSON instead of the text form.")
    var json = false

    @OptionGroup var archive: ArchiveLocation

    func run() throws {
        try reportingFailures {
            let opened = try archive.openForReading()
            let found = try archiveFailures { try opened.article(idPrefix: id) }
            if json {
                let data = try Article.jsonEncoder().encode(found.article)
                FileHandleOutput.standardOutput.write(String(decoding: data, as: UTF8.self) + "\n")
            } else {
                FileHandleOutput.standardOutput.write(PlainTextArticleWriter().write(found.article))
            }
        }
    }
}
