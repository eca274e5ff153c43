import CLibXML2
import Foundation
import NewswatchNormalize

/// The bodies of a page's `script` and `style` elements, set aside before libxml2 parses the page:
/// they are most of a news page's bytes (inline scripts, styles, ad code), libxml2 reads them
/// character by character, and the extractor reads none of them but JSON-LD (which stays in place).
///
/// Each body is replaced by a marker (U+E000, its number, U+E000). libxml2 reads a script's body as
/// raw text up to the first `</` and the element's name, whatever it holds; the parser is the same
/// on the same bytes before a body, and a body (raw text) changes nothing of its state but the text
/// node it makes. So when, after the parse, every marker is the whole text of a `script` or `style`
/// element of the expected name, in order, the tree is the one the page gives except for those text
/// nodes; otherwise (the scan here saw a tag differently from libxml2) the page is parsed whole.
/// A body's text is put back (`PageTree.restoreBodies`) before anything reads the text of an element
/// that holds it, read from the original bytes by libxml2 in the same way.
struct ScriptBodies {
    struct Body {
        /// `script` or `style`.
        var name: String
        /// Where the body lies in the page's bytes.
        var range: Range<Int>

        /// Bytes of printable ASCII other than the space in the body of `page`: libxml2 keeps each of
        /// them. Counted when asked (rarely), not during the scan: the bodies are most of a page.
        func visibleASCII(in page: [UInt8]) -> Int {
            var visible = 0
            for byte in page[range] where byte >= 0x21 && byte <= 0x7E { visible += 1 }
            return visible
        }
    }

    var bodies: [Body] = []
    /// Where the attribute values replaced by a marker (`valueMarker`) lie in the page, in page order.
    var values: [Range<Int>] = []
    /// The runs of text replaced by a marker (`textMarker`), in page order.
    var texts: [MarkedText] = []

    /// A run of text replaced by a marker: where it lies in the page, and whether it is white space
    /// that goes back shortened (its first byte, a line feed or a space, its last), as white space
    /// between tags is shortened in the copy.
    struct MarkedText: Equatable {
        var range: Range<Int>
        var shortened = false
    }
    /// The page with every body and every value in `values` replaced by its marker.
    var bytes: [UInt8] = []
    /// How many attributes were left out of `bytes` (`setAside(in:keepingAttribute:)`).
    var attributesLeftOut = 0

    /// Bodies shorter than this stay: setting them aside saves less than it costs.
    static let least = 256

    static let markerByte0: UInt8 = 0xEE, markerByte1: UInt8 = 0x80, markerByte2: UInt8 = 0x80

    static func marker(_ number: Int) -> [UInt8] {
        [markerByte0, markerByte1, markerByte2] + Array(String(number).utf8) + [markerByte0, markerByte1, markerByte2]
    }

    /// How many decimal digits `number` (not negative) has: `String(number).utf8.count`.
    static func decimalDigits(_ number: Int) -> Int {
        var digits = 1
        var rest = number / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        return digits
    }

