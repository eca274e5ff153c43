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
        var ends: [Int] = []
        ends.reserveCapacity(text.utf8.count / 4)
        var taken = false
        // Written in place: a scalar's lowercase takes at most one byte more than the scalar
        // (U+023A Ⱥ → U+2C65 ⱥ: two bytes to three), so one and a half times the input always fits.
        let buffer = [UInt8](unsafeUninitializedCapacity: text.utf8.count + text.utf8.count / 2 + 4) { out, initialized in
            var written = 0
            taken = LatinWords.table.withUnsafeBufferPointer { table in
                LatinWords.ascii.withUnsafeBufferPointer { ascii in
                    UTF8Bytes.with(text) { bytes -> Bool in
                        var inWord = false
                        var index = 0
                        while index < bytes.count {
                            let lead = bytes[index]
                            // The scalar's lowercase when it is a letter or digit, else 0.
                            let lower: UInt32
                            if lead < 0x80 {
                                // Most of the text: one table look-up a byte.
                                lower = UInt32(ascii[Int(lead)])
                                index += 1
                            } else {
                                // Decoded from the UTF-8 bytes: a scalar below the limit takes two of
                                // them, and a lead byte of three or more means a scalar above it.
                                guard lead < 0xE0 else { return false }
                                let value = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                                index += 2
                                guard value < LatinWords.limit else { return false }
                                let entry = table[Int(value)]
                                if entry.lowercase == LatinWords.notSimple { return false }
                                lower = entry.isWord ? entry.lowercase : 0
                            }
                            if lower == 0 {
                                if inWord { ends.append(written) }
                                inWord = false
                                continue
                            }
                            // The lowercase's UTF-8, one to three bytes (the table holds BMP scalars).
                            if lower < 0x80 {
                                out[written] = UInt8(lower)
                                written += 1
                            } else if lower < 0x800 {
                                out[written] = UInt8(0xC0 | lower >> 6)
                                out[written + 1] = UInt8(0x80 | lower & 0x3F)
                                written += 2
                            } else {
                                out[written] = UInt8(0xE0 | lower >> 12)
                                out[written + 1] = UInt8(0x80 | lower >> 6 & 0x3F)
                                out[written + 2] = UInt8(0x80 | lower & 0x3F)
                                written += 3
                            }
                            inWord = true
                        }
                        if inWord { ends.append(written) }
                        return true
                    }
                }
            }
            initialized = written
        }
        guard taken else { return nil }
        self.buffer = buffer
        self.ends = ends
    }

    private static let limit: UInt32 = 0x300
    private static let notSimple = UInt32.max

    /// Per ASCII byte: its lowercase when it is a letter or digit, else 0 (the same answers as `table`).
    private static let ascii: [UInt8] = (0..<128).map { byte in
        let entry = table[byte]
        return entry.isWord ? UInt8(entry.lowercase) : 0
    }

    /// Per scalar below the limit: its lowercase (a single scalar, else `notSimple`) and whether that
    /// lowercase is a letter or digit, as `Character` answers it.
    private static let table: [(lowercase: UInt32, isWord: Bool)] = (0..<limit).map { value in
        let scalar = Unicode.Scalar(value)!
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        guard lower.count == 1, let first = lower.first else { return (notSimple, false) }
        // `init` writes a lowercase in at most three bytes of UTF-8.
        precondition(first.value < 0x10000, "lowercase of U+\(String(value, radix: 16)) beyond the BMP")
        return (first.value, Shingles.isWordCharacter(Character(first)))
    }
}
