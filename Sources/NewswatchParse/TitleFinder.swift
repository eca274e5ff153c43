import CLibXML2
import Foundation
import NewswatchNormalize

/// The article's title and the element that shows it.
///
/// The title as the page states it (JSON-LD `headline`, `og:title`, `<title>` with the site's name cut
/// off) is matched against the page's `h1` elements, then against any element whose whole text it
/// is; matching ignores case, punctuation and spacing, so `<h1><span>Kicker</span> Headline</h1>`
/// finds `Kicker: Headline`. The stated title wins over the element's text (it keeps the `: ` of
/// the kicker); without a match the first `h1` is the title's element.
struct TitleFinder {
    let tree: PageTree
    let metadata: PageMetadata

    struct Found {
        var text: String?
        var element: xmlNodePtr?
    }

    static let separators = [" | ", " – ", " — ", " - ", " · ", " :: ", " » "]

    /// The stated titles, each with and without a site name before or after a separator.
    var candidates: [String] {
        var result: [String] = []
        func add(_ text: String?) {
            guard let text = text.map(TextFolding.collapsingWhitespace), !text.isEmpty, !result.contains(text) else { return }
            result.append(text)
        }
        func addPart(_ text: String) {
            if text.split(separator: " ").count >= 3 { add(text) }
        }
        for stated in [metadata.headline, metadata.documentTitle] {
            guard let stated else { continue }
            add(stated)
            // The part beside the separator that is a site's name (`Stadtanzeiger`) is no title: a
            // part counts only with three words or more.
            for separator in Self.separators {
                if let (last, first) = Self.occurrences(of: separator, in: stated) {
                    if let last { addPart(String(stated[..<last.lowerBound])) }
                    if let first { addPart(String(stated[first.upperBound...])) }
                } else if Self.mayHold(separator, in: stated) {
                    if let last = stated.range(of: separator, options: .backwards) { addPart(String(stated[..<last.lowerBound])) }
                    if let first = stated.range(of: separator) { addPart(String(stated[first.upperBound...])) }
                }
            }
        }
        return result
    }

    /// The last and the first occurrence of `separator` in `text`, found on the bytes, for a text whose
    /// scalars all lie below U+0300 or in `isPlainScalar`'s ranges: there no scalar joins another into
    /// one character or is canonically equivalent to a separator's (as U+0387 is to `·`), so
    /// Foundation's search (which matches whole characters, up to canonical equivalence) finds what
    /// the bytes show. Nil for any other text, which Foundation searches. Non-Latin titles took
    /// Foundation's search, 48,000 instructions a call.
    static func occurrences(of separator: String, in text: String) -> (last: Range<String.Index>?, first: Range<String.Index>?)? {
        let starts: [Int]? = UTF8Bytes.with(text) { bytes in
            // 0xCC is the lead byte of U+0300…U+033F, anything from 0xCD on lies above.
            if bytes.contains(where: { $0 >= 0xCC }), !text.unicodeScalars.allSatisfy({ $0.value < 0x300 || isPlainScalar($0.value) }) {
                return nil
            }
            return UTF8Bytes.with(separator) { needle in
                guard !needle.isEmpty, bytes.count >= needle.count else { return [] }
                return (0...(bytes.count - needle.count)).filter { start in
                    bytes[start] == needle[0] && (1..<needle.count).allSatisfy { bytes[start + $0] == needle[$0] }
                }
            }
        }
        guard let starts else { return nil }
        func range(at offset: Int) -> Range<String.Index> {
            let start = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
            return start..<text.utf8.index(start, offsetBy: separator.utf8.count)
        }
        return (starts.last.map(range), starts.first.map(range))
    }

    /// False when Foundation's search cannot find `separator` in `text`: a match holds the separator's
    /// mark (the bytes between its spaces) or a character canonically equivalent to it, and of the
    /// separators' marks only `·` has one (U+0387). Foundation's search took 40,000 instructions a call,
    /// 14 calls for each title in Thai, Burmese or Japanese.
    static func mayHold(_ separator: String, in text: String) -> Bool {
        let mark = Array(separator.utf8.dropFirst().dropLast())
        return UTF8Bytes.with(text) { bytes in
            mark.withUnsafeBufferPointer { ByteNeedle.firstIndex(of: $0, in: bytes, from: 0, caseInsensitive: false) } != nil
                || (separator == " · " && UTF8Bytes.contains(bytes, "\u{0387}"))
        }
    }

    /// Letters and punctuation of the scripts of most non-Latin titles that neither combine, join nor
    /// prepend, and are no separator's character written otherwise: Greek and Cyrillic letters, Arabic letters, general
    /// punctuation (dashes, quotes, bullets), kana, CJK punctuation and ideographs, Hangul syllables
    /// (they join only conjoining jamo, which are not here), full-width forms.
    static func isPlainScalar(_ value: UInt32) -> Bool {
        switch value {
        case 0x0388...0x03CE, 0x0400...0x0482, 0x048A...0x04FF, 0x0621...0x063A, 0x0641...0x064A, 0x2010...0x2027,
             0x2030...0x203E, 0x3001...0x3029, 0x3041...0x3096, 0x30A1...0x30FA, 0x4E00...0x9FFF, 0xAC00...0xD7A3,
             0xFF01...0xFF60:
            return true
        default:
            return false
        }
    }

