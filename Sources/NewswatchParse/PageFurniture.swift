import CLibXML2
import Foundation
import NewswatchNormalize

/// Takes the furniture out of a page before its content is scored: navigation, banners, consent
/// dialogs, share bars, comment sections, newsletter and ad slots, boxes of other headlines. Boxes of
/// related links ("Mehr zum Thema", "Lesen Sie auch") are removed too, their links kept as `related`.
///
/// Judged by element (`nav`, `aside`, `footer`, ARIA roles) and by the words of `class` and `id`.
/// "Hard" words (cookie, comment, share, …) remove the element whatever it holds; "soft" words
/// (teaser, related, more, …) only a box of links, because news sites also call their lead paragraph
/// `teaser` or `intro`. An element that holds the title is never removed.
struct PageFurniture {
    static let removedRoles: Set<String> = ["navigation", "banner", "complementary", "contentinfo", "search", "dialog", "alertdialog", "menu", "menubar"]

    static let hardWords: Set<String> = [
        "nav", "navi", "navigation", "navbar", "menu", "menue", "breadcrumb", "breadcrumbs", "footer", "cookie", "cookies",
        "consent", "gdpr", "cmp", "privacy", "newsletter", "comment", "comments", "kommentar", "kommentare", "disqus",
        "share", "sharing", "social", "socials", "shariff", "sharebar", "ad", "ads", "advert", "advertisement", "anzeige",
        "werbung", "banner", "sponsor", "sponsored", "outbrain", "taboola", "plista", "popup", "modal", "overlay",
        "paywall", "subscribe", "abo", "login", "signup", "masthead", "header-nav", "skiplink", "skip", "toolbar",
        "mostread", "meistgelesen", "trending", "popular", "beliebt", "sidebar", "widget", "byline", "author", "autor",
        "dateline", "timestamp", "tags", "themen", "topics", "print", "pagination", "pager", "tweet", "twittertweet",
        "instagram", "tiktok", "embed", "oembed", "playlist",
    ]
    static let softWords: Set<String> = [
        "teaser", "teasers", "related", "recommend", "recommended", "recommendations", "more", "mehr", "weitere",
        "box", "promo", "list", "links", "latest", "aktuell", "top", "topnews", "feed", "stream", "verwandt", "readmore",
    ]
    static let relatedWords: Set<String> = ["related", "verwandt", "readmore", "recommend", "recommended", "lesenauch", "mehrzumthema"]

    var related: [RelatedLink] = []
    /// Short lines of the removed elements: an author line or topic list in a box still names the
    /// authors and topics.
    var removedLines: [String] = []

    static func words(_ node: xmlNodePtr) -> [String] {
        guard PageTree.mayHaveAttributes(node) else { return [] }
        // An ASCII class and id are lower-cased and split on their bytes, without a String of either.
        if let words = asciiWords(class: xmlGetProp(node, "class"), id: xmlGetProp(node, "id")) { return words }
        let raw = ((PageTree.attribute(node, "class") ?? "") + " " + (PageTree.attribute(node, "id") ?? "")).lowercased()
        if let words = asciiWords(raw) { return words }
        guard raw.contains(where: { !$0.isWhitespace }) else { return [] }
        var words: [String] = []
        for token in raw.split(whereSeparator: \.isWhitespace) {
            // `article-body__share` → article, body, share; also the compound itself (`lesen-sie-auch` → lesensieauch).
            let parts = token.split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
            words.append(contentsOf: parts)
            if parts.count > 1 { words.append(parts.joined()) }
        }
        return words
    }

    /// `words` of an ASCII class and id, split on the bytes: in ASCII every byte is a character (CR LF,
    /// one, is white space either way) and the white space is the space, tab, line feed, vertical
    /// tab, form feed and carriage return. Nil for any other text.
    static func asciiWords(_ raw: String) -> [String]? {
        UTF8Bytes.with(raw) { bytes -> [String]? in
            if bytes.contains(where: { $0 >= 0x80 }) { return nil }
            return asciiWords(bytes)
        }
    }

