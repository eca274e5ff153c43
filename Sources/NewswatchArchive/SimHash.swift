import NewswatchNormalize

/// A 64-bit SimHash (Charikar) of an article's canonical text: texts that share most of their word
/// shingles get fingerprints that differ in few bits, so "the same wire story with small edits" is a
/// Hamming-distance question instead of a full-text comparison.
///
/// Features are word shingles (`Shingles`), each voting with its stable 64-bit hash. How many bits a
/// small edit flips, measured on the seeds (~400 words each): one reworded sentence plus one new
/// furniture line, 1–8 bits; a whole paragraph replaced, 4–13 bits; two different seeds (all on the
/// same topic), 27 bits or more. Hence the archive's default threshold of 12, not the 3 bits of
/// web-scale crawlers whose pages are near-identical.
public struct SimHash: Sendable, Hashable, CustomStringConvertible {
    public let value: UInt64

    public init(value: UInt64) { self.value = value }

    public init(article: Article) {
        self.init(shingles: Shingles(article: article))
    }

    public init(canonicalText text: String) {
        self.init(shingles: Shingles(canonicalText: text))
    }

    init(shingles: Shingles) {
        // A bit's vote is (ones − zeros), positive when 2 × ones > count: the same fingerprint as
        // summing ±1 per shingle and bit. The ones are counted eight bits at a time, in the bytes of
        // eight words (word j, byte k counts bit 8k + j), flushed before a byte can overflow: 8
        // additions per shingle instead of 64.
        var ones = [Int](repeating: 0, count: 64)
        let lanes: UInt64 = 0x0101_0101_0101_0101
        shingles.hashes.withUnsafeBufferPointer { hashes in
            var start = 0
            while start < hashes.count {
                let end = min(start + 255, hashes.count)
                var sums = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
                for hash in hashes[start..<end] {
                    sums.0 &+= hash & lanes
                    sums.1 &+= (hash >> 1) & lanes
                    sums.2 &+= (hash >> 2) & lanes
                    sums.3 &+= (hash >> 3) & lanes
                    sums.4 &+= (hash >> 4) & lanes
                    sums.5 &+= (hash >> 5) & lanes
                    sums.6 &+= (hash >> 6) & lanes
                    sums.7 &+= (hash >> 7) & lanes
                }
                for (j, sum) in [sums.0, sums.1, sums.2, sums.3, sums.4, sums.5, sums.6, sums.7].enumerated() {
                    for k in 0..<8 { ones[8 * k + j] += Int((sum >> UInt64(8 * k)) & 0xff) }
                }
                start = end
            }
        }
        var value: UInt64 = 0
        for bit in 0..<64 where 2 * ones[bit] > shingles.hashes.count { value |= 1 << UInt64(bit) }
        self.value = value
    }

    public func distance(to other: SimHash) -> Int { (value ^ other.value).nonzeroBitCount }

    /// The value as SQLite stores it: the same 64 bits as a signed integer.
    var storedValue: Int64 { Int64(bitPattern: value) }

    public var description: String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// The word shingles of a canonical text (`length` consecutive lowercased words), as stable 64-bit
/// hashes. Stable matters: fingerprints are stored, so they must not change between processes (Swift's
/// `Hasher` is seeded per process); FNV-1a mixed by the SplitMix64 finaliser is fixed forever.
struct Shingles {
    static let length = 3
    let hashes: [UInt64]

    init(article: Article) {
        self.init(canonicalText: ContentHash.canonicalText(headline: article.headline, teaser: article.teaser, body: article.body))
    }

    init(canonicalText text: String) {
        if let words = LatinWords(text) {
            hashes = Shingles.hashes(count: words.count) { words.bytes(of: $0) }
            return
        }
        let words = text.lowercased().split(whereSeparator: { !Shingles.isWordCharacter($0) })
        hashes = Shingles.hashes(count: words.count) { words[$0].utf8 }
    }

    /// The hash of each run of `length` consecutive words joined by single spaces, fed word by word:
    /// no joined string is built. Fewer words than `length` make one shingle of them all.
    ///
    /// The three shingles a word belongs to are hashed side by side, in one pass over its bytes: FNV
    /// is a chain of multiplications, each waiting for the last, and three independent chains
    /// overlap in the processor where one chain per shingle, one after the other, did not (shingles
    /// were ~4.5% of a 1,000-feed first poll's CPU).
    private static func hashes<Bytes: Sequence<UInt8>>(count wordCount: Int, word: (Int) -> Bytes) -> [UInt64] {
        let space = UInt8(ascii: " ")
        guard wordCount >= 3 else {
            guard wordCount > 0 else { return [] }
            var hash = Shingles.fnvOffset
            for index in 0..<wordCount {
                if index > 0 { hash = Shingles.fnv(hash, space) }
                for byte in word(index) { hash = Shingles.fnv(hash, byte) }
            }
            return [Shingles.mix(hash)]
        }
        assert(Shingles.length == 3, "the side-by-side hashing below keeps three shingles going")
        return [UInt64](unsafeUninitializedCapacity: wordCount - 2) { out, initialized in
            // Before word `index`: the shingles begun two words back and one word back.
            var twoBack = Shingles.fnvOffset, oneBack = Shingles.fnvOffset
            for index in 0..<wordCount {
                // Before the second word these two have no words yet: their hashes are thrown away.
                twoBack = Shingles.fnv(twoBack, space)
                oneBack = Shingles.fnv(oneBack, space)
                var current = Shingles.fnvOffset
                for byte in word(index) {
                    twoBack = Shingles.fnv(twoBack, byte)
                    oneBack = Shingles.fnv(oneBack, byte)
                    current = Shingles.fnv(current, byte)
                }
                if index >= 2 { out[index - 2] = Shingles.mix(twoBack) }
                (twoBack, oneBack) = (oneBack, current)
            }
            initialized = wordCount - 2
        }
    }

    /// A letter or a digit. ASCII is answered without the Unicode property tables (the costliest step
    /// of cutting shingles before), with the same answer `Character.isLetter || isNumber` gives.
    static func isWordCharacter(_ character: Character) -> Bool {
        if let ascii = character.asciiValue {
            return (ascii >= 0x61 && ascii <= 0x7a) || (ascii >= 0x41 && ascii <= 0x5a) || (ascii >= 0x30 && ascii <= 0x39)
        }
        return character.isLetter || character.isNumber
    }

    static func stableHash(_ text: String) -> UInt64 {
        var hash = fnvOffset
        for byte in text.utf8 { hash = fnv(hash, byte) }
        return mix(hash)
    }

    /// FNV-1a, 64 bits.
    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static func fnv(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// SplitMix64's finaliser: every input bit affects every output bit.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
