import ArgumentParser
import Foundation
import NewswatchFetch

/// `newswatch fetch URL`: one fetch exactly as the daemon does it, for checking a feed by hand.
struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch one feed URL as the daemon would and describe the response.",
        discussion: """
            Prints the status, final URL, a permanent move if there was one, the validators to store, \
            the charset and the body size; with --body, prints the body instead. --etag and \
            --last-modified make it a conditional GET (a 304 prints `not modified`).

            Exit status 0 when the fetch succeeded (200 or 304), 1 with one line on stderr naming the \
            URL, the kind of failure and the problem otherwise.
            """
    )

    @Argument(help: "An http or https URL.")
    var url: String

    @Option(help: "Send If-None-Match with this entity tag.")
    var etag: String?

    @Option(name: .customLong("last-modified"), help: "Send If-Modified-Since with this date.")
    var lastModified: String?

    @OptionGroup var fetch: OneOffFetchOptions

    @Flag(help: "Print the body instead of the description.")
    var body = false

    func run() throws {
        try reportingFailures {
            let request = fetch.request(for: url, validators: Validators(etag: etag, lastModified: lastModified))
            let response: FetchResponse
            switch PageFetch.wait(for: request) {
            case .success(let value): response = value
            case .failure(let error):
                var problem = "\(error.kind.code): \(error.message)"
                if let moved = error.permanentURL { problem += " (moved permanently to \(moved))" }
                throw CommandFailure(error.url, problem)
            }
            if body, let bytes = response.body {
                FileHandle.standardOutput.write(Data(bytes))
                return
            }
            var lines = ["status: \(response.status)\(response.isNotModified ? " not modified" : "")",
                         "url: \(response.finalURL)"]
            if let moved = response.permanentURL { lines.append("moved permanently to: \(moved)") }
            if let etag = response.validators.etag { lines.append("etag: \(etag)") }
            if let date = response.validators.lastModified { lines.append("last-modified: \(date)") }
            if let type = response.mediaType { lines.append("content-type: \(type)") }
            if let charset = response.charset { lines.append("charset: \(charset)") }
            if let bytes = response.body { lines.append("bytes: \(bytes.count)") }
            FileHandleOutput.standardOutput.write(lines.joined(separator: "\n") + "\n")
        }
    }
}