    /// Writes `number` (not negative) in decimal digits at `out`, as `String(number)`; how many.
    static func writeDecimal(_ number: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let digits = decimalDigits(number)
        var rest = number
        for index in stride(from: digits - 1, through: 0, by: -1) {
            out[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        return digits
    }

    /// Values shorter than this stay: a marker is one character for libxml2, and putting the value
    /// back costs about what libxml2 spends on three.
    static let leastValue = 6

    /// At most this many values of a page get a marker (one character of plane 15 each).
    static let mostValues = 0xFFFE

    /// The marker of the attribute value numbered `number`: the character U+F0000 + `number`, one
    /// character for libxml2, however long the value (libxml2 reads a value one character at a
    /// time, ≈ 127 instructions each: the values the extractor reads were 12% of a real page's work).
    static func valueMarker(_ number: Int) -> (UInt8, UInt8, UInt8, UInt8) {
        (0xF3, 0xB0 | UInt8(number >> 12), 0x80 | UInt8((number >> 6) & 0x3F), 0x80 | UInt8(number & 0x3F))
    }

    /// Runs of text shorter than this stay: a marker is one character for libxml2, and putting the
    /// text back costs about what libxml2 spends on a few.
    static let leastText = 8

    /// The marker of the run of text numbered `number`: the character U+100000 + `number`, one
    /// character for libxml2, however long the run (libxml2 reads text one character at a time,
    /// ≈ 40 instructions a byte); `nw_html_characters` puts the run back during the parse.
    static func textMarker(_ number: Int) -> (UInt8, UInt8, UInt8, UInt8) {
        (0xF4, 0x80 | UInt8(number >> 12), 0x80 | UInt8((number >> 6) & 0x3F), 0x80 | UInt8(number & 0x3F))
    }

    /// Writes a marker's four bytes at `out`; answers how many were written.
    @inline(__always)
    static func put(_ marker: (UInt8, UInt8, UInt8, UInt8), at out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = marker.0
        out[1] = marker.1
        out[2] = marker.2
        out[3] = marker.3
        return 4
    }

    /// Whether libxml2 reads the text `run` (between markup, with no `<`) as exactly these bytes, each
    /// character kept (`htmlParseCharData`): no character reference (`&`), no control character but
    /// tab, line feed and carriage return (libxml2 drops the others), no U+FFFE or U+FFFF (no XML
    /// characters); the page's bytes are UTF-8 (`PageTree` is given them validated). Eight bytes at a
    /// time: a word is looked at byte by byte only when it holds a byte below 0x20, `&` or 0xEF.
    static func isVerbatimText(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = run.baseAddress else { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
        func isKept(at offset: Int) -> Bool {
            let byte = base[offset]
            if byte < 0x20 { return byte == 0x09 || byte == 0x0A || byte == 0x0D }
            if byte == UInt8(ascii: "&") { return false }
            if byte == 0xEF, offset + 2 < run.count, base[offset + 1] == 0xBF, base[offset + 2] == 0xBE || base[offset + 2] == 0xBF { return false }
            return true
        }
        var offset = 0
        while offset + 8 <= run.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
            if hasZeroByte(word & 0xE0E0_E0E0_E0E0_E0E0) || hasZeroByte(word ^ (ones &* 0x26)) || hasZeroByte(word ^ (ones &* 0xEF)) {
                for index in offset..<(offset + 8) where !isKept(at: index) { return false }
            }
            offset += 8
        }
        for index in offset..<run.count where !isKept(at: index) { return false }
        return true
    }

    /// The number of the value marker that is the whole of `content`, or nil.
    static func valueMarkerNumber(_ content: UnsafePointer<xmlChar>) -> Int? {
        guard content[0] == 0xF3, content[1] & 0xF0 == 0xB0, content[2] & 0xC0 == 0x80, content[3] & 0xC0 == 0x80, content[4] == 0 else { return nil }
        return Int(content[1] & 0x0F) << 12 | Int(content[2] & 0x3F) << 6 | Int(content[3] & 0x3F)
    }

    /// Whether libxml2 reads `value` (the bytes between the quotes, or a bare value) as exactly these
    /// bytes: no character reference (`&`) and no control character (a line break is counted, a CR
    /// could be folded); the page's bytes are UTF-8 (`PageTree` is given them validated).
    static func isVerbatim(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = value.baseAddress else { return true }
        // Eight bytes at a time: a word has a byte below 0x20, or equal to 0x7F or `&`, when
        // `hasZeroByte` finds one in it masked, or xor-ed with the byte repeated.
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
        var offset = 0
        while offset + 8 <= value.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
            if hasZeroByte(word & 0xE0E0_E0E0_E0E0_E0E0) || hasZeroByte(word ^ (ones &* 0x7F)) || hasZeroByte(word ^ (ones &* 0x26)) { return false }
            offset += 8
        }
        for byte in value[offset...] where byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "&") { return false }
        return true
    }

