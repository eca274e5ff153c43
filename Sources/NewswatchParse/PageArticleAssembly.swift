import Foundation
import NewswatchNormalize

/// Splits what was read from an article page into the head — teaser, photo with caption and
/// credit, highlights — and the body, by position and shape as the plain-text reader does:
/// - furniture, bylines (`Von NAME`, `By NAME`) and date lines above the text are no part of it;
/// - the *teaser* is the first paragraph when the photo or the highlights follow it, or when it is
///   the page's description;
/// - the *photo* is an image there, completed by a caption line with a `Bild:`/`Foto:`/`©` credit;
/// - the *highlights* are the first list after them (or a run of `• ` lines).
struct PageArticleAssembly {
    var parts: [HTMLBody.Part]
    let description: String?

    var teaser: String?
    var image: ArticleImage?
    var highlights: [String] = []
    var authors: [String] = []

    init(parts: [HTMLBody.Part], description: String?) {
        self.parts = Self.joiningBulletLines(parts)
        self.description = description
    }

    nonisolated(unsafe) static let byline = /(?i)(?:von|by|text:|autor:|author:)\s+(\p{Lu}[\p{L}.'\-]+(?:\s+(?:und|and|&)?\s*\p{Lu}[\p{L}.'\-]+){0,5})(?:\s*[,|·–-].{0,80})?/
    nonisolated(unsafe) static let dateLine = /(?i)(?:(?:aktualisiert|veröffentlicht|updated|published|stand)\s*:?\s*)?(?:(?:mo|di|mi|do|fr|sa|so|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?\d{1,4}[.\/-]\s*(?:\d{1,2}|[a-zäöü]+)\.?[.\/-]?\s*\d{2,4},?\s*(?:(?:um\s*)?\d{1,2}[:.]\d{2}(?:\s*(?:uhr|am|pm|h))?)?/

    /// `December 4, 2024, 9:15 PM`, `4. Dezember 2024, 09:15 Uhr`, `Updated 4 Dec 2024`.
    nonisolated(unsafe) static let namedDateLine = /(?i)(?:(?:aktualisiert|veröffentlicht|updated|published|stand|am)\s*:?\s*)?(?:[a-z]+,?\s+)?(?:\d{1,2}\.?\s+)?(?:jan|feb|mär|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)[a-zä]*\.?\s+(?:\d{1,2},?\s+)?\d{4},?\s*(?:(?:um|at)\s*)?(?:\d{1,2}[:.]\d{2}(?:\s*(?:uhr|am|pm|h))?)?/

    /// A short line that is no text of the article: furniture, a byline or a date.
    mutating func isHeadNoise(_ line: String) -> Bool {
        // `count <= n` without counting every Character of a long paragraph.
        if UTF8Bytes.hasAtMost(FurnitureFilter.maximumFurnitureLengthForTeaser, charactersIn: line), PageLine.classify(line) != .text { return true }
        if UTF8Bytes.hasAtMost(120, charactersIn: line), PageHeadGates.mayBeByline(line), let match = line.wholeMatch(of: Self.byline) {
            let name = String(match.1)
            if !authors.contains(name) { authors.append(name) }
            return true
        }
        if UTF8Bytes.hasAtMost(80, charactersIn: line) && PageHeadGates.mayBeDateLine(line)
            && (line.wholeMatch(of: Self.dateLine) != nil || line.wholeMatch(of: Self.namedDateLine) != nil) { return true }
        // Date lines in any language (`Submitted on Mon, 2019-01-21 13:49`), counters, copyright lines.
        return PageStampLines.isStamp(line) || PageStampLines.isCopyright(line)
    }

    /// The photo a caption line describes, when it carries a credit.
    static func captionLine(_ line: String) -> ArticleImage? {
        guard UTF8Bytes.hasAtMost(400, charactersIn: line) else { return nil }
        let (caption, credit) = HTMLBlockReader.splitCredit(line)
        guard let credit, credit.count <= 160 else { return nil }
        return ArticleImage(caption: caption, credit: credit)
    }

    mutating func readHead() {
        dropNoise()
        // The teaser: a first paragraph that the photo or the highlights follow, or the description.
        if case .block(.paragraph(let first))? = parts.first, Self.captionLine(first) == nil {
            let next = parts.dropFirst().first
            var opensHead = false
            switch next {
            case .image?: opensHead = true
            case .block(.list(let items))?: opensHead = items.contains { PageLine.classify($0) == .text }
            case .block(.paragraph(let line))?: opensHead = Self.captionLine(line) != nil
            default: break
            }
            let isDescription = description.map { TextFolding.canonical($0) == TextFolding.canonical(first) } ?? false
            if opensHead || isDescription {
                teaser = first
                parts.removeFirst()
            }
        }
        dropNoise()
        // The photo: images and caption lines.
        while let next = parts.first {
            if case .image(let found) = next {
                if image == nil { image = found } else if image?.url == nil { image?.url = found.url }
            } else if case .block(.paragraph(let line)) = next, let found = Self.captionLine(line) {
                if image == nil { image = ArticleImage() }
                if found.caption != nil { image?.caption = found.caption }
                image?.credit = found.credit
            } else if case .block(let block) = next, block.lines.allSatisfy({ line in UTF8Bytes.hasAtMost(320, charactersIn: line) && PageLine.classify(line) != .text }) {
                // A share bar between photo and text.
            } else {
                break
            }
            parts.removeFirst()
        }
        if case .block(.list(let items))? = parts.first {
            let kept = items.filter { PageLine.classify($0) == .text }
            if !kept.isEmpty { highlights = kept }
            parts.removeFirst()
        }
    }

    mutating func dropNoise() {
        while case .block(let block)? = parts.first, block.lines.allSatisfy({ isHeadNoise($0) }) {
            parts.removeFirst()
        }
    }

    /// The body: blocks after the head, in order; photos in the text are left out. When the page
    /// marks no subheadings, they are told from paragraphs by shape, as in plain text.
    func bodyBlocks(droppingTitle title: String?) -> [ArticleBlock] {
        var blocks = parts.compactMap { if case .block(let block) = $0 { return block } else { return nil } }
        if let title, case .heading(let first)? = blocks.first, TitleFinder.key(first) == TitleFinder.key(title) {
            blocks.removeFirst()
        }
        let marksHeadings = blocks.contains { if case .heading = $0 { return true } else { return false } }
        guard !marksHeadings else { return blocks }
        return blocks.enumerated().map { index, block in
            guard case .paragraph(let line) = block else { return block }
            let next = index + 1 < blocks.count ? blocks[index + 1] : nil
            let followedByText: Bool
            switch next {
            case .paragraph?, .list?, .quote?: followedByText = true
            case .heading?, nil: followedByText = false
            }
            return BlockShape.isHeading(line, followedByText: followedByText) && UTF8Bytes.hasAtMost(120, charactersIn: line) ? .heading(line) : block
        }
    }

    /// Paragraphs written as `• item` (pages without list markup) become one list.
    static func joiningBulletLines(_ parts: [HTMLBody.Part]) -> [HTMLBody.Part] {
        var result: [HTMLBody.Part] = []
        var previousWasBullet = false
        for part in parts {
            guard case .block(.paragraph(let line)) = part, let item = bulletItem(line) else {
                result.append(part)
                previousWasBullet = false
                continue
            }
            if previousWasBullet, case .block(.list(let items))? = result.last {
                result[result.count - 1] = .block(.list(items + [item]))
            } else {
                result.append(.block(.list([item])))
            }
            previousWasBullet = true
        }
        return result
    }

    static let bulletMarks: [Character] = ["•", "▪", "‣", "◦", "·"]

    static func bulletItem(_ line: String) -> String? {
        // Every paragraph of a page comes here, and reading its first `Character` (and making the
        // array of marks) cost more than the rest of joining: a `Character` equal to a mark is that
        // mark's scalar alone, or U+0387 (canonically `·`), so a line whose first byte leads none of
        // them (C2: `·`, CE: U+0387, E2: the others) has no mark.
        guard let lead = line.utf8.first, lead == 0xE2 || lead == 0xC2 || lead == 0xCE else { return nil }
        guard let mark = line.first, bulletMarks.contains(mark) else { return nil }
        let item = TextFolding.collapsingWhitespace(String(line.dropFirst()))
        return item.isEmpty ? nil : item
    }
}
