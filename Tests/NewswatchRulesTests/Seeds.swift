import Foundation
import NewswatchNormalize

/// The five seed articles of the repository, read as the daemon reads them.
enum Seeds {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds")

    /// Seed number (0…4) → article.
    static let all: [Int: Article] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var articles: [Int: Article] = [:]
        for file in files where file.hasSuffix(".txt") {
            guard let number = Int(file.prefix(3)) else { continue }
            let text = try! String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            var article = try! PlainTextArticleReader().read(text, fetched: Date(timeIntervalSince1970: 1_733_753_100))
            article.url = "https://www.news.de/seed/\(file)"
            articles[number] = article
        }
        return articles
    }()

    static func article(_ number: Int) -> Article { all[number]! }
}