    /// Scans `page` as libxml2's HTML parser reads tags (comments, end tags, declarations, start tags
    /// with quoted and bare attribute values), and sets aside the long bodies of `script` and `style`
    /// elements whose start tag does not mention JSON. Nil when there is nothing to set aside.
    ///
    /// With `keepingAttribute`, the attributes of start tags whose name (as written) it refuses are left
    /// out of the copy too (libxml2 reads each value character by character and makes two nodes of it;
    /// the attributes nothing reads are half of a real page's). The scan reads a start tag's
    /// attributes where libxml2 does — a quoted value to its quote, a bare one to a blank or `>`, a
    /// bogus one to a blank — so leaving one out changes no other part of the tree. Names longer than
    /// 100 bytes (where libxml2 cuts a name) keep their tag whole.
    ///
    /// The values of the attributes kept (`meta` tags aside: libxml2 reads them during the parse,
    /// `htmlCheckMeta`; `id` and `name` are marked too, the parse keeping no ID table) that are
    /// `leastValue` bytes or longer and `isVerbatim` are replaced by a marker each (`valueMarker`),
    /// put back during or after the parse (`elements(in:page:)`), when the page holds no byte 0xF3
    /// (no character that could be taken for a marker).
    ///
    /// With `markingTexts`, each run of text of `leastText` bytes or more that starts right after
    /// markup and `isVerbatimText` is replaced by a marker (`textMarker`) from its first byte other
    /// than white space on, which the parse puts back (`PageTree.parse`), when the page holds no byte
    /// 0xF4 (no character that could be taken for one).
    static func setAside(in page: [UInt8], keepingAttribute: ((UnsafeBufferPointer<UInt8>) -> Bool)? = nil, markingTexts: Bool = false) -> ScriptBodies? {
        page.withUnsafeBufferPointer { setAside(inBytes: $0, keepingAttribute: keepingAttribute, markingTexts: markingTexts) }
    }

