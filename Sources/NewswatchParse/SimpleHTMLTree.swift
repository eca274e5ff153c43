import CLibXML2
import Foundation

/// The libxml2 tree of an item's HTML built without libxml2's HTML parser, for the markup nearly every
/// feed item carries: paragraphs, headings, lists, quotes, links, emphasis, images and figures, with
/// double- or single-quoted attributes, character references and the HTML entities.
///
/// The HTML parser reads every character through its input layer, which costs more than all the rest
/// of reading an item; for this markup the tree it builds is known from its rules (libxml2 2.9's
/// `htmlParseDocument`): `html` and `body` implied around the first content, a `p` implied around
/// text at the very start, the start tags that close an open `p` (or `a`, or `li`), white space kept
/// as text wherever it stands. Anything outside that (another element, a comment, a doctype, an unquoted or valueless
/// attribute, an entity libxml2 would read as text, an end tag that does not close the element
/// open, a control character, a carriage return) gives nil, and the page goes to the HTML parser as
/// before: so the tree is the parser's whenever one is returned (`SimpleHTMLTreeTests` compares them).
enum SimpleHTMLTree {
    /// The elements read here, with what libxml2's tables say of each.
    enum Tag: UInt8 {
        case p, a, b, i, u, s, em, strong, span, small, sub, sup, cite, q, code
        case h1, h2, h3, h4, h5, h6, ul, ol, li, blockquote, div, br, img, hr, figure, figcaption
        case html, body

        /// `br`, `img`, `hr`: empty in libxml2's element table, closed as soon as they start.
        var isEmpty: Bool { self == .br || self == .img || self == .hr }

        var isHeading: Bool { self.rawValue >= Tag.h1.rawValue && self.rawValue <= Tag.h6.rawValue }
        /// libxml2's FONTSTYLE among these (`tt`, `i`, `b`, `u`, `s`, `strike`, `big`, `small`).
        var isFontStyle: Bool { self == .i || self == .b || self == .u || self == .s || self == .small }

        var name: StaticString {
            switch self {
            case .p: "p"
            case .a: "a"
            case .b: "b"
            case .i: "i"
            case .u: "u"
            case .s: "s"
            case .em: "em"
            case .strong: "strong"
            case .span: "span"
            case .small: "small"
            case .sub: "sub"
            case .sup: "sup"
            case .cite: "cite"
            case .q: "q"
            case .code: "code"
            case .h1: "h1"
            case .h2: "h2"
            case .h3: "h3"
            case .h4: "h4"
            case .h5: "h5"
            case .h6: "h6"
            case .ul: "ul"
            case .ol: "ol"
            case .li: "li"
            case .blockquote: "blockquote"
            case .div: "div"
            case .br: "br"
            case .img: "img"
            case .hr: "hr"
            case .figure: "figure"
            case .figcaption: "figcaption"
            case .html: "html"
            case .body: "body"
            }
        }

        static let byName: [String: Tag] = {
            var tags: [String: Tag] = [:]
            var raw: UInt8 = 0
            while let tag = Tag(rawValue: raw) {
                if tag != .html, tag != .body {
                    tags[String(decoding: UnsafeBufferPointer(start: tag.name.utf8Start, count: tag.name.utf8CodeUnitCount), as: UTF8.self)] = tag
                }
                raw += 1
            }
            return tags
        }()
    }

    /// Whether a start tag `new` makes libxml2 close the open element `old` (`htmlAutoClose` with its
    /// `htmlStartClose` table, read for the elements here); nil for a pair left to the parser.
    static func closes(_ new: Tag, _ old: Tag) -> Bool? {
        switch old {
        case .p:
            switch new {
            case .p, .li, .hr, .h1, .h2, .h3, .h4, .h5, .h6, .blockquote, .ul, .ol, .div: return true
            default: return false
            }
        case .h1, .h2, .h3, .h4, .h5, .h6:
            if new.isHeading { return nil }
            return new == .li || new == .p
        case .a: return new == .a
        case .li: return new == .li
        case .ul: return new == .ol
        case .ol: return new == .ul
        case .b, .i, .u, .s, .small: return new == .p
        default: return false
        }
    }

    /// An open element: its tag and its node.
    private struct Open {
        var tag: Tag
        var node: xmlNodePtr
    }

