import NewswatchNormalize

/// An article's lines folded once (`TextFolding.canonical`) for everything recording derives from them:
/// the furniture candidates (short paragraphs) and the canonical text its shingles are cut from.
/// Folding is the costliest text step of recording; before, each of those folded the text again.
struct FoldedText {
    struct Block {
        var isParagraph: Bool
        var lines: [String]
    }

    let headline: String
    let teaser: String?
    /// The article's body blocks in order, each with its folded lines.
    let blocks: [Block]

    init(_ article: Article) {
        headline = TextFolding.canonical(article.headline)
        teaser = article.teaser.map(TextFolding.canonical)
        blocks = article.body.map { block in
            if case .paragraph = block { return Block(isParagraph: true, lines: block.lines.map(TextFolding.canonical)) }
            return Block(isParagraph: false, lines: block.lines.map(TextFolding.canonical))
        }
    }

    /// `ContentHash.canonicalText` of the article, or of the article without the paragraphs whose
    /// folded text is in `droppedParagraphs`.
    func canonicalText(droppedParagraphs: Set<String> = []) -> String {
        var lines = [headline]
        if let teaser { lines.append(teaser) }
        for block in blocks {
            if block.isParagraph, let line = block.lines.first, droppedParagraphs.contains(line) { continue }
            lines.append(contentsOf: block.lines)
        }
        return lines.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// The folded text of each paragraph (nil for other blocks), in body order.
    var paragraphs: [String?] {
        blocks.map { $0.isParagraph ? $0.lines.first : nil }
    }
}