    /// `asciiWords` of `(class + " " + id).lowercased()` for the values as libxml2 gives them (freed
    /// here): lower-casing ASCII is lower-casing each byte. Nil when either holds a byte outside ASCII.
    static func asciiWords(class classValue: UnsafeMutablePointer<xmlChar>?, id idValue: UnsafeMutablePointer<xmlChar>?) -> [String]? {
        var words: [String] = []
        let isASCII = forEachASCIIWord(class: classValue, id: idValue) { words.append(String(decoding: $0, as: UTF8.self)) }
        return isASCII ? words : nil
    }

    /// What the words of a class and id say of an element, for `judge`.
    struct WordKinds: OptionSet {
        let rawValue: UInt8
        static let hard = WordKinds(rawValue: 1), soft = WordKinds(rawValue: 2), related = WordKinds(rawValue: 4)
    }

    static let kindsByWord: [String: WordKinds] = {
        var kinds: [String: WordKinds] = [:]
        for word in hardWords { kinds[word, default: []].insert(.hard) }
        for word in softWords { kinds[word, default: []].insert(.soft) }
        for word in relatedWords { kinds[word, default: []].insert(.related) }
        return kinds
    }()

    /// `kindsByWord` by each word's bytes packed into two words (`packedWord`), sorted, for a binary
    /// search: a class word costs no `String` and no hashing (a `String` and a look-up in
    /// `kindsByWord` were 600 instructions a word, for 700 words a page).
    static let kindsByPackedWord: [(key: PackedWord, kinds: WordKinds)] = kindsByWord
        .compactMap { word, kinds in packedWord(Array(word.utf8)).map { ($0, kinds) } }
        .sorted { $0.key < $1.key }

    /// A word of 16 bytes at most, its bytes in order from the high byte of `high` on, zeros after them
    /// (no word holds a zero byte, so no two pack alike).
    struct PackedWord: Comparable {
        var high: UInt64
        var low: UInt64
        static func < (a: PackedWord, b: PackedWord) -> Bool { a.high != b.high ? a.high < b.high : a.low < b.low }
    }

    /// The packed form of `word`, or nil when it is longer than 16 bytes (no word of `kindsByWord` is).
    static func packedWord<Bytes: Collection<UInt8>>(_ word: Bytes) -> PackedWord? {
        guard word.count <= 16 else { return nil }
        var packed = PackedWord(high: 0, low: 0)
        var index = 0
        for byte in word {
            if index < 8 { packed.high |= UInt64(byte) << (56 - 8 * index) } else { packed.low |= UInt64(byte) << (56 - 8 * (index - 8)) }
            index += 1
        }
        return packed
    }

    /// `kindsByWord[word]` for the bytes of a word.
    static func kinds(ofWord word: UnsafeBufferPointer<UInt8>) -> WordKinds? {
        guard let key = packedWord(word) else { return nil }
        var lower = 0
        var upper = kindsByPackedWord.count
        while lower < upper {
            let middle = (lower + upper) / 2
            let entry = kindsByPackedWord[middle]
            if entry.key == key { return entry.kinds }
            if entry.key < key { lower = middle + 1 } else { upper = middle }
        }
        return nil
    }

    /// The kinds of `words(node)`, one look-up per word, without an array of them for an ASCII class
    /// and id (every element with an attribute is asked: 4,000 instructions a call as an array).
    static func wordKinds(_ node: xmlNodePtr) -> WordKinds {
        guard PageTree.mayHaveAttributes(node) else { return [] }
        var kinds: WordKinds = []
        let isASCII = forEachASCIIWord(class: xmlGetProp(node, "class"), id: xmlGetProp(node, "id")) { word in
            if let found = Self.kinds(ofWord: word) { kinds.formUnion(found) }
        }
        if isASCII { return kinds }
        for word in words(node) { if let found = kindsByWord[word] { kinds.formUnion(found) } }
        return kinds
    }

