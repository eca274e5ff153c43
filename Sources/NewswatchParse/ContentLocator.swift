import CLibXML2
import Foundation
import NewswatchNormalize

/// Finds the element that holds an article's text, in the manner of readability: every paragraph
/// (a `p`, or a `div` with no block inside) of some length scores for its parent, less for its
/// grandparent and further ancestors — more for longer text and more commas — and each candidate's
/// score is weighed by its link density and by what its `class`/`id` and element name suggest. The
/// best candidate wins; its parent takes over when the text is spread over several of its children.
struct ContentLocator {
    let tree: PageTree

    static let positiveWords: Set<String> = [
        "article", "articlebody", "body", "content", "entry", "main", "post", "story", "text", "artikel", "inhalt",
        "copy", "richtext", "paragraph", "paragraphs", "storybody", "blog", "detail", "page",
    ]
    static let negativeWords: Set<String> = PageFurniture.softWords.union(["hidden", "meta", "caption", "credit", "foot", "note", "aside"])

    /// Shortest paragraph that counts.
    static let minimumParagraphLength = 25

    /// A paragraph-like element: one that holds running text rather than other blocks.
    static func isParagraph(_ tag: PageTag, _ stats: PageTree.ElementStats) -> Bool {
        switch tag {
        case .p, .pre, .blockquote, .td: return true
        case .div, .section, .article, .center, .main: return !stats.hasBlockChild
        default: return false
        }
    }

    func locate(excluding title: xmlNodePtr?) -> xmlNodePtr? {
        var scores = [Double?](repeating: nil, count: tree.elements.count)
        for (number, node) in tree.elements.enumerated() {
            let stats = tree.stats[number]
            guard stats.textLength >= Self.minimumParagraphLength, stats.linkDensity < 0.5, Self.isParagraph(tree.tags[number], stats) else { continue }
            if let title, tree.contains(title, node) { continue }
            let score = 1 + Double(stats.commas) + min(Double(stats.textLength) / 100, 3)
            var ancestor = node.pointee.parent
            var level = 0
            while let current = ancestor, level < 5, let index = tree.index(current) {
                if scores[index] == nil { scores[index] = initialScore(current, tree.tags[index]) }
                let divider: Double = level == 0 ? 1 : level == 1 ? 2 : Double(level) * 3
                scores[index]! += score / divider
                ancestor = current.pointee.parent
                level += 1
            }
        }
        var best: Int?
        var bestScore = 0.0
        for (index, score) in scores.enumerated() {
            guard let score else { continue }
            let final = score * (1 - tree.stats[index].linkDensity)
            if final > bestScore { best = index; bestScore = final }
        }
        guard var top = best else { return nil }
        // Text spread over several children (a body cut by ad slots) scores its parent nearly as high.
        while let parent = tree.elements[top].pointee.parent, let index = tree.index(parent), let score = scores[index] {
            let tag = tree.tags[index]
            guard tag != .body, tag != .html, score * (1 - tree.stats[index].linkDensity) >= bestScore * 0.85 else { break }
            top = index
            bestScore = max(bestScore, score * (1 - tree.stats[index].linkDensity))
        }
        return tree.elements[top]
    }

    func initialScore(_ node: xmlNodePtr, _ tag: PageTag) -> Double {
        var score: Double
        switch tag {
        case .article, .main: score = 10
        case .div, .section: score = 5
        case .pre, .td, .blockquote: score = 3
        case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: score = -3
        case .h1, .h2, .h3, .h4, .h5, .h6, .th: score = -5
        default: score = 0
        }
        let words = PageFurniture.words(node)
        if words.contains(where: Self.positiveWords.contains) { score += 25 }
        if words.contains(where: Self.negativeWords.contains) { score -= 25 }
        if PageTree.mayHaveAttributes(node), PageTree.attribute(node, "itemprop")?.lowercased() == "articlebody" { score += 40 }
        return score
    }

    /// What the content element holds: characters of text outside links, paragraphs of 40 characters
    /// or more, and headings that are links (a list of headlines, as on a section front).
    struct Measure {
        var text = 0
        var paragraphs = 0
        var linkedHeadings = 0
        var articles = 0
    }

    func measure(_ container: xmlNodePtr) -> Measure {
        var measure = Measure()
        guard let start = tree.index(container) else { return measure }
        let stats = tree.stats[start]
        measure.text = stats.textLength - stats.linkLength
        for number in start...stats.end {
            let own = tree.stats[number]
            let tag = tree.tags[number]
            if tag == .h2 || tag == .h3 || tag == .h4, own.links >= 1, own.linkDensity >= 0.7 { measure.linkedHeadings += 1 }
            if tag == .article, number != start { measure.articles += 1 }
            if own.textLength >= 40, own.linkDensity < 0.5, Self.isParagraph(tag, own) { measure.paragraphs += 1 }
        }
        return measure
    }
}
