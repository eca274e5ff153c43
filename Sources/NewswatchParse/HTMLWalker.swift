import CLibXML2
import Foundation
import NewswatchNormalize

/// One pass over an HTML tree, collecting blocks.
struct HTMLWalker {
    let baseURL: URL?
    var body = HTMLBody()

    /// Text of the block being read, as UTF-8: libxml2's text nodes are appended as bytes (a String
    /// per text node cost more than the rest of the walk), and a String is made once per block.
    var buffer: [UInt8] = []
    /// Open elements that own `buffer` (heading, list item, caption), innermost last.
    var captures: [Capture] = []
    /// Items of the open lists, innermost last.
    var lists: [[String]] = []
    var quoteDepth = 0
    var figures: [ArticleImage] = []
    /// Open links: `href` as written, and the text read inside so far (UTF-8).
    var links: [(href: String?, text: [UInt8])] = []

    enum Capture { case heading, listItem, caption }

    /// Elements whose content is no article text. `source` and `track` are not among them although
    /// they carry none: libxml2's HTML 4 parser does not know them as empty, so the `img` after a
    /// `<source>` in a `<picture>` ends up inside it.
    static let skipped: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "form", "noscript", "button", "input", "select", "textarea",
        "svg", "math", "nav", "object", "embed", "video", "audio", "canvas", "template", "head", "title", "meta",
        "link", "map", "dialog",
    ]
    static let blockLevel: Set<String> = [
        "p", "div", "section", "article", "header", "footer", "main", "aside", "table", "tbody", "thead", "tfoot",
        "tr", "pre", "dl", "dt", "dd", "address", "hr", "center", "details", "summary", "body", "html", "fieldset",
    ]
    /// Class or id words of share bars and social widgets.
    static let furnitureWords: Set<String> = ["share", "social", "sharing", "teilen", "sharebar", "shariff", "socials"]

    init(baseURL: URL?) {
        self.baseURL = baseURL
    }

    mutating func walk(_ container: xmlNodePtr) {
        var next = container.pointee.children
        while let node = next {
            var descended = false
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                descended = enter(node)
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content { appendText(content) }
            default:
                break
            }
            if descended, let child = node.pointee.children {
                next = child
                continue
            }
            if descended { exit(node) }
            var cursor = node
            next = nil
            while true {
                if let sibling = cursor.pointee.next { next = sibling; break }
                guard let parent = cursor.pointee.parent, parent != container else { break }
                exit(parent)
                cursor = parent
            }
        }
    }

    mutating func finish() -> HTMLBody {
        flush()
        return body
    }

    /// What an element is to the walk, by its lower-cased name.
    enum ElementKind {
        /// Content that is no article text (`skipped`).
        case skipped
        /// `html`, `body`: block level, and never furniture.
        case root
        /// `blockLevel` but `html` and `body`.
        case block
        case lineBreak, image, heading, listItem, list, quote, figure, caption, link, cell
        case other
    }

    static let kinds: [String: ElementKind] = {
        var kinds: [String: ElementKind] = [
            "br": .lineBreak, "img": .image, "li": .listItem, "ul": .list, "ol": .list, "blockquote": .quote,
            "figure": .figure, "figcaption": .caption, "a": .link, "td": .cell, "th": .cell,
        ]
        for level in 1...6 { kinds["h\(level)"] = .heading }
        for name in blockLevel { kinds[name] = .block }
        kinds["body"] = .root
        kinds["html"] = .root
        for name in skipped { kinds[name] = .skipped }
        return kinds
    }()

    static let kindsByName = ElementNameTable(kinds)

    /// The kind of `node` by its name, case aside. Every element of every item's HTML is asked twice
    /// (entering and leaving).
    static func kind(_ node: xmlNodePtr) -> ElementKind {
        kindsByName[node.pointee.name] ?? .other
    }

    func attribute(_ node: xmlNodePtr, _ name: UnsafePointer<xmlChar>) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { nw_xml_free(value) }
        return FeedNode.string(value)
    }

    func resolve(_ reference: String?) -> String? {
        guard let reference = reference?.trimmingSpaces(), !reference.isEmpty else { return nil }
        if reference.hasPrefix("javascript:") || reference.hasPrefix("data:") { return nil }
        // An absolute link of the plain kind is its own resolution (see `CanonicalURL.isPlainLink`).
        if CanonicalURL.isPlainLink(reference) { return reference }
        guard let url = URL(string: reference, relativeTo: baseURL) else { return reference }
        return url.absoluteString
    }

    func isFurniture(_ node: xmlNodePtr) -> Bool {
        // Most elements of article HTML carry no attribute at all, and then none of the lookups
        // below can find one.
        if !PageTree.mayHaveAttributes(node) { return false }
        if xmlHasProp(node, Name.hidden) != nil { return true }
        if let style = attribute(node, Name.style), HiddenStyle.hides(style) { return true }
        if let answer = Self.namesFurniture(class: xmlGetProp(node, Name.className), id: xmlGetProp(node, Name.id)) { return answer }
        return Self.namesFurniture(((attribute(node, Name.className) ?? "") + " " + (attribute(node, Name.id) ?? "")).lowercased())
    }

    /// Whether a word of `words` (the lower-cased class and id), split at spaces, hyphens and
    /// underscores, names a share bar or social widget.
    static func namesFurniture(_ words: String) -> Bool {
        guard !words.trimmingSpaces().isEmpty else { return false }
        return words.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" })
            .contains { word in
                Self.furnitureWords.contains(String(word))
                    || (word.hasPrefix("share") && !word.hasPrefix("shared")) || word.hasPrefix("shariff")
                    || word.hasPrefix("socialmedia") || word.hasPrefix("socialshare") || word.hasPrefix("socialbar")
            }
    }

    /// `namesFurniture` of `(class + " " + id).lowercased()` for the values as libxml2 gives them
    /// (freed here), on their bytes: nil when either holds a byte outside ASCII. In ASCII every byte
    /// is a character but CR LF (one character, neither a separator nor in any word looked for),
    /// lower-casing is per byte, and the words looked for are ASCII. A `String` of each value, their
    /// concatenation and a `Substring` per word cost 3.6% of a real page's instructions.
    static func namesFurniture(class classValue: UnsafeMutablePointer<xmlChar>?, id idValue: UnsafeMutablePointer<xmlChar>?) -> Bool? {
        defer {
            if let classValue { nw_xml_free(classValue) }
            if let idValue { nw_xml_free(idValue) }
        }
        var found = false
        for value in [classValue, idValue] {
            guard let value else { continue }
            var start = 0
            var index = 0
            while true {
                let byte = value[index]
                if byte >= 0x80 { return nil }
                if byte == 0 || byte == 0x20 || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") {
                    if !found, index > start, isFurnitureWord(UnsafeBufferPointer(start: value + start, count: index - start)) { found = true }
                    if byte == 0 { break }
                    start = index + 1
                }
                index += 1
            }
        }
        return found
    }

    /// `namesFurniture`'s test of one word, on its ASCII bytes (any case).
    static func isFurnitureWord(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        func starts(_ prefix: StaticString) -> Bool {
            let length = prefix.utf8CodeUnitCount
            guard word.count >= length else { return false }
            for offset in 0..<length {
                let byte = word[offset]
                if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != prefix.utf8Start[offset] { return false }
            }
            return true
        }
        func equals(_ other: StaticString) -> Bool { word.count == other.utf8CodeUnitCount && starts(other) }
        return equals("social") || equals("sharing") || equals("teilen") || equals("socials")
            || (starts("share") && !starts("shared")) || starts("shariff")
            || starts("socialmedia") || starts("socialshare") || starts("socialbar")
    }

    /// Where an `img` loads from: lazy-loading attributes first (their `src` is often a placeholder),
    /// then `src`, then the first candidate of `srcset`.
    func imageSource(_ node: xmlNodePtr) -> String? {
        for name in Name.imageSources {
            if let value = attribute(node, name)?.trimmingSpaces(), !value.isEmpty, !value.hasPrefix("data:") { return value }
        }
        if let srcset = attribute(node, Name.srcset) ?? attribute(node, Name.dataSrcset),
           let first = srcset.split(separator: ",").first?.split(separator: " ").first {
            return String(first)
        }
        return nil
    }

    /// A 1×1 image or a known counter: not the article's photo.
    func isTrackingPixel(_ node: xmlNodePtr, src: String) -> Bool {
        let width = attribute(node, Name.width).flatMap(Self.digitsValue)
        let height = attribute(node, Name.height).flatMap(Self.digitsValue)
        if let width, width <= 2 { return true }
        if let height, height <= 2 { return true }
        let lower = src.lowercased()
        // An ASCII address (nearly every one) is searched by bytes; Foundation's search, which
        // compares characters, gives the same answer there and decides for the others.
        if lower.utf8.allSatisfy({ $0 < 0x80 }) {
            return UTF8Bytes.with(lower) { Self.holdsTracker($0) }
        }
        return Self.trackers.contains { lower.contains($0.description) }
    }

    /// `Int(value.filter(\.isNumber))`: in ASCII the only numbers are the digits, each a Character of
    /// its own, so they are picked from the bytes; any other value goes through its Characters.
    static func digitsValue(_ value: String) -> Int? {
        guard value.utf8.allSatisfy({ $0 < 0x80 }) else { return Int(value.filter(\.isNumber)) }
        return Int(String(decoding: value.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self))
    }

    /// Whether one of `trackers` occurs in `bytes`, in one pass: at each byte only the trackers that
    /// begin with it are compared (fifteen searches of every image address before).
    static func holdsTracker(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let table = trackersByFirstByte
        for index in bytes.indices {
            for tracker in table[Int(bytes[index])] where UTF8Bytes.hasPrefix(bytes, tracker, at: index) { return true }
        }
        return false
    }

    static let trackersByFirstByte: [[StaticString]] = {
        var table = [[StaticString]](repeating: [], count: 256)
        for tracker in trackers { table[Int(tracker.utf8Start[0])].append(tracker) }
        return table
    }()

    static let trackers: [StaticString] = [
        "vgwort.de", "doubleclick.net", "feedsportal.com", "ivwbox.de", "ioam.de", "/pixel.gif", "/pixel.png",
        "/pixel?", "/track.gif", "/beacon.gif", "/beacon?", "feeds.feedburner.com/~r/", "feeds.feedburner.com/~ff/",
        "stats.wordpress.com", "spacer.gif",
    ]

    /// The attribute names the walk asks libxml2 for, as C strings made once (with `strdup`, not
    /// libxml2's allocator, whose blocks may come from a document's slab). A Swift literal handed to a
    /// C pointer parameter is copied into a new buffer at every call: a short String keeps its bytes
    /// inside the String value, which has no address.
    enum Name {
        nonisolated(unsafe) static let hidden = make("hidden"), style = make("style"), className = make("class"), id = make("id")
        nonisolated(unsafe) static let href = make("href"), alt = make("alt"), width = make("width"), height = make("height")
        nonisolated(unsafe) static let srcset = make("srcset"), dataSrcset = make("data-srcset")
        /// Lazy-loading attributes first (their `src` is often a placeholder), then `src`.
        nonisolated(unsafe) static let imageSources = ["data-src", "data-lazy-src", "data-original", "src"].map(make)

        static func make(_ name: String) -> UnsafePointer<xmlChar> {
            UnsafeRawPointer(strdup(name)!).assumingMemoryBound(to: xmlChar.self)
        }
    }

    /// Starts an element; false when its content is to be skipped.
    mutating func enter(_ node: xmlNodePtr) -> Bool {
        let kind = Self.kind(node)
        if kind == .skipped { return false }
        if kind != .root, isFurniture(node) { return false }
        switch kind {
        case .lineBreak:
            buffer.append(HTMLWalker.lineBreakByte)
            return false
        case .image:
            guard let src = resolve(imageSource(node)), !isTrackingPixel(node, src: src) else { return false }
            if figures.isEmpty {
                var alt = attribute(node, Name.alt).map(TextFolding.collapsingWhitespace)
                if alt?.isEmpty == true { alt = nil }
                body.parts.append(.image(ArticleImage(url: src, caption: alt)))
            } else if figures[figures.count - 1].url == nil {
                figures[figures.count - 1].url = src
            }
            return false
        case .heading:
            flush()
            captures.append(.heading)
        case .listItem:
            flush()
            captures.append(.listItem)
        case .list:
            if captures.last == .listItem {
                // A nested list: the text of the item that holds it is an item of its own, first.
                let item = takeBuffer()
                if !item.isEmpty, !lists.isEmpty { lists[lists.count - 1].append(item) }
            } else {
                flush()
            }
            lists.append([])
        case .quote:
            flush()
            quoteDepth += 1
        case .figure:
            flush()
            figures.append(ArticleImage())
        case .caption:
            // Text in the figure outside its caption (a viewer label) is not the caption.
            if figures.isEmpty { flush() } else { _ = takeBuffer() }
            captures.append(.caption)
        case .link:
            // Resolved when the link ends, and only if its text is a new link target.
            links.append((attribute(node, Name.href), []))
        case .cell:
            buffer.append(UInt8(ascii: " "))
        case .root, .block:
            flush()
        case .skipped, .other:
            break
        }
        return true
    }

    mutating func exit(_ node: xmlNodePtr) {
        switch Self.kind(node) {
        case .heading:
            let text = takeBuffer()
            captures.removeLast()
            if !text.isEmpty { emit(.heading(text)) }
        case .listItem:
            let text = takeBuffer()
            captures.removeLast()
            if !text.isEmpty {
                if lists.isEmpty { emit(.paragraph(text)) } else { lists[lists.count - 1].append(text) }
            }
        case .list:
            flush()
            let items = lists.removeLast()
            if !lists.isEmpty {
                lists[lists.count - 1].append(contentsOf: items)
            } else if !items.isEmpty {
                emit(.list(items))
            }
        case .quote:
            flush()
            quoteDepth -= 1
        case .caption:
            let text = takeBuffer()
            captures.removeLast()
            if !figures.isEmpty, !text.isEmpty {
                let (caption, credit) = HTMLBlockReader.splitCredit(text)
                figures[figures.count - 1].caption = caption
                figures[figures.count - 1].credit = credit
            }
        case .figure:
            let loose = takeBuffer()
            var figure = figures.removeLast()
            if figure.caption == nil, !loose.isEmpty {
                (figure.caption, figure.credit) = HTMLBlockReader.splitCredit(loose)
            }
            if figure.url != nil || figure.caption != nil || figure.credit != nil { body.parts.append(.image(figure)) }
        case .link:
            let link = links.removeLast()
            let text = Self.folded(link.text)
            if !text.isEmpty, body.linkTargets[text] == nil, let href = resolve(link.href) { body.linkTargets[text] = href }
        case .root, .block:
            flush()
        case .skipped, .lineBreak, .image, .cell, .other:
            break
        }
    }

    /// Appends a text node's content (libxml2's UTF-8, ended by a zero byte).
    mutating func appendText(_ content: UnsafePointer<xmlChar>) {
        let text = UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content)))
        buffer.append(contentsOf: text)
        for index in links.indices { links[index].text.append(contentsOf: text) }
    }

    /// The block's text, white space folded and each `lineBreak` a space. A `lineBreak` is a
    /// Character of its own whatever surrounds it (a control character breaks grapheme clusters on
    /// both sides), so replacing its byte is replacing the Character.
    mutating func takeBuffer() -> String {
        for index in buffer.indices where buffer[index] == Self.lineBreakByte { buffer[index] = UInt8(ascii: " ") }
        let text = Self.folded(buffer)
        buffer.removeAll(keepingCapacity: true)
        return text
    }

    /// `TextFolding.collapsingWhitespace(CheckedUTF8String.make(bytes))`, the String made once: of the
    /// folded bytes when they are valid UTF-8 (as libxml2's text is), the other way for any others.
    static func folded(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { TextFolding.collapsingWhitespace(utf8: $0) }
            ?? TextFolding.collapsingWhitespace(CheckedUTF8String.make(bytes))
    }

    /// Ends the paragraph being read, unless a heading, list item or caption owns the text: then the
    /// block boundary inside it is a space.
    mutating func flush() {
        if !captures.isEmpty || !figures.isEmpty {
            buffer.append(UInt8(ascii: " "))
            return
        }
        // Most flushes find white space alone (the space a block boundary left), or nothing.
        let visibleASCII = buffer.contains { $0 < 0x80 && $0 != 0x20 && !($0 >= 0x09 && $0 <= 0x0D) }
        if !visibleASCII, !buffer.contains(where: { $0 >= 0x80 }) {
            buffer.removeAll(keepingCapacity: true)
            return
        }
        // The common paragraph, with a visible byte and no `lineBreak`: `splitAtBlankLines` gives its
        // folded text as the one piece, which is made a String once, of the folded bytes.
        if visibleASCII, !buffer.withUnsafeBufferPointer({ memchr($0.baseAddress!, Int32(Self.lineBreakByte), $0.count) != nil }),
           let line = buffer.withUnsafeBufferPointer({ TextFolding.collapsingWhitespace(utf8: $0) }) {
            buffer.removeAll(keepingCapacity: true)
            if !line.isEmpty { emit(quoteDepth > 0 ? .quote(line) : .paragraph(line)) }
            return
        }
        let text = CheckedUTF8String.make(buffer)
        buffer.removeAll(keepingCapacity: true)
        guard visibleASCII || Self.hasVisibleText(text) else { return }
        for paragraph in Self.splitAtBlankLines(text) {
            emit(quoteDepth > 0 ? .quote(paragraph) : .paragraph(paragraph))
        }
    }

    /// Whether `text` has a Character that is not white space. Decided on the bytes when one is ASCII
    /// and not white space: such a byte begins a Character of its own, or continues one begun by a
    /// Prepend scalar, which is no white space either (no ASCII scalar extends a Character but LF
    /// after CR). The Characters are walked only for text of white space and non-ASCII alone.
    static func hasVisibleText(_ text: String) -> Bool {
        let visibleASCII = UTF8Bytes.with(text) { bytes in
            bytes.contains { $0 < 0x80 && $0 != 0x20 && !($0 >= 0x09 && $0 <= 0x0D) }
        }
        return visibleASCII || text.contains(where: { !$0.isWhitespace })
    }

    /// What a `br` leaves in the text: a character HTML text never carries (and that is no white space,
    /// so folding keeps it until the paragraph is split). Two in a row end a paragraph, as `<br><br>`
    /// does on screen; one is a space.
    static let lineBreak = "\u{1F}"
    static let lineBreakByte: UInt8 = 0x1F

    /// Whether `text` holds a `lineBreak`, searched in its bytes (the generic search through
    /// `String.UTF8View` costs more than folding the paragraph).
    static func hasLineBreak(_ text: String) -> Bool {
        UTF8Bytes.with(text) { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(lineBreakByte), bytes.count) != nil
        }
    }

    static func splitAtBlankLines(_ text: String) -> [String] {
        if !Self.hasLineBreak(text) {
            let line = TextFolding.collapsingWhitespace(text)
            return line.isEmpty ? [] : [line]
        }
        if let pieces = blankLinePieces(text) {
            return pieces.map(TextFolding.collapsingWhitespace).filter { !$0.isEmpty }
        }
        return text.split(separator: /\x{1F}[\s]*\x{1F}[\s\x{1F}]*/)
            .map { TextFolding.collapsingWhitespace($0.replacingOccurrences(of: lineBreak, with: " ")) }
            .filter { !$0.isEmpty }
    }

    /// The pieces `splitAtBlankLines`' pattern cuts `text` into, each `lineBreak` in them a space,
    /// found on the bytes; nil when a byte outside ASCII follows a `lineBreak` and the white space
    /// after it, where the pattern reads Characters (a no-break space is white space, a combining
    /// mark joins the space before it). A `lineBreak` (a control character) is always a Character
    /// of its own, and so is every other ASCII byte but CR before LF, both white space.
    static func blankLinePieces(_ text: String) -> [String]? {
        UTF8Bytes.with(text) { bytes -> [String]? in
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
            var pieces: [String] = []
            var piece: [UInt8] = []
            piece.reserveCapacity(bytes.count)
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                guard byte == 0x1F else {
                    piece.append(byte)
                    index += 1
                    continue
                }
                var cursor = index + 1
                while cursor < count, isSpace(bytes[cursor]) { cursor += 1 }
                if cursor < count, bytes[cursor] >= 0x80 { return nil }
                guard cursor < count, bytes[cursor] == 0x1F else {
                    piece.append(0x20)
                    index += 1
                    continue
                }
                // A blank line: the separator runs on over white space and line breaks.
                while cursor < count, isSpace(bytes[cursor]) || bytes[cursor] == 0x1F { cursor += 1 }
                if cursor < count, bytes[cursor] >= 0x80 { return nil }
                if !piece.isEmpty { pieces.append(CheckedUTF8String.make(piece)) }
                piece.removeAll(keepingCapacity: true)
                index = cursor
            }
            if !piece.isEmpty { pieces.append(CheckedUTF8String.make(piece)) }
            return pieces
        }
    }

    mutating func emit(_ block: ArticleBlock) {
        body.parts.append(.block(block))
    }
}
