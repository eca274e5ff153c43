import Foundation
import NewswatchNormalize

/// Lines of an article page's body that are the page's stamps rather than its text, as every news
/// site prints them around and between the paragraphs:
/// - a date or time line — `2023-11-17 15:13`, `Šodien, 17:40`, `Posted at 2013-12-30T14:42:01-0700`,
///   `03:29 - Source: CNN`: a date or clock time with a few words at most around it, and no sentence;
/// - a number alone (a page or picture counter, a count of views or comments);
/// - a copyright notice (`The-CNN-Wire ™ & © 2013 Cable News Network, Inc. All rights reserved.`);
/// - a short line that stands three times or more in the body: a label of the page's template
///   repeated for every item of a gallery or playlist (`Now playing`), which an article's own text
///   never does.
enum PageStampLines {
    /// Longest line that can be a stamp, in characters.
    static let longest = 80
    /// Most letters a date line has besides its date and time (weekday, month, "updated", a place).
    static let mostLetters = 30

    /// `blocks` without the stamp lines: paragraphs, headings (a page without subheading markup
    /// has its short lines read as headings) and list items; quotes stay as they are.
    static func removing(from blocks: [ArticleBlock]) -> [ArticleBlock] {
        var seen: [String: Int] = [:]
        // The canonical form of each short line, kept in the order the lines are read again below
        // (blocks in order, quotes aside): each line is folded and counted once, not twice.
        var shortLines: [String?] = []
        for block in blocks {
            if case .quote = block { continue }
            for line in block.lines {
                guard line.utf8.count <= 4 * longest && UTF8Bytes.hasAtMost(longest, charactersIn: line) else { shortLines.append(nil); continue }
                let canonical = TextFolding.canonical(line)
                seen[canonical, default: 0] += 1
                shortLines.append(canonical)
            }
        }
        var position = 0
        func isStampLine(_ line: String) -> Bool {
            let short = shortLines[position]
            position += 1
            guard line.utf8.count <= 4 * longest else { return false }
            return isStamp(line) || isCopyright(line) || short.map { seen[$0, default: 0] >= 3 } == true
        }
        return blocks.compactMap { block in
            switch block {
            case .paragraph(let line), .heading(let line): return isStampLine(line) ? nil : block
            case .list(let items):
                let kept = items.filter { !isStampLine($0) }
                return kept.isEmpty ? nil : .list(kept)
            case .quote: return block
            }
        }
    }

    /// A date, time or number line (see the type's description).
    static func isStamp(_ line: String) -> Bool {
        // An ASCII line without an ASCII digit has no number (each of its bytes is a Character).
        guard UTF8Bytes.with(line, UTF8Bytes.holdsDigitOrNonASCII) else { return false }
        // `count <= n` without counting every Character.
        guard UTF8Bytes.hasAtMost(longest, charactersIn: line), UTF8Bytes.hasNumericScalar(line), line.contains(where: \.isNumber) else { return false }
        if let last = line.last, ".!?…。！？".contains(last) { return false }
        let letters = line.filter(\.isLetter).count
        if letters == 0 { return true }
        guard mayHoldStamp(line), line.contains(stamp) else { return false }
        // Where every Character is one scalar, a stamp replaced by a space leaves the other Characters
        // as they were (the space joins neither neighbour, as the stamp's first and last did not):
        // the letters can only be fewer, and a line with few enough letters needs no replacing.
        if letters <= mostLetters, UTF8Bytes.hasSingleScalarCharacters(line) { return true }
        return line.replacing(stamp, with: " ").filter(\.isLetter).count <= mostLetters
    }

    /// A short line with `©`, `(c)` or `Copyright` before a year.
    static func isCopyright(_ line: String) -> Bool {
        // Every short line comes here: an ASCII line needs `(c)` or `copyright` in its bytes.
        let mayBeNotice = UTF8Bytes.with(line, mayBeNoticeBytes)
        guard mayBeNotice else { return false }
        return UTF8Bytes.hasAtMost(2 * longest, charactersIn: line) && line.contains(where: \.isNumber) && line.contains(copyright)
    }

    /// Whether a line whose ASCII bytes hold no `(c)` or `copyright` may still match `copyright`: it
    /// holds `©`, or a character that matches an ASCII letter when case is ignored. The characters
    /// whose other case or case folding is or holds an ASCII letter (`İ`, `ı`, `ſ`, `ǰ`, `ŉ`, `ẗ`, `ẞ`,
    /// the Kelvin sign, the `ﬁ` ligatures) all lie in U+0100–U+02BF (lead bytes 0xC4–0xCA),
    /// U+1E80–U+1EBF (0xE1 0xBA), U+2100–U+213F (0xE2 0x84) and U+FB00–U+FB3F (0xEF 0xAC); a line with
    /// any of these goes to the pattern. Arabic, CJK, Cyrillic, Greek and other lines without one are
    /// decided here (a third of the real pages' lines, each asked the pattern before).
    static func mayMatchOutsideASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            if mayMatchOutsideASCII(byte, after: previous) { return true }
            previous = byte
        }
        return false
    }

    /// `mayMatchOutsideASCII`'s test of one byte, with the byte before it.
    @inline(__always)
    static func mayMatchOutsideASCII(_ byte: UInt8, after previous: UInt8) -> Bool {
        if byte >= 0xC4 && byte <= 0xCA { return true }
        switch (previous, byte) {
        case (0xC2, 0xA9), (0xE1, 0xBA), (0xE2, 0x84), (0xEF, 0xAC): return true
        default: return false
        }
    }

    /// `(c)` or `copyright` in any case, or `mayMatchOutsideASCII`, in one pass over the bytes.
    static func mayBeNoticeBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        let count = bytes.count
        var index = 0
        while index < count {
            // Eight bytes of ASCII without `(`, `c` or `C` hold nothing asked here, and an ASCII byte
            // before the next one pairs with nothing below.
            if index + 8 <= count {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0, !UTF8Bytes.asciiWord(word, holds: UInt8(ascii: "(")),
                   !UTF8Bytes.asciiWord(word | 0x2020_2020_2020_2020, holds: UInt8(ascii: "c")) {
                    previous = bytes[index + 7]
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            defer { index += 1 }
            switch byte {
            case UInt8(ascii: "("):
                if UTF8Bytes.hasPrefix(bytes, "(c)", at: index, caseInsensitive: true) { return true }
            case UInt8(ascii: "c"), UInt8(ascii: "C"):
                if UTF8Bytes.hasPrefix(bytes, "copyright", at: index, caseInsensitive: true) { return true }
            default:
                if mayMatchOutsideASCII(byte, after: previous) { return true }
            }
            previous = byte
        }
        return false
    }

    /// Each of `stamp`'s alternatives has a `:`, `-`, `/`, `.` or `年` between its digits: a line with
    /// none of these holds no stamp.
    static func mayHoldStamp(_ line: String) -> Bool {
        UTF8Bytes.with(line) { bytes in
            bytes.contains { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ".") }
                || UTF8Bytes.contains(bytes, "年")
        }
    }

    nonisolated(unsafe) static let copyright = /(?i)(?:©|\(c\)|copyright)\s*\d{4}\b/

    /// A clock time or a date written in numbers (day, month and year in any order and separator,
    /// or year, month and day with 年月日).
    nonisolated(unsafe) static let stamp =
        /\d{1,2}:\d{2}|\d{4}[-\/.]\d{1,2}[-\/.]\d{1,2}|\d{1,2}[-\/.]\d{1,2}[-\/.]\d{2,4}|\d{4}年\d{1,2}月(?:\d{1,2}日)?/
}