    /// Deeper than this is left to the parser.
    static let maximumDepth = 200

    /// The document libxml2's HTML parser would make of `bytes` (UTF-8), or nil when the markup is
    /// not of the kind read here. The caller frees it with `xmlFreeDoc`.
    static func document(_ bytes: UnsafeBufferPointer<UInt8>) -> htmlDocPtr? {
        guard let base = bytes.baseAddress, let document = htmlNewDocNoDtD(nil, nil) else { return nil }
        var builder = Builder(bytes: bytes, base: base, document: document)
        if builder.build() { return document }
        xmlFreeDoc(document)
        return nil
    }

    private struct Builder {
        let bytes: UnsafeBufferPointer<UInt8>
        let base: UnsafePointer<UInt8>
        let document: htmlDocPtr
        var open: [Open] = []
        /// Text read since the last element started or ended, for the element open.
        var pending: [UInt8] = []
        /// A name or attribute value with its zero byte, for libxml2.
        var scratch: [UInt8] = []
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>, document: htmlDocPtr) {
            self.bytes = bytes
            self.base = base
            self.document = document
            open.reserveCapacity(16)
            pending.reserveCapacity(256)
        }

        /// Whether one of the eight bytes in `word` is `<`, `&`, below 0x20 or 0xEF (the bit tricks
        /// for a zero byte and a byte less than a value, which are exact for whether there is one).
        @inline(__always)
        static func mayNeedALook(_ word: UInt64) -> Bool {
            let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
            func hasZero(_ value: UInt64) -> Bool { (value &- ones) & ~value & high != 0 }
            let control = (word &- ones &* 0x20) & ~word & high != 0
            return control || hasZero(word ^ (ones &* 0x3C)) || hasZero(word ^ (ones &* 0x26)) || hasZero(word ^ (ones &* 0xEF))
        }

