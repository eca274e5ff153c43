import Foundation

/// Reads an article in the seeds' plain-text layout: blank-line-separated blocks, an optional section
/// line, the title, a teaser, the photo (`CAPTION Bild: CREDIT`, with the viewer's `CAPTION (Foto)
/// Suche` line beside it), highlights as bullet lines, then the body: paragraphs, subheadings on a line
/// of their own, lists as bullet lines, quotes as `> ` lines, with related links, the author line and
/// other furniture among them.
///
/// The head of the article is recognised by position and shape, not by known strings:
/// - a *section* is a first line of one to three words with no punctuation, above a longer title;
/// - the *teaser* is the first paragraph after the title when the photo or the highlights follow it
///   (the model's "lead that stands above the photo");
/// - the *photo* is a line with a `Bild:`/`Foto:`/`©` credit, or the viewer line, right after the
///   title or teaser;
/// - *highlights* are bullet lines right after the photo or teaser.
public struct PlainTextArticleReader: Sendable {
    public init() {}

    public enum ReadError: Error, Equatable, CustomStringConvertible {
        case noTitle

        public var description: String {
            switch self {
            case .noTitle: return "no article in it: no line of text that could be a title"
            }
        }
    }

    public func read(_ text: String, fetched: Date = Date()) throws -> Article {
        var units = Self.units(of: text)
        var section: String?
        var bylineAuthors: [String] = []

        // Furniture above the title: the byline template, share bars. A byline with a name is kept.
        func skipHeadFurniture() {
            while let first = units.first, case .text(let line) = first, line.count <= FurnitureFilter.maximumFurnitureLength {
                switch PageLine.classify(line) {
                case .furniture: units.removeFirst()
                case .byline(let author): bylineAuthors.append(author); units.removeFirst()
                default: return
                }
            }
        }

        skipHeadFurniture()
        if units.count >= 2, case .text(let first) = units[0], Self.isSectionLine(first),
           case .text(let next) = units[1], next.count > first.count {
            section = first
            units.removeFirst()
            skipHeadFurniture()
        }
        guard let first = units.first, case .text(let title) = first else { throw ReadError.noTitle }
        units.removeFirst()

        // The head: teaser, photo, highlights, in that order, each optional.
        var teaser: String?
        var image: ArticleImage?
        var highlights: [String] = []

        if units.count >= 2, case .text(let candidate) = units[0], Self.imageLine(candidate) == nil,
           PageLine.classify(candidate) == .text, Self.opensPhotoOrHighlights(units[1]) {
            teaser = candidate
            units.removeFirst()
        }
        while let next = units.first {
            if case .text(let line) = next, let found = Self.imageLine(line) {
                image = Self.merge(image, found)
                units.removeFirst()
            } else {
                break
            }
        }
        // Highlights: the first bullet run that is not furniture (001's lone `• Artikel teilen:`).
        while let next = units.first, case .bullets(let items) = next {
            units.removeFirst()
            let kept = items.filter { PageLine.classify($0) == .text }
            if !kept.isEmpty {
                highlights = kept
                break
            }
        }

        // The body: furniture out first, then headings told from paragraphs by shape.
        let raw: [ArticleBlock] = units.map { unit in
            switch unit {
            case .text(let line): return .paragraph(line)
            case .bullets(let items): return .list(items)
            case .quote(let line): return .quote(line)
            }
        }
        let cleaned = FurnitureFilter.clean(raw)
        var body: [ArticleBlock] = []
        for (index, block) in cleaned.blocks.enumerated() {
            if case .paragraph(let line) = block {
                let next = index + 1 < cleaned.blocks.count ? cleaned.blocks[index + 1] : nil
                let followedByText: Bool
                switch next {
                case .paragraph?, .list?, .quote?: followedByText = true
                case .heading?, nil: followedByText = false
                }
                body.append(BlockShape.isHeading(line, followedByText: followedByText) ? .heading(line) : block)
            } else {
                body.append(block)
            }
        }

        var authors = bylineAuthors
        for author in cleaned.authors where !authors.contains(author) { authors.append(author) }
        return Article(
            title: title,
            teaser: teaser,
            body: body,
            source: cleaned.source,
            section: section,
            image: image,
            highlights: highlights,
            related: cleaned.related,
            authors: authors,
            agencies: cleaned.agencies,
            topics: cleaned.topics,
            fetched: fetched
        )
    }

    // MARK: - Lines into units