    /// Hands each word of `(class + " " + id).lowercased()` to `body`, in `words`' order, when both are
    /// ASCII (false, before any word, otherwise); frees the values.
    private static func forEachASCIIWord(
        class classValue: UnsafeMutablePointer<xmlChar>?, id idValue: UnsafeMutablePointer<xmlChar>?, _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) -> Bool {
        defer {
            if let classValue { nw_xml_free(classValue) }
            if let idValue { nw_xml_free(idValue) }
        }
        // Neither (an `a` or `img` with other attributes): no words, as of a lone space.
        if classValue == nil && idValue == nil { return true }
        let classLength = classValue.map { Int(xmlStrlen($0)) } ?? 0
        let idLength = idValue.map { Int(xmlStrlen($0)) } ?? 0
        let count = classLength + 1 + idLength
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { raw -> Bool in
            for offset in 0..<count {
                let byte = offset < classLength ? classValue![offset] : offset == classLength ? 0x20 : idValue![offset - classLength - 1]
                if byte >= 0x80 { return false }
                raw[offset] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            }
            forEachASCIIWord(UnsafeBufferPointer(raw), body)
            return true
        }
    }

    /// The words of lower-cased ASCII bytes (see `words`).
    private static func asciiWords(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var words: [String] = []
        forEachASCIIWord(bytes) { words.append(String(decoding: $0, as: UTF8.self)) }
        return words
    }

    /// Each word of lower-cased ASCII bytes in `words`' order: each part of a token as it ends, then
    /// the token's parts joined when it has two or more.
    private static func forEachASCIIWord(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        func isJoint(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") }
        var tokenStart = 0
        var partStart = 0
        var parts = 0
        for index in 0...bytes.count {
            let byte: UInt8 = index < bytes.count ? bytes[index] : 0x20
            let blank = isBlank(byte)
            guard blank || isJoint(byte) else { continue }
            if index > partStart {
                body(UnsafeBufferPointer(rebasing: bytes[partStart..<index]))
                parts += 1
            }
            partStart = index + 1
            guard blank else { continue }
            if parts > 1 {
                let token = bytes[tokenStart..<index]
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: token.count) { compound in
                    var length = 0
                    for byte in token where !isJoint(byte) {
                        compound[length] = byte
                        length += 1
                    }
                    body(UnsafeBufferPointer(rebasing: compound[..<length]))
                }
            }
            parts = 0
            tokenStart = index + 1
        }
    }

    /// Removes furniture from the tree; `keep` is an element (the title) whose ancestors stay.
    mutating func remove(from tree: PageTree, keeping keep: xmlNodePtr?, baseURL: URL?) {
        var doomed: [Int] = []
        var skipUntil = -1
        let pageText = tree.body.map { tree.stats($0) }.map { $0.textLength - $0.linkLength } ?? 0
        for (number, node) in tree.elements.enumerated() {
            if number <= skipUntil { continue }
            if let keep, tree.contains(node, keep) { continue }
            // Most of the page's text is no furniture, whatever the element is called: a whole page
            // wrapped in an ASP.NET `<form>`, `<div id="content" class="with-sidebar">`.
            let stats = tree.stats[number]
            if pageText >= 500, Double(stats.textLength - stats.linkLength) > 0.6 * Double(pageText), !Self.isHidden(node) { continue }
            guard let verdict = judge(node, tag: tree.tags[number], stats: stats, tree: tree) else { continue }
            if verdict == .related { collectRelated(node, baseURL: baseURL, tree: tree) }
            if tree.stats[number].textLength <= 160 { removedLines.append(tree.text(node)) }
            doomed.append(number)
            skipUntil = tree.stats[number].end
        }
        tree.removeMeasured(doomed)
    }

    enum Verdict { case furniture, related }

    /// - Parameters: tag, stats: the measured element's.
    func judge(_ node: xmlNodePtr, tag: PageTag, stats: PageTree.ElementStats, tree: PageTree) -> Verdict? {
        if tag == .body || tag == .html { return nil }
        if Self.isHidden(node) { return .furniture }
        if PageTree.mayHaveAttributes(node), let role = PageTree.attribute(node, "role")?.lowercased(), Self.removedRoles.contains(role) { return .furniture }
        let kinds = Self.wordKinds(node)
        let isLinkBox = stats.links >= 2 && stats.linkDensity > 0.35
        if isLinkBox, Self.isRelatedBox(node, kinds: kinds, tree: tree) { return .related }
        switch tag {
        case .nav, .aside, .footer, .form, .menu: return .furniture
        case .article, .main: return nil
        default: break
        }
        if kinds.contains(.hard) { return .furniture }
        // A teaser of another article is one link over its headline, picture and lead.
        let isLinkedTeaser = stats.links >= 1 && stats.linkDensity > 0.6
        if isLinkBox || isLinkedTeaser, kinds.contains(.soft) { return .furniture }
        if tag == .header, isLinkBox { return .furniture }
        // A block of links with hardly any other text (a menu, a list of headlines), whatever its name.
        if stats.links >= 4, stats.linkDensity > 0.7, Self.isBlockish(tag) { return .furniture }
        // A paragraph of two links or more and little else: a line of further reading under a label
        // in any language, not a sentence that links a word or two.
        if tag == .p, stats.links >= 2, stats.linkDensity > 0.7 { return .furniture }
        // A box with a close button of its own is one the reader dismisses: a donation or
        // subscription prompt, a banner, a pop-up — in any language.
        if Self.isBlockish(tag), Self.hasCloseButton(node) { return .furniture }
        return nil
    }