    private static func setAside(inBytes page: UnsafeBufferPointer<UInt8>, keepingAttribute: ((UnsafeBufferPointer<UInt8>) -> Bool)?, markingTexts: Bool) -> ScriptBodies? {
        var bodies: [Body] = []
        /// Attributes to leave out and values to replace by a marker, in page order.
        var edits: [(range: Range<Int>, kind: EditKind)] = []
        var leftOutCount = 0
        var valueCount = 0
        var textCount = 0
        /// Whether the scan is past a `<body` start tag and before any `</body` or `</html`: white
        /// space is given a marker only there (`nw_html_start_element` gives the parse up if libxml2
        /// then opens a paragraph for one).
        var insideBody = false
        var pastBody = false
        let count = page.count
        // Unwrapped once: an optional closure unwrapped for each attribute was copied (retained) each time.
        let leavesAttributes = keepingAttribute != nil
        let keep = keepingAttribute ?? { _ in true }
        let marksValues = keepingAttribute != nil && page.baseAddress.map { memchr($0, 0xF3, count) == nil } ?? false
        let marksTexts = markingTexts && page.baseAddress.map { memchr($0, 0xF4, count) == nil } ?? false
        func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        // The byte classes by bit masks over the 128 ASCII bytes (a test compares them with the
        // comparisons they stand for): every attribute byte of every tag is classed.
        func isBlank(_ byte: UInt8) -> Bool { ByteClass.isBlank(byte) }
        func isLetter(_ byte: UInt8) -> Bool { ByteClass.isLetter(byte) }
        func isNameByte(_ byte: UInt8) -> Bool { ByteClass.isNameByte(byte) }
        /// The first `needle` from `start` on; its first byte is no letter, so it is found by `memchr`.
        func find(_ needle: [UInt8], from start: Int, caseInsensitive: Bool = false) -> Int? {
            needle.withUnsafeBufferPointer { ByteNeedle.firstIndex(of: $0, in: page, from: start, caseInsensitive: caseInsensitive) }
        }
        func next(_ byte: UInt8, from start: Int) -> Int? {
            guard start < count, let base = page.baseAddress,
                  let found = memchr(base + start, Int32(byte), count - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        /// Leaves the attribute at `range`, named by its first `nameLength` bytes, out of the copy
        /// unless `keepingAttribute` keeps it; a kept one's `value` (when `marking`) may get a marker.
        func consider(_ range: Range<Int>, nameLength: Int, value: Range<Int>?, leaving: Bool, marking: Bool) {
            guard leaving, leavesAttributes, nameLength <= 100 else { return }
            let name = UnsafeBufferPointer(rebasing: page[range.lowerBound..<(range.lowerBound + nameLength)])
            if !keep(name) {
                edits.append((range, .leftOut))
                leftOutCount += 1
            } else if marking, let value, value.count >= leastValue, valueCount < mostValues,
                      isVerbatim(UnsafeBufferPointer(rebasing: page[value])) {
                edits.append((value, .value))
                valueCount += 1
            }
        }
        /// The end of the start tag whose name ends at `start`: the index after its `>`, and whether it
        /// closed with `/>`. Nil when the page ends first. `leaving`: whether attributes may be left
        /// out; `marking`: whether values may get a marker.
        func startTagEnd(from start: Int, leaving: Bool = false, marking: Bool = false) -> (end: Int, empty: Bool)? {
            var index = start
            while true {
                while index < count, isBlank(page[index]) { index += 1 }
                guard index < count else { return nil }
                if page[index] == UInt8(ascii: ">") { return (index + 1, false) }
                if page[index] == UInt8(ascii: "/"), index + 1 < count, page[index + 1] == UInt8(ascii: ">") { return (index + 2, true) }
                let byte = page[index]
                if isLetter(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".") {
                    let nameStart = index
                    while index < count, isNameByte(page[index]) { index += 1 }
                    let nameLength = index - nameStart
                    var cursor = index
                    while cursor < count, isBlank(page[cursor]) { cursor += 1 }
                    guard cursor < count, page[cursor] == UInt8(ascii: "=") else {
                        consider(nameStart..<index, nameLength: nameLength, value: nil, leaving: leaving, marking: false)
                        index = cursor
                        continue
                    }
                    cursor += 1
                    while cursor < count, isBlank(page[cursor]) { cursor += 1 }
                    guard cursor < count else { return nil }
                    let value: Range<Int>
                    if page[cursor] == UInt8(ascii: "\"") || page[cursor] == UInt8(ascii: "'") {
                        guard let close = next(page[cursor], from: cursor + 1) else { return nil }
                        value = (cursor + 1)..<close
                        index = close + 1
                    } else {
                        let valueStart = cursor
                        while cursor < count, !isBlank(page[cursor]), page[cursor] != UInt8(ascii: ">") { cursor += 1 }
                        value = valueStart..<cursor
                        index = cursor
                    }
                    consider(nameStart..<index, nameLength: nameLength, value: value, leaving: leaving, marking: marking)
                } else {
                    // A bogus attribute: up to the next blank or the end of the tag.
                    while index < count, !isBlank(page[index]), page[index] != UInt8(ascii: ">"),
                          !(page[index] == UInt8(ascii: "/") && index + 1 < count && page[index + 1] == UInt8(ascii: ">")) {
                        index += 1
                    }
                }
            }
        }
        let script = Array("script".utf8), style = Array("style".utf8), json = Array("json".utf8)
        var index = 0
        /// Whether `index` is right after a comment, declaration or tag (not inside text).
        var afterMarkup = false
        let shortensBlanks = keepingAttribute != nil && !holdsVerbatimText(page)
        scan: while index < count {
            guard let open = next(UInt8(ascii: "<"), from: index), open + 1 < count else { break }
            let following = page[open + 1]
            // Text right after markup, up to the `<` (which ends libxml2's character data, whatever follows it).
            if marksTexts, afterMarkup, open - index >= leastText, textCount < mostValues {
                var start = index
                while start < open, isBlank(page[start]) { start += 1 }
                if open - start >= leastText, isVerbatimText(UnsafeBufferPointer(rebasing: page[start..<open])) {
                    edits.append((start..<open, .text))
                    textCount += 1
                }
            }
            let editsAtOpen = edits.count
            // White space alone between two tags: a text node of white space, which every reader folds
            // to one blank (a `<br>` is a character of its own, `HTMLWalker.lineBreak`). Its first and
            // last byte stay, with one in between: a space can join a mark that follows it (or a
            // Prepend character before it) into one Character, which then is no white space.
            // Inside the body it goes as a marker, put back (shortened so) during the parse: libxml2
            // compares the names of the elements before white space with 50 names each time
            // (`areBlanks`), and never for a marker, which is no white space.
            if afterMarkup, open > index {
                var blank = true
                for offset in index..<open {
                    let byte = page[offset]
                    if byte != 0x0A && byte != 0x20 && byte != 0x09 { blank = false; break }
                }
                let shortens = blank && shortensBlanks && open - index > 3
                    && (isLetter(following) || following == UInt8(ascii: "/") || following == UInt8(ascii: "!") || following == UInt8(ascii: "?"))
                if blank, marksTexts, insideBody, !pastBody, textCount < mostValues {
                    edits.append((index..<open, shortens ? .shortenedBlankText : .text))
                    textCount += 1
                } else if shortens {
                    edits.append((index..<open, .blank))
                }
            }
            afterMarkup = true
            if following == UInt8(ascii: "!"), open + 3 < count, page[open + 2] == UInt8(ascii: "-"), page[open + 3] == UInt8(ascii: "-") {
                guard let close = find(Array("-->".utf8), from: open + 4) else { break scan }
                index = close + 3
            } else if following == UInt8(ascii: "/") || following == UInt8(ascii: "!") || following == UInt8(ascii: "?") {
                guard let close = next(UInt8(ascii: ">"), from: open + 2) else { break scan }
                if following == UInt8(ascii: "/"), open + 6 <= count,
                   lower(page[open + 2]) == UInt8(ascii: "b") && lower(page[open + 3]) == UInt8(ascii: "o") && lower(page[open + 4]) == UInt8(ascii: "d") && lower(page[open + 5]) == UInt8(ascii: "y")
                   || lower(page[open + 2]) == UInt8(ascii: "h") && lower(page[open + 3]) == UInt8(ascii: "t") && lower(page[open + 4]) == UInt8(ascii: "m") && lower(page[open + 5]) == UInt8(ascii: "l") {
                    pastBody = true
                }
                index = close + 1
            } else if isLetter(following) {
                var nameEnd = open + 1
                while nameEnd < count, isNameByte(page[nameEnd]) { nameEnd += 1 }
                // Only a name of five or six bytes can be `style` or `script`: compared in place, and
                // copied only when it is one (`button`, `strong`, `footer` are not).
                let nameLength = nameEnd - open - 1
                func named(_ known: [UInt8]) -> Bool {
                    guard nameLength == known.count else { return false }
                    for offset in 0..<nameLength where lower(page[open + 1 + offset]) != known[offset] { return false }
                    return true
                }
                let name = named(script) ? script : named(style) ? style : []
                let isMeta = nameLength == 4 && lower(page[open + 1]) == UInt8(ascii: "m") && lower(page[open + 2]) == UInt8(ascii: "e")
                    && lower(page[open + 3]) == UInt8(ascii: "t") && lower(page[open + 4]) == UInt8(ascii: "a")
                if nameLength == 4, lower(page[open + 1]) == UInt8(ascii: "b"), lower(page[open + 2]) == UInt8(ascii: "o"),
                   lower(page[open + 3]) == UInt8(ascii: "d"), lower(page[open + 4]) == UInt8(ascii: "y") {
                    insideBody = true
                }
                guard let (tagEnd, empty) = startTagEnd(from: nameEnd, leaving: nameLength <= 100, marking: marksValues && !isMeta) else {
                    for edit in edits[editsAtOpen...] {
                        if edit.kind == .value { valueCount -= 1 } else if edit.kind == .leftOut { leftOutCount -= 1 }
                    }
                    edits.removeSubrange(editsAtOpen...)
                    break scan
                }
                index = tagEnd
                guard !empty, name == script || name == style else { continue }
                // The body runs to the first `</` and the name, as libxml2 reads it.
                guard let close = find([UInt8(ascii: "<"), UInt8(ascii: "/")] + name, from: tagEnd, caseInsensitive: true) else { break scan }
                index = close
                var mentionsJSON = false
                for start in open..<max(open, tagEnd - json.count + 1) where lower(page[start]) == json[0] {
                    if (1..<json.count).allSatisfy({ lower(page[start + $0]) == json[$0] }) { mentionsJSON = true; break }
                }
                // A body that starts with `<` is not read as raw text from its start (libxml2 first
                // tries an end tag there, or a start tag that may close the element): it stays, unless
                // `<!` begins it (`<script><!--`, old pages' wrapped scripts), which libxml2 reads as
                // raw text like any other byte.
                let startsMarkup = page[tagEnd] == UInt8(ascii: "<") && !(tagEnd + 1 < count && page[tagEnd + 1] == UInt8(ascii: "!"))
                // A body whose tag mentions JSON (JSON-LD, which `PageTree` puts back at once) goes only
                // when it is plain text, which is put back as it is, without a parse.
                guard close - tagEnd >= least, !startsMarkup, !mentionsJSON || isPlainText(UnsafeBufferPointer(rebasing: page[tagEnd..<close])) else { continue }
                bodies.append(Body(name: String(decoding: name, as: UTF8.self), range: tagEnd..<close))
            } else {
                index = open + 1
                afterMarkup = false
            }
        }
        guard !bodies.isEmpty || !edits.isEmpty else { return nil }
        var values: [Range<Int>] = []
        values.reserveCapacity(valueCount)
        var texts: [MarkedText] = []
        texts.reserveCapacity(textCount)
        // The copy's length, then the copy written in place: the page up to each edit or body, then
        // the value's or text's marker, white space's first byte, a line feed (or a space when it has
        // none) and its last byte, nothing (an attribute left out), or the body's marker. One loop
        // without nested functions: an append per piece cost more than the copying (an edit every
        // few bytes of a page's markup).
        var length = count
        for edit in edits {
            switch edit.kind {
            case .value, .text, .shortenedBlankText: length += 4 - edit.range.count
            case .blank: length += 3 - edit.range.count
            case .leftOut: length -= edit.range.count
            }
        }
        for (number, body) in bodies.enumerated() { length += 6 + decimalDigits(number) - body.range.count }
        let base = page.baseAddress!
        let bytes = [UInt8](unsafeUninitializedCapacity: length) { output, initialized in
            let out = output.baseAddress!
            var written = 0
            var copied = 0
            var edit = 0
            var body = 0
            // Bodies and edits are in page order each, and never overlap (attributes lie in start tags,
            // bodies after them, text between markup).
            while edit < edits.count || body < bodies.count {
                let editStart = edit < edits.count ? edits[edit].range.lowerBound : Int.max
                let bodyStart = body < bodies.count ? bodies[body].range.lowerBound : Int.max
                let start = min(editStart, bodyStart)
                (out + written).update(from: base + copied, count: start - copied)
                written += start - copied
                if editStart < bodyStart {
                    let range = edits[edit].range
                    switch edits[edit].kind {
                    case .value:
                        written += put(valueMarker(values.count), at: out + written)
                        values.append(range)
                    case .text, .shortenedBlankText:
                        written += put(textMarker(texts.count), at: out + written)
                        texts.append(MarkedText(range: range, shortened: edits[edit].kind == .shortenedBlankText))
                    case .blank:
                        out[written] = base[range.lowerBound]
                        out[written + 1] = memchr(base + range.lowerBound, 0x0A, range.count) != nil ? 0x0A : 0x20
                        out[written + 2] = base[range.upperBound - 1]
                        written += 3
                    case .leftOut:
                        break
                    }
                    copied = range.upperBound
                    edit += 1
                } else {
                    out[written] = markerByte0
                    out[written + 1] = markerByte1
                    out[written + 2] = markerByte2
                    written += 3
                    written += writeDecimal(body, to: out + written)
                    out[written] = markerByte0
                    out[written + 1] = markerByte1
                    out[written + 2] = markerByte2
                    written += 3
                    copied = bodies[body].range.upperBound
                    body += 1
                }
            }
            (out + written).update(from: base + copied, count: count - copied)
            written += count - copied
            precondition(written == length, "the copy's length was counted wrong")
            initialized = written
        }
        return ScriptBodies(bodies: bodies, values: values, texts: texts, bytes: bytes, attributesLeftOut: leftOutCount)
    }

    /// Classes of ASCII bytes as bit masks: bit `b` of `low` for byte `b` below 64, bit `b - 64` of
    /// `high` for bytes 64–127; no byte from 128 on is in a class.
    enum ByteClass {
        /// Space, tab, line feed, carriage return.
        static let blanks: UInt64 = 1 << 0x20 | 1 << 0x09 | 1 << 0x0A | 1 << 0x0D
        /// `A`–`Z` and `a`–`z`.
        static let lettersHigh: UInt64 = 0x07FF_FFFE_07FF_FFFE
        /// Letters, digits, `:`, `-`, `_`, `.`.
        static let nameBytesLow: UInt64 = 0x07FF_6000_0000_0000
        static let nameBytesHigh: UInt64 = lettersHigh | 1 << (0x5F - 64)

        static func isIn(_ byte: UInt8, low: UInt64, high: UInt64) -> Bool {
            byte < 64 ? (low >> UInt64(byte)) & 1 != 0 : byte < 128 && (high >> UInt64(byte - 64)) & 1 != 0
        }

        static func isBlank(_ byte: UInt8) -> Bool { byte <= 0x20 && (blanks >> UInt64(byte)) & 1 != 0 }
        static func isLetter(_ byte: UInt8) -> Bool { isIn(byte, low: 0, high: lettersHigh) }
        static func isNameByte(_ byte: UInt8) -> Bool { isIn(byte, low: nameBytesLow, high: nameBytesHigh) }
    }

    /// Whether libxml2 keeps every character of a script body as it is: no control character but tab and
    /// line feed (a carriage return aside, and libxml2 drops the others with an error), no U+FFFE or
    /// U+FFFF (no XML characters either); the page is UTF-8 (`PageTree` is given it validated), and the
    /// body runs to the `</` and name that libxml2 stops at.
    /// Eight bytes at a time (asked of every JSON-LD body, an `articleBody` a byte at a time was 1% of a
    /// real page's work): a word is looked at byte by byte, with the two bytes after it, only when it
    /// holds a byte below 0x20 or 0xEF (which begins U+FFFE and U+FFFF).
    static func isPlainText(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        let count = buffer.count
        func isKept(at index: Int) -> Bool {
            let byte = base[index]
            if byte < 0x20 && byte != 0x09 && byte != 0x0A { return false }
            return !(index >= 2 && base[index - 2] == 0xEF && base[index - 1] == 0xBF && (byte == 0xBE || byte == 0xBF))
        }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
        var offset = 0
        while offset + 8 <= count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
            if hasZeroByte(word & 0xE0E0_E0E0_E0E0_E0E0) || hasZeroByte(word ^ (ones &* 0xEF)) {
                for index in offset..<min(offset + 10, count) where !isKept(at: index) { return false }
            }
            offset += 8
        }
        for index in offset..<count where !isKept(at: index) { return false }
        return true
    }

    /// What an edit of the page's copy does.
    enum EditKind { case leftOut, value, blank, text, shortenedBlankText }

    /// Whether `page` has a start tag (by its name, case aside) of an element whose white space
    /// is text as written: `pre`, `textarea`, `listing`, `xmp`, `plaintext`. The white space of such a
    /// page is left as it is.
    static func holdsVerbatimText(_ page: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = page.baseAddress else { return false }
        let count = page.count
        func named(_ name: StaticString, at start: Int) -> Bool {
            UTF8Bytes.hasPrefix(page, name, at: start, caseInsensitive: true)
        }
        var index = 0
        while index < count, let found = memchr(base + index, Int32(UInt8(ascii: "<")), count - index) {
            let open = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            index = open + 1
            guard index < count else { break }
            switch page[index] | 0x20 {
            case UInt8(ascii: "p"): if named("<pre", at: open) || named("<plaintext", at: open) { return true }
            case UInt8(ascii: "t"): if named("<textarea", at: open) { return true }
            case UInt8(ascii: "l"): if named("<listing", at: open) { return true }
            case UInt8(ascii: "x"): if named("<xmp", at: open) { return true }
            default: break
            }
        }
        return false
    }

    /// The elements that hold the markers, in the order of `bodies`; nil unless every marker is the
    /// whole text of an element of its body's name, in order, and no other element holds one, and
    /// no value marker is anywhere but as the whole value of an attribute.
    ///
    /// Puts each value of `page` back in place of its marker as it goes: libxml2 read the value's
    /// bytes as they are (`isVerbatim`), so the attribute then holds what the page's parse gives it,
    /// wherever libxml2 put it. A marker libxml2 left out (of an attribute written twice in a tag, or
    /// of a tag it drops) is one the page's parse leaves out too. The page holds no byte 0xF3, so
    /// one in a text node or in part of a value is a marker libxml2 read otherwise than the scan.
    /// (A tree of which this returns nil is not to be used.)
    func elements(in document: htmlDocPtr, page: [UInt8]) -> [xmlNodePtr]? {
        guard let root = xmlDocGetRootElement(document) else { return nil }
        var found: [xmlNodePtr] = []
        let checksValues = !values.isEmpty
        func holdsMarkerByte(_ content: UnsafePointer<xmlChar>) -> Bool {
            content.withMemoryRebound(to: CChar.self, capacity: 1) { strchr($0, 0xF3) != nil }
        }
        var next: xmlNodePtr? = root
        while let node = next {
            if checksValues {
                if node.pointee.type == XML_ELEMENT_NODE {
                    var property = node.pointee.properties
                    while let attribute = property {
                        var text = attribute.pointee.children
                        while let current = text {
                            if let content = current.pointee.content, holdsMarkerByte(content) {
                                guard let number = Self.valueMarkerNumber(content), number < values.count, current.pointee.type == XML_TEXT_NODE,
                                      current == attribute.pointee.children, current.pointee.next == nil else { return nil }
                                let range = values[number]
                                page.withUnsafeBufferPointer { bytes in
                                    xmlNodeSetContentLen(current, bytes.baseAddress! + range.lowerBound, Int32(range.count))
                                }
                            }
                            text = current.pointee.next
                        }
                        property = attribute.pointee.next
                    }
                } else if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE,
                          let content = node.pointee.content, holdsMarkerByte(content) {
                    return nil
                }
            }
            if node.pointee.type == XML_ELEMENT_NODE, let child = node.pointee.children,
               child.pointee.type == XML_CDATA_SECTION_NODE || child.pointee.type == XML_TEXT_NODE,
               let content = child.pointee.content, content[0] == Self.markerByte0, content[1] == Self.markerByte1, content[2] == Self.markerByte2 {
                let number = found.count
                guard number < bodies.count, child.pointee.next == nil, PageTree.name(node) == bodies[number].name else { return nil }
                let expected = Self.marker(number)
                var offset = 0
                while offset < expected.count, content[offset] == expected[offset] { offset += 1 }
                guard offset == expected.count, content[offset] == 0 else { return nil }
                found.append(node)
            }
            next = PageTree.nextInDocumentOrder(after: node, within: root)
        }
        return found.count == bodies.count ? found : nil
    }

    /// The text libxml2 makes of `body` of `page`: the body parsed alone in its element (libxml2 reads
    /// a body the same wherever it stands). A body of characters libxml2 keeps as they are (`isPlainText`)
    /// is its own text: JSON-LD, which every page's metadata reads, went through a parse of its own.
    static func text(of body: Body, in page: [UInt8]) -> [UInt8]? {
        if page[body.range].withUnsafeBufferPointer({ isPlainText($0) }) { return Array(page[body.range]) }
        let name = Array(body.name.utf8)
        let bytes = [UInt8(ascii: "<")] + name + [UInt8(ascii: ">")] + page[body.range] + [UInt8(ascii: "<"), UInt8(ascii: "/")] + name + [UInt8(ascii: ">")]
        guard let document = PageTree.parse(bytes) else { return nil }
        defer { xmlFreeDoc(document) }
        var next = xmlDocGetRootElement(document)
        while let node = next {
            if node.pointee.type == XML_ELEMENT_NODE, PageTree.name(node) == body.name {
                guard let content = xmlNodeGetContent(node) else { return nil }
                defer { nw_xml_free(content) }
                return Array(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
            }
            next = node.pointee.children ?? node.pointee.next
        }
        return nil
    }
}
