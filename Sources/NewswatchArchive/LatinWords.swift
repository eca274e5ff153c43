import NewswatchNormalize

/// The lowercased words of a text whose scalars are all below U+0300 (ASCII, Latin-1, Latin
/// Extended-A/B: German, English, French… after NFC), cut scalar by scalar into one byte buffer.
///
/// Below U+0300 there are no combining marks, joiners or other grapheme extenders, so every scalar is
/// a Character of its own and the result is exactly that of `lowercased()` followed by a split on
/// `Shingles.isWordCharacter`, without grapheme breaking or a String per word. A text with any other
/// scalar, or with one whose lowercase is several scalars (`İ` → `i̇`), gets nil: the caller takes
/// the general path.
struct LatinWords {
    private var buffer: [UInt8] = []
    private var ends: [Int] = []

    var count: Int { ends.count }

    func bytes(of index: Int) -> ArraySlice<UInt8> {
        buffer[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }

    init?(_ text: String) {
        var buffer: [UInt8] = []
        var ends: [Int] = []
        buffer.reserveCapacity(text.utf8.count)
        // Decoded from the UTF-8 bytes: a scalar below the limit takes one or two of them, and a lead
        // byte of three or more means a scalar above it.
        let taken = LatinWords.table.withUnsafeBufferPointer { table in
            UTF8Bytes.with(text) { bytes -> Bool in
                var inWord = false
                var index = 0
                while index < bytes.count {
                    let lead = bytes[index]
                    let value: UInt32
                    if lead < 0x80 {
                        value = UInt32(lead)
                        index += 1
                    } else if lead < 0xE0 {
                        value = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                        index += 2
                    } else {
                        return false
                    }
                    guard value < LatinWords.limit else { return false }
                    let entry = table[Int(value)]
                    if entry.lowercase == LatinWords.notSimple { return false }
                    if entry.isWord {
                        if entry.lowercase < 0x80 {
                            buffer.append(UInt8(entry.lowercase))
                        } else {
                            UTF8.encode(Unicode.Scalar(entry.lowercase)!) { buffer.append($0) }
                        }
                        inWord = true
                    } else if inWord {
                        ends.append(buffer.count)
                        inWord = false
                    }
                }
                if inWord { ends.append(buffer.count) }
                return true
            }
        }
        guard taken else { return nil }
        self.buffer = buffer
        self.ends = ends
    }

    private static let limit: UInt32 = 0x300
    private static let notSimple = UInt32.max

    /// Per scalar below the limit: its lowercase (a single scalar, else `notSimple`) and whether that
    /// lowercase is a letter or digit, as `Character` answers it.
    private static let table: [(lowercase: UInt32, isWord: Bool)] = (0..<limit).map { value in
        let scalar = Unicode.Scalar(value)!
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        guard lower.count == 1, let first = lower.first else { return (notSimple, false) }
        return (first.value, Shingles.isWordCharacter(Character(first)))
    }
}
