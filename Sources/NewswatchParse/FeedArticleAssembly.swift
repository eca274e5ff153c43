import Foundation
import NewswatchNormalize

/// Turns one feed entry into an Article, the way a reader would read the item:
/// - the title is text, markup removed, split into kicker and headline by the model;
/// - when `content:encoded` / Atom `content` carries the body, `description` / `summary` is the
///   teaser (and a body that repeats it as its first paragraph loses the repetition);
/// - without a body, a description of one short paragraph is the teaser, a longer one the body;
/// - photos and bullet points at the head of the body are the photo and the highlights;
/// - the body goes through `FurnitureFilter`, so a share bar or "Folgen Sie …" in feed HTML is
///   dropped exactly as in plain text, and related links, author line and topics are kept apart.
enum FeedArticleAssembly {
    /// A description longer than this is an article's text, not its teaser.
    static let maximumTeaserLength = 700

    /// - Parameters:
    ///   - site: `site(of: feed.link)`, and `language`: `languageTag(entry.language ?? feed.language)`,
    ///     which the caller works out once for all items of a feed.
    static func article(from entry: FeedEntry, feed: FeedInfo, site: String?, language: String?, fetched: Date, warnings: inout [String]) -> Article? {
        let reader = HTMLBlockReader(baseURL: entry.base)
        let place = entry.line.map { "line \($0)" } ?? "item"
        let summary = entry.summary.map { body(of: $0, reader: reader) } ?? HTMLBody()
        let content = entry.content.map { body(of: $0, reader: reader) } ?? HTMLBody()
        let linkTargets = summary.linkTargets.merging(content.linkTargets) { _, new in new }

        var (teaser, parts) = teaserAndBody(summary: summary, content: content)
        let head = takeHead(&parts)
        var image = head.image ?? parts.lazy.compactMap { if case .image(let i) = $0 { return i } else { return nil } }.first
        if image == nil, !content.blocks.isEmpty { image = summary.images.first }
        image = merge(image, entry.image)

        var blocks = parts.compactMap { if case .block(let block) = $0 { return block } else { return nil } }
        teaser = withoutRepetition(teaser, in: &blocks)
        let cleaned = FurnitureFilter.clean(blocks, linkTargets: linkTargets, linesAreFolded: true)
        let highlights = head.highlights

        var title = entry.title.map { text(of: $0, reader: reader) } ?? ""
        if title.isEmpty {
            let lead = teaser ?? cleaned.blocks.first?.lines.first ?? ""
            guard !lead.isEmpty else {
                warnings.append("\(place): item with neither title nor text (skipped)")
                return nil
            }
            title = shortened(lead)
            warnings.append("\(place): item without title; its first words stand in")
        }

        var authors = entry.authors
        for author in cleaned.authors where !authors.contains(author) { authors.append(author) }
        var topics = entry.categories
        for topic in cleaned.topics where !topics.contains(topic) { topics.append(topic) }

        var article = Article(
            title: MojibakeRepair.repair(title),
            teaser: teaser.map(MojibakeRepair.repair),
            body: cleaned.blocks.map(repair),
            url: entry.link.flatMap(CanonicalURL.clean),
            guid: entry.guid,
            source: cleaned.source ?? site ?? feed.title,
            image: image.map(repair),
            highlights: highlights.map(MojibakeRepair.repair),
            related: cleaned.related.map { RelatedLink(title: MojibakeRepair.repair($0.title), url: $0.url.map { CanonicalURL.clean($0) ?? $0 }) },
            authors: authors.map(MojibakeRepair.repair),
            agencies: cleaned.agencies,
            topics: topics.map(MojibakeRepair.repair),
            language: language,
            enclosures: entry.enclosures,
            fetched: fetched)
        article.published = date(entry.published, field: "published", place: place, warnings: &warnings)
        article.updated = date(entry.updated, field: "updated", place: place, warnings: &warnings)
        return article
    }

    /// Whether a description is the whole content again (then it is no teaser). Compared only when the
    /// lengths are close: folding a whole article for every item would be wasted.
    static func sameText(_ summary: String, _ content: HTMLBody) -> Bool {
        let contentLength = lineBytes(of: content)
        let summaryLength = summary.utf8.count
        guard summaryLength * 10 >= contentLength * 8, summaryLength * 10 <= contentLength * 12 else { return false }
        return TextFolding.haveSameCanonicalForm(summary, content.text)
    }