    static func isHidden(_ node: xmlNodePtr) -> Bool {
        guard PageTree.mayHaveAttributes(node) else { return false }
        if xmlHasProp(node, "hidden") != nil { return true }
        guard let style = PageTree.attribute(node, "style") else { return false }
        return HiddenStyle.hides(style)
    }

    /// What a close button shows: a cross.
    static let closeMarks: Set<String> = ["✕", "✖", "×", "x", "X", "╳", "❌"]

    /// Whether a child element of `node` is a `button` that shows only a cross.
    static func hasCloseButton(_ node: xmlNodePtr) -> Bool {
        var child = node.pointee.children
        while let current = child {
            child = current.pointee.next
            guard current.pointee.type == XML_ELEMENT_NODE, PageTag(current) == .button else { continue }
            guard let content = xmlNodeGetContent(current) else { continue }
            let text = TextFolding.collapsingWhitespace(String(cString: content))
            nw_xml_free(content)
            if closeMarks.contains(text) { return true }
        }
        return false
    }

    static func isBlockish(_ tag: PageTag) -> Bool {
        switch tag {
        case .div, .section, .ul, .ol, .table, .header, .dl: return true
        default: return false
        }
    }

    /// A box of related links: named so, or opened by a label such as `Mehr zum Thema`.
    static func isRelatedBox(_ node: xmlNodePtr, kinds: WordKinds, tree: PageTree) -> Bool {
        if kinds.contains(.related) { return true }
        // The box's first line of text: its heading or label.
        var child = node.pointee.children
        var checked = 0
        while let current = child, checked < 3 {
            child = current.pointee.next
            guard current.pointee.type == XML_ELEMENT_NODE || current.pointee.type == XML_TEXT_NODE else { continue }
            // A child with more than 60 ASCII letters, digits or marks in its text has more than 60
            // characters once folded (each such byte is a character of its own, and folding keeps
            // it): text, and no label. Most boxes start with such a child; its text is not read.
            if current.pointee.type == XML_ELEMENT_NODE, tree.hasVisibleASCII(moreThan: 60, in: current) { return false }
            let text = current.pointee.type == XML_TEXT_NODE
                ? TextFolding.collapsingWhitespace(current.pointee.content.map { String(cString: $0) } ?? "") : tree.text(current)
            if text.isEmpty { continue }
            checked += 1
            if UTF8Bytes.hasAtMost(60, charactersIn: text), case .relatedLabel = PageLine.classify(text) { return true }
            return false
        }
        return false
    }

    mutating func collectRelated(_ node: xmlNodePtr, baseURL: URL?, tree: PageTree) {
        var stack = [node]
        var found: [RelatedLink] = []
        while let current = stack.popLast() {
            if PageTag(current) == .a {
                let title = tree.text(current)
                if !UTF8Bytes.hasAtMost(11, charactersIn: title), case .text = PageLine.classify(title) {
                    let href = PageTree.attribute(current, "href").flatMap { URL(string: $0, relativeTo: baseURL)?.absoluteString }
                    found.append(RelatedLink(title: title, url: href.map { CanonicalURL.clean($0) ?? $0 }))
                }
                continue
            }
            stack.append(contentsOf: PageTree.children(of: current).reversed())
        }
        for link in found where !related.contains(where: { $0.title == link.title }) { related.append(link) }
    }
}
