import ArgumentParser
import Foundation
import NewswatchFetch
import NewswatchNormalize
import NewswatchParse

/// `newswatch extract URL`: fetches an article page as the daemon would and prints the article in it.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Fetch an article page and print the article extracted from it.",
        discussion: """
            Fetches URL (through the same fetcher and address policy as the daemon), reads the \
            article out of the page — structured data, then the main text found by scoring the page, \
            with menus, banners, share bars, comments and other furniture left out — and prints it in \
            the seeds' plain-text layout, or with --json as the Article JSON of docs/article-model.md.

            Exit status 0 when an article was extracted, 1 with one line on stderr naming the URL and \
            the problem otherwise (a failed fetch, or "no article found: …" for a page that is a \
            section front, a video page or an error page).
            """
    )

    @Argument(help: "An http or https URL of an article page.")
    var url: String

    @Flag(help: "Print the Article as JSON instead of the plain-text layout.")
    var json = false

    @OptionGroup var fetch: OneOffFetchOptions

    func run() throws {
        try reportingFailures {
            let response: FetchResponse
            switch PageFetch.wait(for: fetch.request(for: url)) {
            case .success(let value): response = value
            case .failure(let error): throw CommandFailure(error.url, "\(error.kind.code): \(error.message)")
            }
            guard let bytes = response.body, !bytes.isEmpty else { throw CommandFailure(url, "the page is empty") }
            let article: Article
            do {
                article = try ArticlePageExtractor().extract(bytes: bytes, charset: response.charset, baseURL: response.finalURL)
            } catch {
                throw CommandFailure(url, String(describing: error))
            }
            if json {
                let data = try Article.jsonEncoder().encode(article)
                FileHandleOutput.standardOutput.write(String(decoding: data, as: UTF8.self) + "\n")
            } else {
                FileHandleOutput.standardOutput.write(PlainTextArticleWriter().write(article))
            }
        }
    }
}

/// One fetch from the synchronous command line: the main thread waits while the fetcher's thread works.
enum PageFetch {
    static func wait(for request: FetchRequest) -> FetchResult {
        final class Box: @unchecked Sendable { var result: FetchResult? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        Task {
            let fetcher = FeedFetcher(configuration: .init(perHostLimit: 1, globalLimit: 1))
            box.result = await fetcher.fetch(request)
            fetcher.shutdown()
            done.signal()
        }
        done.wait()
        return box.result!
    }
}
