import Foundation
import NewswatchNormalize

/// Turns the bytes of a feed into UTF-8, deciding the encoding the way XML and real feeds need it:
/// the byte-order mark first, then the XML declaration, then the HTTP charset the caller got, then
/// UTF-8. Whatever the label says, bytes that are not valid in it are read as windows-1252 one by one
/// rather than dropped: German feeds that say UTF-8 (or ISO-8859-1) and send windows-1252 are common.
struct CharacterDecoding {
    /// The document as UTF-8, without byte-order mark.
    var utf8: [UInt8]
    /// The encoding the bytes were read as, lower-case IANA name.
    var encoding: String
    var warnings: [String] = []

    static func decode(_ bytes: [UInt8], charsetHint: String?) -> CharacterDecoding {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return fromUTF8(Array(bytes.dropFirst(3)), label: "utf-8")
        }
        if bytes.starts(with: [0xFF, 0xFE]) { return fromUTF16(bytes.dropFirst(2), bigEndian: false) }
        if bytes.starts(with: [0xFE, 0xFF]) { return fromUTF16(bytes.dropFirst(2), bigEndian: true) }
        // `<?` in UTF-16 without a mark.
        if bytes.starts(with: [0x00, 0x3C, 0x00, 0x3F]) { return fromUTF16(bytes[...], bigEndian: true) }
        if bytes.starts(with: [0x3C, 0x00, 0x3F, 0x00]) { return fromUTF16(bytes[...], bigEndian: false) }

