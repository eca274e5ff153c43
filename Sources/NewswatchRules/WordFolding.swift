import Foundation

/// The form words are compared in: lower case, accents and other marks dropped, `ß` as `ss`, so
/// `fluchtling*` finds `Flüchtlinge`, `strasse` finds `Straße` and `assad` finds `Assad`. A query and
/// an article are folded by the same function, so they always agree.
///
/// A word is a run of letters and digits; everything else (spaces, punctuation, hyphens, apostrophes)
/// separates words. `Ukraine-Front` is the two words `ukraine` and `front`.
public enum WordFolding {
    /// The folded words of `text`, in order.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        forEachWord(in: text) { words.append($0) }
        return words
    }

    /// Calls `body` with each folded word of `text`, in order.
    public static func forEachWord(in text: String, _ body: (String) -> Void) {
        scanWords(in: text) { word, _ in body(String(decoding: word, as: UTF8.self)) }
    }

    /// The matcher's tokenizer: calls `body` with each folded word of `text` as UTF-8 bytes, valid
    /// during the call only, and its `WordInterner` hash. Works on the UTF-8 bytes into a raw
    /// buffer: ASCII (most of any news text) eight bytes at a time, Latin letters and typographic
    /// punctuation by a table lookup; only other scripts go through Unicode properties.
    static func scanWords(in text: String, _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) {
        var buffer = WordBuffer()
        defer { buffer.deallocate() }
        scanWords(in: text, buffer: &buffer) { word, hash, _ in body(word, hash) }
    }

    /// `scanWords` writing the words into `buffer`, which the caller keeps from line to line; `body`
    /// also gets the word's `WordInterner.head`.
    static func scanWords(in text: String, buffer: inout WordBuffer, _ body: (UnsafeBufferPointer<UInt8>, UInt64, UInt64) -> Void) {
        let scanned: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            scan(utf8, buffer: &buffer, body)
        }
        if scanned == nil {
            let copy = Array(text.utf8)
            copy.withUnsafeBufferPointer { scan($0, buffer: &buffer, body) }
        }
    }

    /// The word being read: raw memory, so appending is a store (no uniqueness check), with eight
    /// bytes to spare after `count` at all times, so eight bytes can be stored at once and the
    /// word's last block read whole by `WordInterner.hash(padded:count:)`. Its first eight bytes are
    /// also kept in a register (`head`): a word of up to eight bytes, most words, is hashed and
    /// looked up without reading back the bytes just stored (a load spanning two recent stores
    /// waits for them to reach the cache).
    struct WordBuffer {
        private(set) var start: UnsafeMutablePointer<UInt8>
        private var capacity: Int
        var count = 0
        /// The first eight bytes of the word, zero where it is shorter (`WordInterner.head`).
        private var head: UInt64 = 0

        init() {
            capacity = 64
            start = .allocate(capacity: capacity + 8)
        }

        @inline(__always) mutating func append(_ byte: UInt8) {
            if count == capacity { grow() }
            start[count] = byte
            if count < 8 { head |= UInt64(byte) << UInt64(count * 8) }
            count += 1
        }

        /// Stores the eight bytes of `block` after the word and makes the first `used` of them part of it.
        @inline(__always) mutating func append(block: UInt64, used: Int) {
            if count + 8 > capacity { grow() }
            UnsafeMutableRawPointer(start + count).storeBytes(of: block.littleEndian, as: UInt64.self)
            if count < 8 { head |= (block & (UInt64.max >> UInt64(64 - used * 8))) << UInt64(count * 8) }
            count += used
        }

        mutating func append(contentsOf bytes: ArraySlice<UInt8>) {
            for byte in bytes { append(byte) }
        }

        mutating func grow() {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2 + 8)
            larger.update(from: start, count: count)
            start.deallocate()
            start = larger
            capacity *= 2
        }

        /// Hands the word, its hash and its head to `body` and empties the buffer.
        @inline(__always) mutating func flush(_ body: (UnsafeBufferPointer<UInt8>, UInt64, UInt64) -> Void) {
            if count > 0 {
                let hash = count <= 8 ? WordInterner.hash(head: head, count: count)
                    : WordInterner.hash(padded: UnsafeRawPointer(start), count: count)
                body(UnsafeBufferPointer(start: start, count: count), hash, head)
                count = 0
                head = 0
            }
        }

        func deallocate() { start.deallocate() }
    }

    /// Per byte of an ASCII block, 0x80 where `lowest <= byte <= highest` and 0 elsewhere. Every byte
    /// is below 0x80, so no sum carries into the next byte.
    @inline(__always)
    private static func bytes(of block: UInt64, from lowest: UInt8, through highest: UInt8) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let atLeastLowest = block &+ ones &* UInt64(0x80 - lowest)
        let aboveHighest = block &+ ones &* UInt64(0x7F - highest)
        return atLeastLowest & ~aboveHighest & (ones &* 0x80)
    }

    /// ASCII byte → the byte it folds to (letters lower-cased, digits kept), 0 for a separator.
    private static let asciiFolding: [UInt8] = (0..<128).map { byte in
        switch byte {
        case 0x41...0x5A: return UInt8(byte + 32)
        case 0x61...0x7A, 0x30...0x39: return UInt8(byte)
        default: return 0
        }
    }

    private static func scan(_ utf8: UnsafeBufferPointer<UInt8>, buffer: inout WordBuffer,
                             _ body: (UnsafeBufferPointer<UInt8>, UInt64, UInt64) -> Void) {
        asciiFolding.withUnsafeBufferPointer { ascii in
            scan(utf8, ascii: ascii, buffer: &buffer, body)
        }
    }

    private static func scan(_ utf8: UnsafeBufferPointer<UInt8>, ascii: UnsafeBufferPointer<UInt8>,
                             buffer: inout WordBuffer, _ body: (UnsafeBufferPointer<UInt8>, UInt64, UInt64) -> Void) {
        // A local, not the inout parameter: its count can stay in a register.
        var word = buffer
        defer { buffer = word }
        var index = 0
        let count = utf8.count
        let highBits: UInt64 = 0x8080_8080_8080_8080
        while index < count {
            // Eight ASCII bytes at once: letters lower-cased by setting 0x20 where A–Z is, the word
            // bytes (letters, digits) marked, and the runs of them appended to the word whole.
            if index + 8 <= count {
                let block = UInt64(littleEndian: UnsafeRawPointer(utf8.baseAddress! + index).loadUnaligned(as: UInt64.self))
                if block & highBits == 0 {
                    let upper = bytes(of: block, from: 0x41, through: 0x5A)
                    let wordBytes = upper | bytes(of: block, from: 0x61, through: 0x7A) | bytes(of: block, from: 0x30, through: 0x39)
                    let folded = block | upper >> 2
                    // One bit (the byte's lowest) per separator byte.
                    let separators = ~wordBytes & highBits
                    var offset = 0
                    while offset < 8 {
                        let run = min((separators >> UInt64(offset * 8 + 7)).trailingZeroBitCount / 8, 8 - offset)
                        if run > 0 { word.append(block: folded >> UInt64(offset * 8), used: run) }
                        offset += run
                        guard offset < 8 else { break }
                        word.flush(body)
                        let gap = min((wordBytes >> UInt64(offset * 8 + 7)).trailingZeroBitCount / 8, 8 - offset)
                        offset += gap
                    }
                    index += 8
                    continue
                }
            }
            let byte = utf8[index]
            if byte < 0x80 {
                index += 1
                let folded = ascii[Int(byte)]
                if folded != 0 { word.append(folded) } else { word.flush(body) }
                continue
            }
            // Swift strings hold valid UTF-8: the lead byte says how many continuation bytes follow.
            let value: UInt32
            if byte < 0xE0 {
                value = UInt32(byte & 0x1F) << 6 | UInt32(utf8[index + 1] & 0x3F)
                index += 2
            } else if byte < 0xF0 {
                value = UInt32(byte & 0x0F) << 12 | UInt32(utf8[index + 1] & 0x3F) << 6 | UInt32(utf8[index + 2] & 0x3F)
                index += 3
            } else {
                value = UInt32(byte & 0x07) << 18 | UInt32(utf8[index + 1] & 0x3F) << 12
                    | UInt32(utf8[index + 2] & 0x3F) << 6 | UInt32(utf8[index + 3] & 0x3F)
                index += 4
            }
            let folded: FoldedBytes
            if let table = FoldedBytes.Table.containing(value) {
                folded = table[value]
            } else {
                switch foldOther(Unicode.Scalar(value)!) {
                case .mark: folded = .mark
                case .separator: folded = .separator
                case .letters(let text): folded = .letters(Array(text.utf8)[...])
                }
            }
            switch folded {
            case .mark: continue
            case .separator: word.flush(body)
            case .letters(let letters): word.append(contentsOf: letters)
            }
        }
        word.flush(body)
    }

    enum Folded {
        case mark, separator, letters(String)
    }

    /// A scalar's folding in UTF-8, as the tokenizer appends it.
    enum FoldedBytes {
        case mark, separator, letters(ArraySlice<UInt8>)

        /// The folding of a block of scalars, computed once by the general rule: Latin-1 and Latin
        /// Extended-A/B (most letters of European text) and General Punctuation (dashes, typographic
        /// quotes, the ellipsis, which German news writes between almost every other sentence).
        struct Table: Sendable {
            let first: UInt32
            let entries: [FoldedBytesEntry]
            let letters: [UInt8]

            init(_ range: Range<UInt32>) {
                first = range.lowerBound
                var entries: [FoldedBytesEntry] = []
                var letters: [UInt8] = []
                for value in range {
                    switch foldOther(Unicode.Scalar(value)!) {
                    case .mark: entries.append(.init(offset: -1, count: 0))
                    case .separator: entries.append(.init(offset: -2, count: 0))
                    case .letters(let text):
                        entries.append(.init(offset: Int32(letters.count), count: Int32(text.utf8.count)))
                        letters.append(contentsOf: text.utf8)
                    }
                }
                self.entries = entries
                self.letters = letters
            }

            subscript(value: UInt32) -> FoldedBytes {
                let entry = entries[Int(value - first)]
                switch entry.offset {
                case -1: return .mark
                case -2: return .separator
                default: return .letters(letters[Int(entry.offset)..<Int(entry.offset + entry.count)])
                }
            }

            static let latin = Table(0x80..<0x250)
            static let punctuation = Table(0x2000..<0x2070)

            static func containing(_ value: UInt32) -> Table? {
                if value < 0x250 { return latin }
                if value >= 0x2000 && value < 0x2070 { return punctuation }
                return nil
            }
        }
    }

    struct FoldedBytesEntry: Sendable {
        /// Into the table's letters; -1 for a mark, -2 for a separator.
        var offset: Int32
        var count: Int32
    }

    /// A scalar outside the ASCII range: a combining mark (the accent of decomposed text, dropped), a
    /// letter or digit (decomposed, marks dropped, lower-cased) or a separator.
    static func foldOther(_ scalar: Unicode.Scalar) -> Folded {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark, .format:
            return .mark
        default:
            break
        }
        if let special = specialFolding(scalar.value) { return .letters(special) }
        guard properties.isAlphabetic || properties.numericType != nil else { return .separator }
        var out = ""
        for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars {
            switch part.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark, .format: continue
            default: out += part.properties.changesWhenLowercased ? part.properties.lowercaseMapping : String(part)
            }
        }
        return out.isEmpty ? .mark : .letters(out)
    }

    /// Letters that have no canonical decomposition but are written without their mark by people who
    /// cannot type them.
    private static func specialFolding(_ value: UInt32) -> String? {
        switch value {
        case 0x00DF, 0x1E9E: return "ss"      // ß ẞ
        case 0x00C6, 0x00E6: return "ae"      // Æ æ
        case 0x0152, 0x0153: return "oe"      // Œ œ
        case 0x00D8, 0x00F8: return "o"       // Ø ø
        case 0x0110, 0x0111: return "d"       // Đ đ
        case 0x0141, 0x0142: return "l"       // Ł ł
        case 0x00DE, 0x00FE: return "th"      // Þ þ
        case 0x0131: return "i"               // dotless ı
        default: return nil
        }
    }

    /// `text` folded as one string: words folded, separators kept as single spaces. For `/regex/`
    /// queries, which may want to see the folded text.
    public static func foldedText(_ text: String) -> String {
        words(text).joined(separator: " ")
    }
}
