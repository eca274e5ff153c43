import ArgumentParser
import Foundation
import NewswatchNormalize
import NewswatchParse

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Read one article or feed and print it as Articles.",
        discussion: """
            SOURCE is a file path, or - for standard input. The format is detected from the content. \
            --json (the default) prints the document of docs/article-model.md: \
            { "feed": …, "articles": […], "warnings": […] }. --text prints each article in the seeds' \
            plain-text layout, which `newswatch parse --text` reads back to the same article id.

            Exit status 0 when the document was read, 1 with one line on stderr naming the source \
            and the problem when it was not.
            """
    )

    enum OutputFormat: String, EnumerableFlag {
        case json, text

        static func help(for value: OutputFormat) -> ArgumentHelp? {
            switch value {
            case .json: return "Print the Article document as JSON (the default)."
            case .text: return "Print each article in the seeds' plain-text layout."
            }
        }
    }

    @Flag var output: OutputFormat = .json

    @Option(name: .customLong("max-size"), help: "Refuse a document larger than this many MiB.")
    var maxSizeMiB: Int = 64

    @Argument(help: "A file path, or - for standard input.")
    var source: String

    func validate() throws {
        guard maxSizeMiB > 0 else { throw ValidationError("--max-size must be at least 1 (MiB)") }
    }

    func run() throws {
        try reportingFailures {
            let input = DocumentSource(argument: source)
            let bytes = try input.read(limit: maxSizeMiB * 1_048_576)
            let document: ParsedDocument
            do {
                document = try DocumentParser(maximumBytes: maxSizeMiB * 1_048_576).parse(bytes)
            } catch let error as DocumentError {
                throw CommandFailure(input.name, error.description)
            }
            switch output {
            case .json:
                let data = try Article.jsonEncoder().encode(document)
                FileHandleOutput.standardOutput.write(String(decoding: data, as: UTF8.self) + "\n")
            case .text:
                let writer = PlainTextArticleWriter()
                let text = document.articles.map(writer.write).joined(separator: "\n\u{0C}\n")
                FileHandleOutput.standardOutput.write(text)
            }
        }
    }
}
