import CLibXML2
import Foundation
import NewswatchNormalize

/// The pass over a feed's bytes before libxml2 sees them, for the two things XML parsers get wrong
/// on real feeds and one thing they must never be asked to do:
/// - HTML named entities such as `&nbsp;` or `&eacute;` are undefined in XML; they are rewritten to
///   character references (`&#160;`), so the text keeps its character instead of losing it.
/// - A stray `&` (`Tom & Jerry`) is rewritten to `&amp;`.
/// - A DOCTYPE that declares entities is refused: no feed needs one, and it is how billion-laughs and
///   quadratic-blowup documents work.
/// CDATA sections, comments and processing instructions are left untouched.
enum EntityRepair {
    struct Result {
        var bytes: [UInt8]
        var warnings: [String]
    }

    static let predefined: Set<String> = ["amp", "lt", "gt", "quot", "apos"]

    /// Whether the bytes of an entity's name (ASCII name bytes) spell one of `predefined`: asked of
    /// every `&amp;` of every feed, without a String and a hash of it each.
    static func isPredefined(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        func spells(_ word: StaticString) -> Bool {
            name.count == word.utf8CodeUnitCount && memcmp(name.baseAddress!, word.utf8Start, name.count) == 0
        }
        return spells("amp") || spells("lt") || spells("gt") || spells("quot") || spells("apos")
    }
    static let maximumWarnings = 20

    static func repair(_ input: [UInt8]) throws(DocumentError) -> Result {
        var failure: DocumentError?
        let result = input.withUnsafeBufferPointer { bytes -> Result? in
            do throws(DocumentError) {
                return try repair(bytes, of: input)
            } catch {
                failure = error
                return nil
            }
        }
        if let failure { throw failure }
        return result ?? Result(bytes: input, warnings: [])
    }