        let declared = declaredEncoding(bytes)
        let hint = charsetHint.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"'")).lowercased() }
        let label = declared ?? (hint?.isEmpty == false ? hint : nil) ?? "utf-8"
        switch normalizedName(label) {
        case "utf-8":
            return fromUTF8(bytes, label: label)
        case "windows-1252":
            return CharacterDecoding(utf8: SingleByteTable.windows1252.utf8(of: bytes), encoding: label)
        case "iso-8859-15":
            return CharacterDecoding(utf8: SingleByteTable.latin9.utf8(of: bytes), encoding: label)
        case "utf-16":
            return fromUTF16(bytes[...], bigEndian: true)
        default:
            if let encoding = foundationEncodings[normalizedName(label)],
               let text = String(data: Data(bytes), encoding: encoding) {
                return CharacterDecoding(utf8: Array(text.utf8), encoding: normalizedName(label))
            }
            var result = fromUTF8(bytes, label: "utf-8")
            result.warnings.insert("unknown character encoding \"\(label)\": read as UTF-8", at: 0)
            return result
        }
    }

    /// Canonical names for the labels feeds use. ISO-8859-1 and US-ASCII are read as windows-1252,
    /// which is a superset, as browsers do: a feed labelled ISO-8859-1 with typographic quotes in
    /// 0x80–0x9F means windows-1252.
    static func normalizedName(_ label: String) -> String {
        switch label.lowercased() {
        case "utf-8", "utf8", "unicode-1-1-utf-8": return "utf-8"
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819",
             "windows-1252", "cp1252", "x-cp1252", "us-ascii", "ascii", "iso-ir-100", "iso_8859-1:1987":
            return "windows-1252"
        case "iso-8859-15", "iso8859-15", "latin9", "latin-9", "iso_8859-15": return "iso-8859-15"
        case "utf-16", "utf-16be", "utf-16le": return "utf-16"
        default: return label.lowercased()
        }
    }

    /// Other encodings feeds are served in, which Foundation decodes.
    static let foundationEncodings: [String: String.Encoding] = [
        "windows-1250": .windowsCP1250, "cp1250": .windowsCP1250, "windows-1251": .windowsCP1251, "cp1251": .windowsCP1251,
        "windows-1253": .windowsCP1253, "windows-1254": .windowsCP1254, "iso-8859-2": .isoLatin2, "latin2": .isoLatin2,
        "shift_jis": .shiftJIS, "sjis": .shiftJIS, "euc-jp": .japaneseEUC, "iso-2022-jp": .iso2022JP, "macintosh": .macOSRoman,
    ]

    /// `encoding="…"` of an XML declaration at the very start.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        var start = 0
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        guard bytes[start...].starts(with: Array("<?xml".utf8)) else { return nil }
        let head = bytes[start..<min(bytes.count, start + 200)]
        guard let end = head.firstIndex(of: UInt8(ascii: ">")) else { return nil }
        if case .some(let value) = encodingValue(bytes[start..<end]) { return value?.lowercased() }
        let declaration = String(decoding: bytes[start..<end], as: UTF8.self)
        guard let match = declaration.firstMatch(of: encodingAttribute) else { return nil }
        return String(match.1).lowercased()
    }

    /// `encodingAttribute`'s first match in an ASCII declaration, found on the bytes: there every byte
    /// is a Character but CR before LF (both white space, which `\s*` takes either way), and each
    /// part of the pattern can match in one way only, so the first `encoding` that the rest follows is
    /// the match. `.some(nil)`: no match; nil: a byte outside ASCII, for the pattern to decide.
    /// (Matching the pattern cost more than the rest of reading a short feed's encoding.)
    static func encodingValue(_ declaration: ArraySlice<UInt8>) -> String?? {
        guard declaration.allSatisfy({ $0 < 0x80 }) else { return nil }
        let bytes = Array(declaration)
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        func isQuote(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") }
        func isValueByte(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
        }
        let keyword = Array("encoding".utf8)
        var start = 0
        while start + keyword.count <= bytes.count {
            defer { start += 1 }
            guard bytes[start..<(start + keyword.count)].elementsEqual(keyword) else { continue }
            var index = start + keyword.count
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }
            index += 1
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count, isQuote(bytes[index]) else { continue }
            index += 1
            let valueStart = index
            while index < bytes.count, isValueByte(bytes[index]) { index += 1 }
            guard index > valueStart, index < bytes.count, isQuote(bytes[index]) else { continue }
            return .some(String(decoding: bytes[valueStart..<index], as: UTF8.self))
        }
        return .some(nil)
    }

    /// Built once: a regex literal in a function body is parsed again at every call.
    nonisolated(unsafe) static let encodingAttribute = /encoding\s*=\s*["']([A-Za-z0-9._:\-]+)["']/

    /// UTF-8 with every invalid byte read as windows-1252, each such run reported once.
    static func fromUTF8(_ bytes: [UInt8], label: String) -> CharacterDecoding {
        // Validated in place: `String(validating:)` would copy the whole document to say yes.
        if UTF8Validity.isValid(bytes) {
            return CharacterDecoding(utf8: bytes, encoding: "utf-8")
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var invalid = 0
        var firstInvalidLine = 0
        var line = 1
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var index = 0
            while index < buffer.count {
                let byte = base[index]
                if byte == 0x0A { line += 1 }
                let width = UTF8Validity.sequenceLength(base, count: buffer.count, at: index)
                if width > 0 {
                    out.append(contentsOf: buffer[index..<index + width])
                    index += width
                } else {
                    if invalid == 0 { firstInvalidLine = line }
                    invalid += 1
                    out.append(contentsOf: String(SingleByteTable.windows1252.character(byte)).utf8)
                    index += 1
                }
            }
        }
        var result = CharacterDecoding(utf8: out, encoding: "utf-8")
        result.warnings.append(
            "line \(firstInvalidLine): \(invalid) byte\(invalid == 1 ? "" : "s") not valid \(label.uppercased()), read as windows-1252 (recovered)")
        return result
    }

    static func fromUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> CharacterDecoding {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let a = UInt16(bytes[index]), b = UInt16(bytes[index + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            index += 2
        }
        let text = String(decoding: units, as: UTF16.self)
        return CharacterDecoding(utf8: Array(text.utf8), encoding: bigEndian ? "utf-16be" : "utf-16le")
    }
}

/// The single-byte encodings feeds use besides UTF-8.
struct SingleByteTable: Sendable {
    /// Characters for 0x80–0xFF.
    let high: [Character]

    func character(_ byte: UInt8) -> Character {
        byte < 0x80 ? Character(Unicode.Scalar(byte)) : high[Int(byte) - 0x80]
    }

    /// The bytes decoded and written as UTF-8, byte by byte (never character by character: building a
    /// String one `Character` at a time costs more than the rest of reading the feed).
    func utf8(of bytes: [UInt8]) -> [UInt8] {
        let encoded = high.map { Array(String($0).utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 { out.append(byte) } else { out.append(contentsOf: encoded[Int(byte) - 0x80]) }
        }
        return out
    }

    static let windows1252: SingleByteTable = {
        let c1: [UInt32] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
            0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
        ]
        let scalars = c1 + (0xA0...0xFF).map { UInt32($0) }
        return SingleByteTable(high: scalars.map { Character(Unicode.Scalar($0)!) })
    }()

    static let latin9: SingleByteTable = {
        var scalars = (0x80...0xFF).map { UInt32($0) }
        let changes: [Int: UInt32] = [0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E, 0xBC: 0x0152, 0xBD: 0x0153, 0xBE: 0x0178]
        for (byte, scalar) in changes { scalars[byte - 0x80] = scalar }
        return SingleByteTable(high: scalars.map { Character(Unicode.Scalar($0)!) })
    }()
}
