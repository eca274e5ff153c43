/// An article body with the page furniture taken out, and what that furniture told about the article.
public struct CleanedBody: Sendable, Equatable {
    public var blocks: [ArticleBlock] = []
    public var related: [RelatedLink] = []
    public var authors: [String] = []
    public var agencies: [String] = []
    public var topics: [String] = []
    /// The site named by the author line (`news.de` in `/bua/news.de/dpa`).
    public var source: String?

    public init() {}
}

/// Takes the furniture out of an article body, whichever reader produced it: the plain-text reader,
/// feed HTML or an article page. Every line is judged by `PageLine`; lines that carry something
/// (`Lesen Sie auch: …`, `/bua/news.de/dpa`, `Themen: …`) move into the matching field.
public enum FurnitureFilter {
    /// Lines longer than this are the article's own text, however they start: furniture is short.
    static let maximumFurnitureLength = 320

    /// - Parameters:
    ///   - blocks: the body as read, furniture included.
    ///   - linkTargets: for HTML, the href of a line that was a link, by its text, so related links
    ///     keep their URL.
    ///   - linesAreFolded: every line's white space is folded already (`HTMLBlockReader`'s are), so
    ///     `PageLine.classify(folded:)` judges it.
    public static func clean(_ blocks: [ArticleBlock], linkTargets: [String: String] = [:], linesAreFolded: Bool = false) -> CleanedBody {
        var result = CleanedBody()
        var awaitingRelatedHeadline = false

        func addRelated(_ title: String) {
            let title = TextFolding.collapsingWhitespace(title)
            guard !title.isEmpty, !result.related.contains(where: { $0.title == title }) else { return }
            result.related.append(RelatedLink(title: title, url: linkTargets[title]))
        }

        /// Moves what a furniture line carries into `result`; true when the line is furniture.
        func absorb(_ line: String) -> Bool {
            guard UTF8Bytes.hasAtMost(maximumFurnitureLength, charactersIn: line) else { return false }
            switch linesAreFolded ? PageLine.classify(folded: line) : PageLine.classify(line) {
            case .text:
                return false
            case .furniture, .photoViewer:
                return true
            case .byline(let author):
                appendUnique(author, to: &result.authors)
                return true
            case .relatedLabel(let headline):
                if let headline { addRelated(headline) } else { awaitingRelatedHeadline = true }
                return true
            case .authorLine(let authors, let source, let agencies):
                authors.forEach { appendUnique($0, to: &result.authors) }
                agencies.forEach { appendUnique($0, to: &result.agencies) }
                result.source = source
                return true
            case .topics(let topics):
                topics.forEach { appendUnique($0, to: &result.topics) }
                return true
            }
        }

        for block in blocks {
            if awaitingRelatedHeadline {
                let lines = block.lines.filter { !absorbsAsFurniture($0) }
                if !lines.isEmpty {
                    awaitingRelatedHeadline = false
                    lines.forEach(addRelated)
                    continue
                }
            }
            switch block {
            case .paragraph(let text), .heading(let text), .quote(let text):
                if absorb(text) { continue }
                result.blocks.append(block)
            case .list(let items):
                let kept = items.filter { !absorb($0) }
                if !kept.isEmpty { result.blocks.append(.list(kept)) }
            }
        }
        return result
    }

    /// True for a line that is plain furniture (and carries nothing).
    static func absorbsAsFurniture(_ line: String) -> Bool {
        guard UTF8Bytes.hasAtMost(maximumFurnitureLength, charactersIn: line) else { return false }
        switch PageLine.classify(line) {
        case .furniture, .photoViewer: return true
        default: return false
        }
    }

    static func appendUnique(_ value: String, to list: inout [String]) {
        if !value.isEmpty, !list.contains(value) { list.append(value) }
    }
}