    /// `content.blocks.reduce(0) { $0 + $1.lines.reduce(0) { $0 + $1.utf8.count + 1 } }`: the bytes of
    /// the body's lines with a separator each, counted without the arrays of blocks and lines (asked
    /// of every item with a description and a body).
    static func lineBytes(of content: HTMLBody) -> Int {
        var count = 0
        for case .block(let block) in content.parts {
            switch block {
            case .paragraph(let text), .heading(let text), .quote(let text): count += text.utf8.count + 1
            case .list(let items): for item in items { count += item.utf8.count + 1 }
            }
        }
        return count
    }

    /// Which text is the teaser and which the body. With a body (`content:encoded`, Atom `content`),
    /// the description is the teaser unless it is the body again; without one, a description of one
    /// short paragraph is the teaser and a longer one is the body.
    static func teaserAndBody(summary: HTMLBody, content: HTMLBody) -> (teaser: String?, parts: [HTMLBody.Part]) {
        var teaser: String?
        var parts: [HTMLBody.Part]
        if !content.blocks.isEmpty {
            parts = content.parts
            let summaryText = summary.text
            if !summaryText.isEmpty, !sameText(summaryText, content) { teaser = summaryText }
        } else {
            parts = content.parts + summary.parts
            let blocks = summary.blocks
            if blocks.count == 1, case .paragraph(let text) = blocks[0],
               UTF8Bytes.hasAtMost(maximumTeaserLength, charactersIn: text),
               PageLine.classify(folded: text) == .text {
                teaser = text
                parts = parts.filter { if case .image = $0 { return true } else { return false } }
            }
        }
        if let text = teaser, isFurniture(folded: text) { teaser = nil }
        return (teaser, parts)
    }

    /// Takes the head of the body out of `parts`: photos and the first bullet run (the highlights)
    /// before the first paragraph of text. Furniture above the text (the byline template, a share
    /// bar) does not end the head; it is left for `FurnitureFilter`.
    static func takeHead(_ parts: inout [HTMLBody.Part]) -> (image: ArticleImage?, highlights: [String]) {
        var image: ArticleImage?
        var highlights: [String] = []
        var index = 0
        head: while index < parts.count {
            switch parts[index] {
            case .image(let found):
                if image == nil { image = found }
            case .block(.list(let items)):
                let kept = items.filter { PageLine.classify(folded: $0) == .text }
                if !kept.isEmpty {
                    if !highlights.isEmpty { break head }
                    highlights = kept
                }
            case .block(let block):
                guard block.lines.allSatisfy({ isFurniture(folded: $0) }) else { break head }
                index += 1
                continue
            }
            parts.remove(at: index)
        }
        return (image, highlights)
    }

    /// The teaser, unless the body repeats it: a body whose first paragraph is the teaser loses that
    /// paragraph; a teaser that is the first paragraph cut short ("Der Anfang des Textes …") is
    /// dropped.
    static func withoutRepetition(_ teaser: String?, in blocks: inout [ArticleBlock]) -> String? {
        guard let teaser,
              let first = blocks.firstIndex(where: { !$0.lines.allSatisfy({ isFurniture($0) }) }),
              case .paragraph(let text) = blocks[first]
        else { return teaser }
        if TextFolding.haveSameCanonicalForm(text, teaser) {
            blocks.remove(at: first)
            return teaser
        }
        let shortened = withoutEllipsis(teaser)
        // `withoutEllipsis` gives the teaser itself or drops Characters from its end: the byte counts
        // tell the same as the Character counts, without walking the teaser's Characters.
        if shortened.utf8.count < teaser.utf8.count, TextFolding.canonical(text).hasPrefix(TextFolding.canonical(shortened)) { return nil }
        return teaser
    }

    /// A line of page furniture (short, and recognised by `PageLine`).
    static func isFurniture(_ line: String) -> Bool {
        UTF8Bytes.hasAtMost(FurnitureFilter.maximumFurnitureLengthForTeaser, charactersIn: line) && PageLine.classify(line) != .text
    }

