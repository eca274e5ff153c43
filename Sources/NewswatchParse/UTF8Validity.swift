/// Whether bytes are valid UTF-8, as `UTF8Span(validating:)` decides, with the ASCII read eight bytes
/// at a time: a page is mostly ASCII (markup, inline scripts), and the standard library's validator
/// took 8% of a real page's extraction. Sequences outside ASCII are checked here on the buffer by
/// UTF-8's definition (no overlong forms, no surrogates, nothing above U+10FFFF), as
/// `CharacterDecoding.validSequenceLength` checks them: a page in Chinese, Arabic or Thai is mostly
/// such sequences, and a call per sequence with the array's bounds checks cost three times as much.
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
                let lead = base[index]
                if lead < 0x80 {
                    index += 1
                    continue
                }
                func isContinuation(_ offset: Int) -> Bool { base[index + offset] & 0xC0 == 0x80 }
                if lead >= 0xC2 && lead <= 0xDF {
                    guard index + 2 <= count, isContinuation(1) else { return false }
                    index += 2
                } else if lead >= 0xE0 && lead <= 0xEF {
                    guard index + 3 <= count, isContinuation(1), isContinuation(2) else { return false }
                    let second = base[index + 1]
                    if lead == 0xE0 && second < 0xA0 { return false }
                    if lead == 0xED && second > 0x9F { return false }
                    index += 3
                } else if lead >= 0xF0 && lead <= 0xF4 {
                    guard index + 4 <= count, isContinuation(1), isContinuation(2), isContinuation(3) else { return false }
                    let second = base[index + 1]
                    if lead == 0xF0 && second < 0x90 { return false }
                    if lead == 0xF4 && second > 0x8F { return false }
                    index += 4
                } else {
                    return false
                }
            }
            return true
        }
    }
}
