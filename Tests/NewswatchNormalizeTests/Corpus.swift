import Foundation
import NewswatchNormalize

/// The articles the tests read: the five seeds, copied unchanged into `seeds/`, and the project's own
/// articles in the same layout under `Articles/`.
enum Corpus {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var seedFiles: [URL] { files(in: repository.appendingPathComponent("seeds")) }
    static var ownFiles: [URL] {
        files(in: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Articles"))
    }
    static var allFiles: [URL] { seedFiles + ownFiles }

    static func files(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { directory.appendingPathComponent($0) }
    }

    static func text(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    static func seed(_ prefix: String) throws -> URL {
        guard let url = seedFiles.first(where: { $0.lastPathComponent.hasPrefix(prefix) }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "seeds/\(prefix)*"])
        }
        return url
    }

    static func own(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Articles/\(name)")
    }

    static func read(_ url: URL) throws -> Article {
        try PlainTextArticleReader().read(text(url))
    }

    /// Every text field a reader sees: furniture must reach none of them.
    static func textFields(of article: Article) -> [String] {
        var fields = [article.title, article.headline]
        fields += [article.kicker, article.teaser, article.section, article.image?.caption].compactMap { $0 }
        fields += article.highlights
        fields += article.body.flatMap(\.lines)
        return fields
    }
}
