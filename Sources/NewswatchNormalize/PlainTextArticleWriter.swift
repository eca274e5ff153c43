/// Writes an article in the seeds' plain-text layout, the form `newswatch show` prints and
/// `PlainTextArticleReader` reads back: section, title, teaser, the photo line with its highlights,
/// the body, then related links, topics and the author line, each block separated by a blank line.
public struct PlainTextArticleWriter: Sendable {
    public init() {}

    public func write(_ article: Article) -> String {
        var blocks: [String] = []
        // Named authors ride on the byline; author codes (`bua`) on the trailing author line.
        let codes = article.authors.filter(Self.isAuthorCode)
        for name in article.authors where !Self.isAuthorCode(name) { blocks.append("Erstellt von \(name)") }
        if let section = article.section, !section.isEmpty { blocks.append(section) }
        blocks.append(article.title)
        if let teaser = article.teaser, !teaser.isEmpty { blocks.append(teaser) }

        var photo: [String] = []
        if let image = article.image {
            let caption = image.caption ?? ""
            if let credit = image.credit, !credit.isEmpty {
                photo.append(caption.isEmpty ? "Bild: \(credit)" : "\(caption) Bild: \(credit)")
            } else if !caption.isEmpty {
                photo.append("\(caption) (Foto)")
            }
        }
        photo += article.highlights.map { "  • \($0)" }
        if !photo.isEmpty { blocks.append(photo.joined(separator: "\n")) }

        for block in article.body {
            switch block {
            case .paragraph(let text), .heading(let text):
                blocks.append(text)
            case .quote(let text):
                blocks.append("> \(text)")
            case .list(let items):
                blocks.append(items.map { "  • \($0)" }.joined(separator: "\n"))
            }
        }

        for link in article.related { blocks.append("Lesen Sie auch: \(link.title)") }
        if !article.topics.isEmpty { blocks.append("Themen: " + article.topics.joined(separator: ", ")) }
        if let source = article.source, PageLine.authorLine("/" + source) != nil {
            blocks.append("/" + (codes + [source] + article.agencies).joined(separator: "/"))
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// `bua`, `loc`: what fits on the author line, which has no room for spaces.
    static func isAuthorCode(_ author: String) -> Bool {
        !author.isEmpty && author.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    }
}
