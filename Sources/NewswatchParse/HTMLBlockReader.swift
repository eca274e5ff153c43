import CLibXML2
import Foundation
import NewswatchNormalize

/// Turns article HTML (a feed's `content:encoded`, an Atom `html`/`xhtml` content, JSON Feed
/// `content_html`, later a whole article page) into the model's blocks with libxml2's HTML parser:
/// `p` → paragraph, `h1`–`h6` → heading, `ul`/`ol` → list, `blockquote` → quote, `figure` with
/// `img` and `figcaption` → photo, its `Bild:`/`Foto:` credit split off. Scripts, styles, frames,
/// forms, share bars and tracking pixels are dropped; entities are decoded by the parser.
///
/// The tree is walked through its parent/sibling links, never by recursion, so deeply nested input
/// cannot overflow the stack.
public struct HTMLBlockReader: Sendable {
    /// Relative `href` and `src` are resolved against this.
    public var baseURL: URL?

    public init(baseURL: URL? = nil) {
        self.baseURL = baseURL
    }

    public func read(_ html: String) -> HTMLBody {
        // Text without markup needs no parser.
        if !MarkupSniff.mayHoldMarkup(html) {
            var body = HTMLBody()
            for paragraph in Self.paragraphs(html) { body.parts.append(.block(.paragraph(paragraph))) }
            return body
        }
        // The fragment's document is built and freed inside: its nodes come from one slab. The
        // String's own bytes go to libxml2.
        return XMLDocumentArena.reading { UTF8Bytes.with(html) { readMarkup($0) } }
    }

    /// `read(String(decoding: html, as: UTF8.self))`, for HTML that libxml2 holds as bytes (a feed
    /// item's `description` or `content:encoded`): valid UTF-8 that may hold markup goes to the HTML
    /// parser as it is, without being made a String first (whose check of every byte cost more than
    /// the rest of reading the item's fields). Other bytes take the String's way.
    func read(utf8 html: UnsafeBufferPointer<UInt8>) -> HTMLBody {
        guard UTF8Validity.isValid(html), MarkupSniff.mayHoldMarkup(utf8: html) == true else {
            // The same String, made without the standard library's check of every scalar.
            return read(CheckedUTF8String.make(html))
        }
        return XMLDocumentArena.reading { readMarkup(html) }
    }

