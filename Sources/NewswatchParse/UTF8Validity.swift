/// Whether bytes are valid UTF-8, as `UTF8Span(validating:)` decides, with the ASCII read eight bytes
/// at a time: a page is mostly ASCII (markup, inline scripts), and the standard library's validator
/// took 8% of a real page's extraction. Sequences outside ASCII are checked by
/// `CharacterDecoding.validSequenceLength`, which is UTF-8's definition (no overlong forms, no
/// surrogates, nothing above U+10FFFF).
enum UTF8Validity {
    static func isValid(_ bytes: [UInt8]) -> Bool {
        let count = bytes.count
        return bytes.withUnsafeBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            var index = 0
            while index < count {
                while index + 8 <= count,
                      UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                }
                guard index < count else { break }
                if base[index] < 0x80 {
                    index += 1
                    continue
                }
                let width = CharacterDecoding.validSequenceLength(bytes, at: index)
                if width == 0 { return false }
                index += width
            }
            return true
        }
    }
}