    /// `isFurniture` of a line folded already (a line of `HTMLBlockReader`'s blocks, `HTMLBody.text`).
    static func isFurniture(folded line: String) -> Bool {
        UTF8Bytes.hasAtMost(FurnitureFilter.maximumFurnitureLengthForTeaser, charactersIn: line) && PageLine.classify(folded: line) != .text
    }

    static func body(of text: FeedText, reader: HTMLBlockReader) -> HTMLBody {
        switch text {
        case .plain(let plain):
            return HTMLBody(parts: HTMLBlockReader.paragraphs(plain).map { .block(.paragraph($0)) })
        case .html(let html):
            return reader.read(html)
        case .parsed(let body):
            return body
        }
    }

    static func text(of value: FeedText, reader: HTMLBlockReader) -> String {
        switch value {
        case .plain(let plain): return TextFolding.collapsingWhitespace(plain)
        case .html(let html): return reader.text(html)
        case .parsed(let body): return body.text
        }
    }

    static func date(_ text: String?, field: String, place: String, warnings: inout [String]) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        if let date = FeedDate.parse(text) { return date }
        warnings.append("\(place): unreadable \(field) date \"\(text.prefix(60))\" (left out)")
        return nil
    }

    /// The HTML photo, completed by what Media RSS says.
    static func merge(_ html: ArticleImage?, _ media: ArticleImage?) -> ArticleImage? {
        guard var image = html else { return media }
        guard let media else { return image }
        if image.url == nil { image.url = media.url }
        if image.caption == nil { image.caption = media.caption }
        if image.credit == nil { image.credit = media.credit }
        return image
    }

    static func repair(_ block: ArticleBlock) -> ArticleBlock {
        switch block {
        case .paragraph(let text): return .paragraph(MojibakeRepair.repair(text))
        case .heading(let text): return .heading(MojibakeRepair.repair(text))
        case .quote(let text): return .quote(MojibakeRepair.repair(text))
        case .list(let items): return .list(items.map(MojibakeRepair.repair))
        }
    }

    static func repair(_ image: ArticleImage) -> ArticleImage {
        ArticleImage(url: image.url, caption: image.caption.map(MojibakeRepair.repair), credit: image.credit.map(MojibakeRepair.repair))
    }

    /// `https://www.news.de/politik/` → `news.de`.
    static func site(of link: String?) -> String? {
        guard let link, let host = URLComponents(string: link)?.host?.lowercased(), !host.isEmpty else { return nil }
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }

    /// `de_DE`, `DE-de` → `de-DE`: the BCP 47 case conventions.
    static func languageTag(_ raw: String?) -> String? {
        guard let raw = raw?.trimmingSpaces(), !raw.isEmpty else { return nil }
        // Foundation's replacing is costly for what is nearly always a tag without `_`.
        let dashed = raw.utf8.contains(UInt8(ascii: "_")) ? raw.replacingOccurrences(of: "_", with: "-") : raw
        let parts = dashed.split(separator: "-").map(String.init)
        guard let first = parts.first, first.allSatisfy(\.isLetter) else { return nil }
        var tag = [first.lowercased()]
        for part in parts.dropFirst() { tag.append(part.count == 2 ? part.uppercased() : part.lowercased()) }
        return tag.joined(separator: "-")
    }

    /// The text without a trailing `…`, `...`, `[…]` or `[...]` (and the text itself when it has none).
    static func withoutEllipsis(_ text: String) -> String {
        for mark in ["[…]", "[...]", "…", "..."] where text.hasSuffix(mark) {
            return String(text.dropLast(mark.count)).trimmingSpaces()
        }
        return text
    }

    /// The first words of a text, for an item without title.
    static func shortened(_ text: String) -> String {
        guard text.count > 100 else { return text }
        let cut = text.prefix(100)
        if let space = cut.lastIndex(of: " ") { return String(cut[..<space]) + " …" }
        return String(cut) + "…"
    }
}

extension FurnitureFilter {
    /// Furniture lines are short; a teaser longer than this is text whatever it starts with.
    static let maximumFurnitureLengthForTeaser = 320
}
