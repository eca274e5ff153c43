/// A word of 16 bytes at most as two integers, its bytes in order from the high byte of `high` on,
/// zeros after them (no word looked up holds a zero byte, so no two pack alike): a word of a page's
/// markup (a class name, an attribute name) is looked up in a sorted list of them by a binary search,
/// without a `String` and without hashing.
struct PackedWord: Comparable {
    var high: UInt64
    var low: UInt64

    static func < (a: PackedWord, b: PackedWord) -> Bool { a.high != b.high ? a.high < b.high : a.low < b.low }

    /// The packed form of `word` (ASCII capitals lowered with `lowering`), or nil when it is longer
    /// than 16 bytes or holds a zero byte (which would pack as the word without it).
    init?<Bytes: Collection<UInt8>>(_ word: Bytes, lowering: Bool = false) {
        guard word.count <= 16 else { return nil }
        high = 0
        low = 0
        var index = 0
        for var byte in word {
            if byte == 0 { return nil }
            if lowering, byte >= 0x41, byte <= 0x5A { byte |= 0x20 }
            if index < 8 { high |= UInt64(byte) << (56 - 8 * index) } else { low |= UInt64(byte) << (56 - 8 * (index - 8)) }
            index += 1
        }
    }

    /// Where `self` is in `sorted` (ascending), by a binary search.
    func index(in sorted: [PackedWord]) -> Int? {
        var lower = 0
        var upper = sorted.count
        while lower < upper {
            let middle = (lower + upper) >> 1
            let candidate = sorted[middle]
            if candidate == self { return middle }
            if candidate < self { lower = middle + 1 } else { upper = middle }
        }
        return nil
    }
}