    /// The blocks of the HTML in `html`: valid UTF-8, not empty.
    private func readMarkup(_ html: UnsafeBufferPointer<UInt8>) -> HTMLBody {
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_COMPACT.rawValue)
        // libxml2's HTML parser slows down with the square of the nesting depth; no article nests
        // a thousand elements deep, a hostile document does.
        if Self.nestingDepth(html, stoppingAt: Self.maximumNesting) >= Self.maximumNesting { return HTMLBody() }
        let document = html.baseAddress!.withMemoryRebound(to: CChar.self, capacity: html.count) {
            htmlReadMemory($0, Int32(html.count), nil, "UTF-8", options)
        }
        guard let document else { return HTMLBody() }
        // Freeing a document the scope's slab holds whole only walks its nodes (a block of the slab is
        // freed with the slab): 0.5% of a feed's instructions. One with a block from malloc is freed.
        defer { if !XMLDocumentArena.holdsEverything(since: document) { xmlFreeDoc(document) } }
        guard let root = xmlDocGetRootElement(document) else { return HTMLBody() }
        return read(children: root)
    }

    /// The text of an HTML fragment, as one line.
    public func text(_ html: String) -> String {
        if !MarkupSniff.mayHoldMarkup(html) || Self.isLiteralText(html) { return TextFolding.collapsingWhitespace(html) }
        return read(html).text
    }

    /// Whether libxml2's HTML parser reads `html` as the text it is: no `<`, every `&` followed by a
    /// space (so no entity: the parser finds no name after it and keeps the `&`), and every byte one
    /// the parser keeps (no control character but tab, line feed and carriage return, no DEL, no
    /// U+FFFE or U+FFFF, which it drops). Then its blocks are the one paragraph of that text, and
    /// their `text` is the text folded. A title like `Wirtschaft & Politik` (after the feed's `&amp;`)
    /// was parsed as HTML, a document set up and freed for a few words.
    static func isLiteralText(_ html: String) -> Bool {
        UTF8Bytes.with(html) { bytes in
            let count = bytes.count
            var ampersands = 0
            for index in 0..<count {
                let byte = bytes[index]
                if byte < 0x20 {
                    guard byte == 0x09 || byte == 0x0A || byte == 0x0D else { return false }
                } else if byte == UInt8(ascii: "<") || byte == 0x7F {
                    return false
                } else if byte == UInt8(ascii: "&") {
                    guard index + 1 < count, bytes[index + 1] == 0x20 else { return false }
                    ampersands += 1
                } else if byte == 0xEF, index + 2 < count, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE {
                    return false
                }
            }
            return ampersands > 0
        }
    }

    /// Blocks of the children of `container` (an HTML document's root, or an Atom `xhtml` content).
    func read(children container: xmlNodePtr) -> HTMLBody {
        var walker = HTMLWalker(baseURL: baseURL)
        walker.walk(container)
        return walker.finish()
    }

    static let maximumNesting = 1000

    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]

    /// How deep the markup nests, counted crudely from start and end tags (void and self-closing
    /// elements aside), up to `limit`. Every page passes through here whole.
    static func nestingDepth(_ bytes: [UInt8], stoppingAt limit: Int) -> Int {
        bytes.withUnsafeBufferPointer { nestingDepth($0, stoppingAt: limit) }
    }

    /// `nestingDepth` of the bytes in `bytes`; the next `<` is found with `memchr`, as the text between
    /// tags (most of an article's bytes) holds nothing else to look at.
    static func nestingDepth(_ bytes: UnsafeBufferPointer<UInt8>, stoppingAt limit: Int) -> Int {
        var depth = 0
        var deepest = 0
        var index = 0
        let count = bytes.count
        guard let base = bytes.baseAddress else { return 0 }
        while index < count {
            guard let found = memchr(base + index, Int32(UInt8(ascii: "<")), count - index) else { break }
            index = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            guard index + 1 < count else { index += 1; continue }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "/") {
                depth = max(0, depth - 1)
                index += 2
                continue
            }
            guard (next | 0x20) >= UInt8(ascii: "a"), (next | 0x20) <= UInt8(ascii: "z") else { index += 1; continue }
            // The tag ends at the first `>` after its `<` (found by `memchr`: a tag's attributes are
            // most of its bytes); its name, at the first blank or `/` before that.
            let close = memchr(base + index + 1, Int32(UInt8(ascii: ">")), count - index - 1)
            let end = close.map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) } ?? count
            var nameEnd = index + 1
            while nameEnd < end, bytes[nameEnd] != UInt8(ascii: " "), bytes[nameEnd] != UInt8(ascii: "/") { nameEnd += 1 }
            let isVoid = isVoidElement(UnsafeBufferPointer(rebasing: bytes[(index + 1)..<nameEnd]))
            let selfClosing = end > 0 && end < count && bytes[end - 1] == UInt8(ascii: "/")
            if !selfClosing, !isVoid {
                depth += 1
                if depth > deepest {
                    deepest = depth
                    if deepest >= limit { return deepest }
                }
            }
            index = end + 1
        }
        return deepest
    }

    /// Whether a tag name is one of `voidElements`, case aside. Every tag of every item's HTML is
    /// asked: an ASCII name is compared by its bytes, packed into a word; only a name with a byte
    /// outside ASCII (which `lowercased()` could map into ASCII, as the Kelvin sign to `k`) is made a
    /// String.
    static func isVoidElement(_ name: ArraySlice<UInt8>) -> Bool {
        name.withUnsafeBufferPointer { isVoidElement($0) }
    }

    static func isVoidElement(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        var packed: UInt64 = 0
        for byte in name {
            if byte >= 0x80 { return voidElements.contains(String(decoding: name, as: UTF8.self).lowercased()) }
            if name.count > 8 { continue }
            packed = packed << 8 | UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        return name.count <= 8 && packedVoidElements.contains(packed)
    }

    static let packedVoidElements: Set<UInt64> = Set(voidElements.map { name in
        name.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    })

    /// Paragraphs of plain text: blank lines separate them.
    static func paragraphs(_ text: String) -> [String] {
        if let pieces = blankLinePieces(text) {
            return pieces.map(TextFolding.collapsingWhitespace).filter { !$0.isEmpty }
        }
        return text.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: /\n[ \t\u{00A0}]*\n/)
            .map { TextFolding.collapsingWhitespace(String($0)) }
            .filter { !$0.isEmpty }
    }

    /// The pieces of `text` between blank lines (`\n`, then spaces, tabs or no-break spaces, then
    /// `\n`), found on the bytes; nil for text with a carriage return, which `paragraphs` leaves to
    /// Foundation and the pattern (a `\r\n` is one `Character`, and the pattern reads characters).
    /// Without `\r`, every `\n` is a character of its own and so are the space, the tab and the
    /// no-break space it looks for, so the bytes give the pattern's pieces.
    static func blankLinePieces(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            if bytes.contains(UInt8(ascii: "\r")) { return nil }
            var pieces: [String] = []
            var start = 0
            var index = 0
            let count = bytes.count
            while index < count {
                guard bytes[index] == UInt8(ascii: "\n") else { index += 1; continue }
                var end = index + 1
                while end < count {
                    if bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t") { end += 1; continue }
                    if bytes[end] == 0xC2, end + 1 < count, bytes[end + 1] == 0xA0 { end += 2; continue }
                    break
                }
                guard end < count, bytes[end] == UInt8(ascii: "\n") else { index += 1; continue }
                pieces.append(CheckedUTF8String.make(UnsafeBufferPointer(rebasing: bytes[start..<index])))
                start = end + 1
                index = start
            }
            pieces.append(CheckedUTF8String.make(UnsafeBufferPointer(rebasing: bytes[start..<count])))
            return pieces
        }
    }

    /// `CAPTION Bild: CREDIT` (also `Foto:`, `Fotos:`, `Photo:`, `Image:`, `Credit:`, `Quelle:`, `©`).
    static func splitCredit(_ text: String) -> (caption: String?, credit: String?) {
        var line = TextFolding.collapsingWhitespace(text)
        // Each pattern is tried only on a line with the literal it cannot match without: nearly
        // every line of a page has neither `(Foto)` nor a colon or `©`.
        let (photoViewer, creditMark) = UTF8Bytes.with(line) { bytes in
            (UTF8Bytes.contains(bytes, "(Foto)"), bytes.contains(UInt8(ascii: ":")) || UTF8Bytes.contains(bytes, "©"))
        }
        if photoViewer, let match = line.wholeMatch(of: photoViewerCaption) { line = String(match.1) }
        if creditMark, let found = CreditLine.match(line) {
            // The pattern's match found on the bytes (see `CreditLine`).
            guard case .parts(let caption, let credit) = found else { return (line.isEmpty ? nil : line, nil) }
            let captionText = (caption ?? "").trimmingSpaces(), creditText = credit.trimmingSpaces()
            return (captionText.isEmpty ? nil : captionText, creditText.isEmpty ? nil : creditText)
        }
        if creditMark, let match = line.wholeMatch(of: creditLine) {
            let caption = (match.1.map(String.init) ?? "").trimmingSpaces()
            let credit = String(match.2).trimmingSpaces()
            return (caption.isEmpty ? nil : caption, credit.isEmpty ? nil : credit)
        }
        return (line.isEmpty ? nil : line, nil)
    }

    /// A caption that ends in a photo viewer's `(Foto) Suche` label.
    nonisolated(unsafe) static let photoViewerCaption = /(.*?)\s*\(Foto\)\s*Suche/
    /// `CAPTION Bild: CREDIT`, `CAPTION © CREDIT`.
    nonisolated(unsafe) static let creditLine = /(?:(.*?)\s+)??(?:(?:Bild|Foto|Fotos|Photo|Image|Credit|Bildquelle|Quelle)\s*:|©)\s*(.+)/
}
