/// Whether bytes are valid UTF-8, as `UTF8Span(validating:)` decides, with the ASCII read eight bytes
/// at a time: a page is mostly ASCII (markup, inline scripts), and the standard library's validator
/// took 8% of a real page's extraction. Sequences outside ASCII are checked by `sequenceLength`,
/// which is UTF-8's definition (no overlong forms, no surrogates, nothing above U+10FFFF) and also
/// what `CharacterDecoding` keeps of a document that is not all valid.
public enum UTF8Validity {
    public static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { isValid($0) }
    }

    public static func isValid(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        content(of: buffer) != nil
    }

    /// What valid UTF-8 holds: ASCII alone, or other scalars too.
    public enum Content { case ascii, beyondASCII }

    /// Nil for bytes that are not valid UTF-8; else whether they are all ASCII, which a String made
    /// of them is told (the standard library compares and lower-cases ASCII Strings faster).
    public static func content(of buffer: UnsafeBufferPointer<UInt8>) -> Content? {
        let count = buffer.count
        guard let base = buffer.baseAddress else { return .ascii }
        var beyondASCII = false
        var index = 0
        while index < count {
            // Runs of ASCII 32 bytes at a time (markup and scripts are most of a page's bytes): one
            // test of four words, then the eight-byte steps find the first byte outside ASCII.
            while index + 32 <= count {
                let raw = UnsafeRawPointer(base + index)
                let any = raw.loadUnaligned(as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                if any & 0x8080_8080_8080_8080 != 0 { break }
                index += 32
            }
            // ASCII eight bytes at a time, then straight to the first byte that is not: German
            // text has one every few words, and stepping up to it a byte at a time (each step a
            // failed eight-byte test) cost more than the sequences themselves.
            while index + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let high = word & 0x8080_8080_8080_8080
                if high != 0 { index += high.trailingZeroBitCount >> 3; break }
                index += 8
            }
            guard index < count else { break }
            let width = sequenceLength(base, count: count, at: index)
            if width == 0 { return nil }
            if width > 1 { beyondASCII = true }
            index += width
        }
        return beyondASCII ? .beyondASCII : .ascii
    }

    /// The length of the valid UTF-8 sequence at `index` of the `count` bytes at `base`, or 0 when there
    /// is none. Inlined into the loops that call it: a call per sequence, with an array's bounds
    /// checks, cost three times as much on a page in Chinese, Arabic or Thai.
    @inlinable @inline(__always)
    public static func sequenceLength(_ base: UnsafePointer<UInt8>, count: Int, at index: Int) -> Int {
        let lead = base[index]
        if lead < 0x80 { return 1 }
        // Each length spelled out: a loop over the continuation bytes cost 7% more instructions here.
        func isContinuation(_ offset: Int) -> Bool { base[index + offset] & 0xC0 == 0x80 }
        if lead >= 0xC2 && lead <= 0xDF {
            return index + 2 <= count && isContinuation(1) ? 2 : 0
        } else if lead >= 0xE0 && lead <= 0xEF {
            guard index + 3 <= count, isContinuation(1), isContinuation(2) else { return 0 }
            let second = base[index + 1]
            if lead == 0xE0 && second < 0xA0 { return 0 }
            if lead == 0xED && second > 0x9F { return 0 }
            return 3
        } else if lead >= 0xF0 && lead <= 0xF4 {
            guard index + 4 <= count, isContinuation(1), isContinuation(2), isContinuation(3) else { return 0 }
            let second = base[index + 1]
            if lead == 0xF0 && second < 0x90 { return 0 }
            if lead == 0xF4 && second > 0x8F { return 0 }
            return 4
        }
        return 0
    }
}