    /// Letters and digits only, lower-case: what two spellings of one title share.
    ///
    /// `lowercased()` maps each scalar to its `lowercaseMapping` (no scalar's mapping depends on its
    /// neighbours there), so the key is built a scalar at a time into bytes: a scalar that does not
    /// change when lower-cased is its own mapping. `lowercased()` of the whole text and a
    /// `UnicodeScalarView` appended a scalar at a time cost 146,000 instructions a title in Chinese.
    static func key(_ text: String) -> String {
        var kept: [UInt8] = []
        kept.reserveCapacity(text.utf8.count)
        func keepLowered(_ scalar: Unicode.Scalar) {
            let value = scalar.value
            if value < 0x80 {
                if (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39) { kept.append(UInt8(value)) }
            } else if isAlphanumeric(scalar) {
                kept.append(contentsOf: UTF8.encode(scalar)!)
            }
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                // ASCII letters and digits are the ASCII of `alphanumerics`.
                let lower = value >= 0x41 && value <= 0x5A ? value | 0x20 : value
                if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) { kept.append(UInt8(lower)) }
            } else if !scalar.properties.changesWhenLowercased {
                keepLowered(scalar)
            } else {
                for mapped in scalar.properties.lowercaseMapping.unicodeScalars { keepLowered(mapped) }
            }
        }
        return String(decoding: kept, as: UTF8.self)
    }

    /// Whether `alphanumerics` holds `scalar`, without asking Foundation (120 instructions a scalar)
    /// where `isSurelyAlphanumeric` knows.
    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        isSurelyAlphanumeric(scalar.value) || alphanumerics.contains(scalar)
    }

    /// Letters and digits of the scripts of most non-Latin titles: CJK ideographs, Hangul syllables,
    /// kana, Thai, Arabic, lower-case Cyrillic and Greek. Every scalar of these ranges is in
    /// `alphanumerics` (the tests check each one).
    static func isSurelyAlphanumeric(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FEF, 0xAC00...0xD7A3, 0x3041...0x3096, 0x30A1...0x30FA, 0x0E01...0x0E3A, 0x0E40...0x0E4E, 0x0E50...0x0E59,
             0x0620...0x0669, 0x0430...0x045F, 0x03AC...0x03CE:
            return true
        default:
            return false
        }
    }

    static let alphanumerics = CharacterSet.alphanumerics

    /// `key(tree.text(node))`, nil when it has fewer than 12 characters. An ASCII text's key is read
    /// off libxml2's text nodes, without a copy: folding white space changes no letter or digit, and
    /// lower-casing ASCII is lower-casing each byte. Every element of title length comes here; most
    /// are not the title.
    /// `last`: the text and key of the element read before (an element's only child often has the
    /// same text: `<h2><a>…</a></h2>`), reused when the text is the same.
    func elementKey(_ node: xmlNodePtr, last: inout (text: String, key: String)?) -> String? {
        var kept: [UInt8] = []
        let isASCII = tree.visitASCIIText(of: node) { byte in
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) { kept.append(lower) }
        }
        if isASCII { return kept.count >= 12 ? String(decoding: kept, as: UTF8.self) : nil }
        let text = tree.text(node)
        let key: String
        if let last, last.text.utf8.elementsEqual(text.utf8) {
            key = last.key
        } else {
            key = Self.key(text)
            last = (text, key)
        }
        return key.count >= 12 ? key : nil
    }

    func find() -> Found {
        let stated = candidates
        let keys = stated.map(Self.key)
        var firstHeading: xmlNodePtr?
        for (number, node) in tree.elements.enumerated() where tree.tags[number] == .h1 {
            let text = tree.text(node)
            guard !text.isEmpty else { continue }
            // A site's logo is often an h1 too: a link, or a word or two.
            if firstHeading == nil, !UTF8Bytes.hasAtMost(9, charactersIn: text), tree.stats(node).linkDensity < 0.5 { firstHeading = node }
            if let match = keys.firstIndex(of: Self.key(text)) { return Found(text: stated[match], element: node) }
        }
        // No h1 with the title: any element whose whole text is one of the stated titles.
        var last: (text: String, key: String)?
        for (number, node) in tree.elements.enumerated() {
            let stats = tree.stats[number]
            guard stats.textLength >= 10, stats.textLength <= 400, stats.linkDensity < 0.5 else { continue }
            let tag = tree.tags[number]
            guard tag != .title, tag != .html, tag != .body else { continue }
            guard let key = elementKey(node, last: &last), key.count >= 12 else { continue }
            if let match = keys.firstIndex(of: key) {
                return Found(text: stated[match], element: node)
            }
        }
        if let firstHeading {
            // The page shows its headline in the h1; a stated title that matches nothing on the page
            // is an SEO title. A short h1 ("Politik") may be a label, though: then the stated one.
            let shown = tree.text(firstHeading)
            let title = shown.split(separator: " ").count >= 3 ? shown : metadata.headline ?? shown
            return Found(text: title, element: firstHeading)
        }
        return Found(text: stated.first, element: nil)
    }
}