    /// The pass itself, over `input`'s bytes. It runs over every byte of every feed, so the sections
    /// left alone are skipped with `memchr`, and line numbers are counted only for a warning (the
    /// line feeds before its position): the loop looks at `<` and `&` alone.
    private static func repair(_ bytes: UnsafeBufferPointer<UInt8>, of input: [UInt8]) throws(DocumentError) -> Result {
        guard let base = bytes.baseAddress else { return Result(bytes: input, warnings: []) }
        var output: [UInt8] = []
        var copied = 0 // bytes of input already in output; output is built only when something changes
        var warnings: [String] = []
        var suppressed = 0
        var index = 0
        let count = bytes.count

        func offset(of found: UnsafeMutableRawPointer) -> Int {
            UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
        }
        // Line feeds counted so far: up to `lineMark`, which only moves forward (so does `index`).
        var lineMark = 0
        var lineAtMark = 1
        func line(at position: Int) -> Int {
            var from = lineMark
            while from < position, let found = memchr(base + from, 0x0A, position - from) {
                lineAtMark += 1
                from = offset(of: found) + 1
            }
            lineMark = position
            return lineAtMark
        }
        func warn(_ text: String) {
            if warnings.count < maximumWarnings { warnings.append("line \(line(at: index)): \(text)") } else { suppressed += 1 }
        }
        func replace(from start: Int, to end: Int, with replacement: [UInt8]) {
            if output.isEmpty { output.reserveCapacity(count + 64) }
            output.append(contentsOf: input[copied..<start])
            output.append(contentsOf: replacement)
            copied = end
        }
        func starts(_ literal: StaticString, at position: Int) -> Bool {
            UTF8Bytes.hasPrefix(bytes, literal, at: position)
        }
        // The next `<` and `&` at or after `index` (`count` for none), each found with `memchr` and
        // looked for again only once `index` has passed it: nothing else in the text needs a look.
        var nextOpen = -1, nextAmpersand = -1
        func next(_ byte: UInt8, from start: Int) -> Int {
            guard start < count, let found = memchr(base + start, Int32(byte), count - start) else { return count }
            return offset(of: found)
        }
        /// Moves past `terminator`; to the end when it never comes.
        func skip(past terminator: StaticString) {
            if let found = ByteNeedle.firstIndex(of: terminator, in: bytes, from: index) {
                index = found + terminator.utf8CodeUnitCount
            } else {
                index = count
            }
        }
        func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
                || (!first && ((byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E))
        }

        while index < count {
            if nextOpen < index { nextOpen = next(UInt8(ascii: "<"), from: index) }
            if nextAmpersand < index { nextAmpersand = next(UInt8(ascii: "&"), from: index) }
            index = min(nextOpen, nextAmpersand)
            guard index < count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                // Every literal looked for begins `<!` or `<?`; a tag (nearly every `<`) begins neither.
                let mark = index + 1 < count ? bytes[index + 1] : 0
                if mark == UInt8(ascii: "!") || mark == UInt8(ascii: "?") {
                    if starts("<![CDATA[", at: index) { index += 9; skip(past: "]]>"); continue }
                    if starts("<!--", at: index) { index += 4; skip(past: "-->"); continue }
                    if starts("<?", at: index) { index += 2; skip(past: "?>"); continue }
                    if starts("<!DOCTYPE", at: index) || starts("<!doctype", at: index) {
                        try checkDoctype(input, from: index, line: line(at: index))
                    }
                }
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "&") else { index += 1; continue }

            // A reference: `&#123;`, `&#x1F;`, or `&name;`.
            var end = index + 1
            if end < count, bytes[end] == UInt8(ascii: "#") {
                end += 1
                let hex = end < count && (bytes[end] == UInt8(ascii: "x") || bytes[end] == UInt8(ascii: "X"))
                if hex { end += 1 }
                let digitsStart = end
                while end < count, end - digitsStart < 10,
                      (bytes[end] >= 0x30 && bytes[end] <= 0x39) || (hex && ((bytes[end] | 0x20) >= 0x61 && (bytes[end] | 0x20) <= 0x66)) {
                    end += 1
                }
                if end > digitsStart, end < count, bytes[end] == UInt8(ascii: ";") {
                    index = end + 1
                    continue
                }
            } else if end < count, isNameByte(bytes[end], first: true) {
                while end < count, end - index < 40, isNameByte(bytes[end], first: false) { end += 1 }
                if end < count, bytes[end] == UInt8(ascii: ";") {
                    if isPredefined(UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])) { index = end + 1; continue }
                    let name = String(decoding: input[(index + 1)..<end], as: UTF8.self)
                    if let entity = htmlEntityLookup(name), entity.pointee.value != 0 {
                        replace(from: index, to: end + 1, with: Array("&#\(entity.pointee.value);".utf8))
                        warn("undefined entity &\(name); (recovered)")
                    } else {
                        replace(from: index, to: index + 1, with: Array("&amp;".utf8))
                        warn("unknown entity &\(name); kept as text (recovered)")
                    }
                    index = end + 1
                    continue
                }
            }
            replace(from: index, to: index + 1, with: Array("&amp;".utf8))
            warn("stray & (recovered)")
            index += 1
        }
        if suppressed > 0 { warnings.append("\(suppressed) more entity problems of the same kinds (recovered)") }
        if output.isEmpty, copied == 0 { return Result(bytes: input, warnings: warnings) }
        output.append(contentsOf: input[copied...])
        return Result(bytes: output, warnings: warnings)
    }

    /// Refuses an internal DTD subset that declares entities.
    static func checkDoctype(_ input: [UInt8], from start: Int, line: Int) throws(DocumentError) {
        var index = start
        var depth = 0
        var quote: UInt8? = nil
        while index < input.count {
            let byte = input[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "]") {
                depth -= 1
            } else if byte == UInt8(ascii: ">"), depth <= 0 {
                return
            } else if depth > 0, byte == UInt8(ascii: "<"), index + 8 <= input.count,
                      String(decoding: input[index..<index + 8], as: UTF8.self) == "<!ENTITY" {
                throw DocumentError.entityDeclarations(line: line)
            }
            index += 1
        }
    }
}