        static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A }
        static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
        static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

        mutating func build() -> Bool {
            let count = bytes.count
            // `htmlParseDocument` skips blanks (and a carriage return, refused here) first.
            while index < count, Self.isBlank(bytes[index]) { index += 1 }
            while index < count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "<") {
                    guard index + 1 < count else { return false }
                    let next = bytes[index + 1]
                    if Self.isLower(next) {
                        guard startTag() else { return false }
                    } else if next == UInt8(ascii: "/") {
                        guard endTag() else { return false }
                    } else {
                        return false
                    }
                } else if byte == UInt8(ascii: "&") {
                    guard reference() else { return false }
                } else {
                    guard text() else { return false }
                }
            }
            flush()
            return !open.isEmpty
        }

        // MARK: Text

        /// A run of text up to the next `<` or `&`.
        mutating func text() -> Bool {
            let start = index
            let count = bytes.count
            let raw = UnsafeRawPointer(base)
            while index < count {
                // Eight bytes at a time while none of them needs a look: no `<`, `&`, control
                // character or 0xEF among them.
                while index + 8 <= count, !Self.mayNeedALook(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                    index += 8
                }
                guard index < count else { break }
                let byte = bytes[index]
                if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") { break }
                if byte < 0x20 {
                    // Tab and line feed are text; a carriage return or another control character
                    // is left to the parser.
                    guard byte == 0x09 || byte == 0x0A else { return false }
                } else if byte >= 0x80 {
                    // U+FFFE and U+FFFF are no XML characters: the parser drops them.
                    if byte == 0xEF, index + 2 < count, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE { return false }
                }
                index += 1
            }
            // White space is kept wherever it stands: libxml2 hands the runs `areBlanks` calls
            // ignorable to the tree builder as text all the same (only `htmlCheckParagraph` is
            // skipped for them, which implies nothing once `body` is open).
            addText(UnsafeBufferPointer(start: base + start, count: index - start))
            return true
        }

        /// Text for the open element; at the very start, `html`, `body` and `p` are implied around it
        /// (`htmlCheckParagraph`).
        mutating func addText(_ text: UnsafeBufferPointer<UInt8>) {
            if open.isEmpty {
                impliedRoot()
                push(.p)
            }
            pending.append(contentsOf: text)
        }

        mutating func flush() {
            guard !pending.isEmpty, let current = open.last else { return }
            let node = pending.withUnsafeBufferPointer { xmlNewDocTextLen(document, $0.baseAddress, Int32($0.count)) }
            if let node { xmlAddChild(current.node, node) }
            pending.removeAll(keepingCapacity: true)
        }

        /// `&#…;`, `&name;` for an HTML entity, or a `&` that starts no name (then it is text).
        mutating func reference() -> Bool {
            let count = bytes.count
            let next = index + 1 < count ? bytes[index + 1] : 0
            if next == UInt8(ascii: "#") {
                var cursor = index + 2
                let hex = cursor < count && (bytes[cursor] == UInt8(ascii: "x") || bytes[cursor] == UInt8(ascii: "X"))
                if hex { cursor += 1 }
                let digits = cursor
                var value: UInt32 = 0
                while cursor < count, cursor - digits < 8 {
                    let byte = bytes[cursor]
                    if Self.isDigit(byte) {
                        value = value * (hex ? 16 : 10) + UInt32(byte - 0x30)
                    } else if hex, (byte | 0x20) >= 0x61, (byte | 0x20) <= 0x66 {
                        value = value * 16 + UInt32((byte | 0x20) - 0x61 + 10)
                    } else {
                        break
                    }
                    cursor += 1
                }
                guard cursor > digits, cursor < count, bytes[cursor] == UInt8(ascii: ";"),
                      value == 0x09 || value == 0x0A || (value >= 0x20 && value <= 0xD7FF)
                        || (value >= 0xE000 && value <= 0xFFFD) || (value >= 0x10000 && value <= 0x10FFFF),
                      let scalar = Unicode.Scalar(value)
                else { return false }
                index = cursor + 1
                addScalar(scalar)
                return true
            }
            let isNameStart = (next | 0x20) >= 0x61 && (next | 0x20) <= 0x7A
            if !isNameStart {
                // `htmlParseEntityRef` finds no name: the `&` is text. A byte that may start a name
                // (`_`, `:`, a letter outside ASCII) is left to the parser.
                guard next < 0x80, next != UInt8(ascii: "_"), next != UInt8(ascii: ":") else { return false }
                index += 1
                addText(UnsafeBufferPointer(start: base + index - 1, count: 1))
                return true
            }
            var cursor = index + 1
            while cursor < count, cursor - index <= 32,
                  (bytes[cursor] | 0x20) >= 0x61 && (bytes[cursor] | 0x20) <= 0x7A || Self.isDigit(bytes[cursor]) {
                cursor += 1
            }
            guard cursor < count, bytes[cursor] == UInt8(ascii: ";") else { return false }
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: UnsafeBufferPointer(start: base + index + 1, count: cursor - index - 1))
            scratch.append(0)
            guard let entity = scratch.withUnsafeBufferPointer({ htmlEntityLookup($0.baseAddress) }),
                  entity.pointee.value > 0, let scalar = Unicode.Scalar(entity.pointee.value)
            else { return false }
            index = cursor + 1
            addScalar(scalar)
            return true
        }

        mutating func addScalar(_ scalar: Unicode.Scalar) {
            var utf8: [UInt8] = []
            utf8.reserveCapacity(4)
            UTF8.encode(scalar) { utf8.append($0) }
            utf8.withUnsafeBufferPointer { addText($0) }
        }

        // MARK: Elements

        /// `html` and `body`, implied by the first content (`htmlCheckImplied`).
        mutating func impliedRoot() {
            guard open.isEmpty else { return }
            let html = newNode(.html)
            xmlDocSetRootElement(document, html)
            open.append(Open(tag: .html, node: html))
            let body = newNode(.body)
            xmlAddChild(html, body)
            open.append(Open(tag: .body, node: body))
        }

        func newNode(_ tag: Tag) -> xmlNodePtr {
            let name = tag.name
            return name.utf8Start.withMemoryRebound(to: xmlChar.self, capacity: name.utf8CodeUnitCount + 1) {
                xmlNewDocNode(document, nil, $0, nil)
            }
        }

        /// A new element under the open one, opened.
        @discardableResult
        mutating func push(_ tag: Tag) -> xmlNodePtr {
            let node = newNode(tag)
            xmlAddChild(open[open.count - 1].node, node)
            open.append(Open(tag: tag, node: node))
            return node
        }

        /// `<name attributes…>` or `<name attributes…/>`.
        mutating func startTag() -> Bool {
            let count = bytes.count
            var cursor = index + 1
            while cursor < count, Self.isLower(bytes[cursor]) || Self.isDigit(bytes[cursor]) { cursor += 1 }
            guard cursor < count,
                  Self.isBlank(bytes[cursor]) || bytes[cursor] == UInt8(ascii: ">") || bytes[cursor] == UInt8(ascii: "/"),
                  let tag = Tag.byName[String(decoding: UnsafeBufferPointer(start: base + index + 1, count: cursor - index - 1), as: UTF8.self)]
            else { return false }
            flush()
            // `htmlAutoClose`, then `htmlCheckImplied`.
            while let current = open.last {
                guard let closing = SimpleHTMLTree.closes(tag, current.tag) else { return false }
                guard closing else { break }
                open.removeLast()
            }
            impliedRoot()
            guard open.count < SimpleHTMLTree.maximumDepth else { return false }
            let node = push(tag)
            var names: [String] = []
            while true {
                while cursor < count, Self.isBlank(bytes[cursor]) { cursor += 1 }
                guard cursor < count else { return false }
                if bytes[cursor] == UInt8(ascii: ">") { cursor += 1; break }
                if bytes[cursor] == UInt8(ascii: "/") {
                    guard cursor + 1 < count, bytes[cursor + 1] == UInt8(ascii: ">") else { return false }
                    cursor += 2
                    open.removeLast()
                    index = cursor
                    return true
                }
                // An attribute: a lower-case name, `=`, a quoted value without references.
                let nameStart = cursor
                guard Self.isLower(bytes[cursor]) else { return false }
                while cursor < count, Self.isLower(bytes[cursor]) || Self.isDigit(bytes[cursor]) || bytes[cursor] == UInt8(ascii: "-") {
                    cursor += 1
                }
                let nameEnd = cursor
                while cursor < count, Self.isBlank(bytes[cursor]) { cursor += 1 }
                guard cursor < count, bytes[cursor] == UInt8(ascii: "=") else { return false }
                cursor += 1
                while cursor < count, Self.isBlank(bytes[cursor]) { cursor += 1 }
                guard cursor < count, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") else { return false }
                let quote = bytes[cursor]
                cursor += 1
                let valueStart = cursor
                while cursor < count, bytes[cursor] != quote {
                    let byte = bytes[cursor]
                    guard byte >= 0x20, byte != UInt8(ascii: "&"), byte != UInt8(ascii: "<") else { return false }
                    cursor += 1
                }
                guard cursor < count else { return false }
                let valueEnd = cursor
                cursor += 1
                let name = String(decoding: UnsafeBufferPointer(start: base + nameStart, count: nameEnd - nameStart), as: UTF8.self)
                // A repeated attribute is an error the parser reports and resolves: left to it.
                guard !names.contains(name) else { return false }
                names.append(name)
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + valueStart, count: valueEnd - valueStart))
                scratch.append(0)
                scratch.withUnsafeBufferPointer { value in
                    _ = name.withCString { attribute in
                        attribute.withMemoryRebound(to: xmlChar.self, capacity: name.utf8.count + 1) {
                            xmlNewProp(node, $0, value.baseAddress)
                        }
                    }
                }
            }
            if tag.isEmpty { open.removeLast() }
            index = cursor
            return true
        }

        /// `</name>` closing the element open.
        mutating func endTag() -> Bool {
            let count = bytes.count
            var cursor = index + 2
            let nameStart = cursor
            while cursor < count, Self.isLower(bytes[cursor]) || Self.isDigit(bytes[cursor]) { cursor += 1 }
            let nameEnd = cursor
            while cursor < count, Self.isBlank(bytes[cursor]) { cursor += 1 }
            guard cursor < count, bytes[cursor] == UInt8(ascii: ">"), nameEnd > nameStart,
                  let tag = Tag.byName[String(decoding: UnsafeBufferPointer(start: base + nameStart, count: nameEnd - nameStart), as: UTF8.self)],
                  let current = open.last, current.tag == tag, !tag.isEmpty
            else { return false }
            flush()
            open.removeLast()
            index = cursor + 1
            return true
        }
    }
}