    /// A run of the text: one logical line of text, a run of bullet lines, or a quote line.
    enum Unit: Equatable {
        case text(String)
        case bullets([String])
        case quote(String)
    }

    static let bulletMarks: Set<Character> = ["•", "·", "-", "*", "–", "▪", "‣", "◦"]

    /// The item text when the line is a bullet line (`  • item`, `- item`).
    static func bulletItem(_ line: String) -> String? {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        guard let mark = trimmed.first, bulletMarks.contains(mark) else { return nil }
        let rest = trimmed.dropFirst()
        guard let space = rest.first, space == " " || space == "\t" else { return nil }
        let item = TextFolding.collapsingWhitespace(String(rest))
        return item.isEmpty ? nil : item
    }

    /// Blocks are separated by blank lines. Inside a block, bullet lines form lists, and a line that
    /// `PageLine` or the photo rule recognises stands alone; other consecutive lines are one paragraph
    /// wrapped over several lines.
    static func units(of text: String) -> [Unit] {
        var units: [Unit] = []
        var paragraph: [String] = []
        var bullets: [String] = []

        func flushParagraph() {
            if !paragraph.isEmpty { units.append(.text(paragraph.joined(separator: " "))) }
            paragraph = []
        }
        func flushBullets() {
            if !bullets.isEmpty { units.append(.bullets(bullets)) }
            bullets = []
        }

        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for rawLine in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            let rawLine = String(rawLine)
            let line = TextFolding.collapsingWhitespace(rawLine)
            if line.isEmpty {
                flushParagraph()
                flushBullets()
                continue
            }
            if let item = bulletItem(rawLine) {
                flushParagraph()
                bullets.append(item)
                continue
            }
            flushBullets()
            if line.hasPrefix(">") {
                flushParagraph()
                let quoted = TextFolding.collapsingWhitespace(String(line.dropFirst()))
                if !quoted.isEmpty { units.append(.quote(quoted)) }
            } else if PageLine.classify(line) != .text || imageLine(line) != nil {
                flushParagraph()
                units.append(.text(line))
            } else {
                paragraph.append(line)
            }
        }
        flushParagraph()
        flushBullets()
        return units
    }

    // MARK: - The head

    static func isSectionLine(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        return (1...3).contains(words.count) && line.count <= 32
            && line.allSatisfy { $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == "&" }
    }

    static func opensPhotoOrHighlights(_ unit: Unit) -> Bool {
        switch unit {
        case .text(let line): return imageLine(line) != nil
        case .bullets(let items): return items.contains { PageLine.classify($0) == .text }
        case .quote: return false
        }
    }

    /// Longest credit that is still a credit and not a paragraph that happens to contain `Foto:`.
    static let maximumCreditLength = 160

    /// The photo a line describes: the viewer line `CAPTION (Foto) Suche`, a caption with its credit
    /// `CAPTION Bild: CREDIT` (also `Foto:`, `Fotos:`, `Photo:`, `Image:`, `Credit:`, `©`), or a
    /// caption the writer marked `CAPTION (Foto)` because it had no credit.
    static func imageLine(_ line: String) -> ArticleImage? {
        if case .photoViewer(let caption) = PageLine.classify(line) {
            return ArticleImage(caption: caption.isEmpty ? nil : caption)
        }
        if line.hasSuffix(" (Foto)") {
            return ArticleImage(caption: String(line.dropLast(" (Foto)".count)))
        }
        if let match = line.wholeMatch(of: creditPattern) {
            let caption = (match.1 ?? "").trimmingCharacters(in: .whitespaces)
            let credit = match.2.trimmingCharacters(in: .whitespaces)
            guard !credit.isEmpty, credit.count <= maximumCreditLength else { return nil }
            return ArticleImage(caption: caption.isEmpty ? nil : caption, credit: credit)
        }
        return nil
    }

    nonisolated(unsafe) static let creditPattern =
        /(?:(.*?)\s+)??(?:(?:Bild|Foto|Fotos|Photo|Image|Credit|Bildquelle)\s*:|©)\s*(.+)/

    /// The viewer line gives the caption, the credit line caption and credit; together one photo.
    static func merge(_ existing: ArticleImage?, _ found: ArticleImage) -> ArticleImage {
        guard var image = existing else { return found }
        if image.caption == nil { image.caption = found.caption }
        if let credit = found.credit {
            image.credit = credit
            if let caption = found.caption { image.caption = caption }
        }
        return image
    }
}
