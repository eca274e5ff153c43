import CMinHash

/// The keys under which an article is indexed to find its near-duplicates without a scan: MinHash
/// locality-sensitive hashing over the same word shingles as `SimHash`.
///
/// Why not bands of the SimHash itself: equal 16-bit slices only guarantee candidates up to 3 differing
/// bits, and a changed paragraph flips 5–13 (see `SimHash`); slices short enough for 12 bits would
/// hold a large share of the archive each. MinHash bands keep exact-match buckets (64-bit keys, so an
/// index point lookup returns only real candidates) while catching texts that share most shingles:
/// with 12 bands of 4 minima, two texts with shingle-set Jaccard similarity J share a band with
/// probability 1 − (1 − J⁴)¹²: 99.9 % at J = 0.8 (the seeds' edited copies are 0.81–0.92), 54 % at
/// 0.5, and practically never for different articles (the seeds are < 0.01 apart). The SimHash
/// distance then decides.
struct StoryBands {
    static let bands = 12
    static let rows = 4
    /// Texts with fewer shingles (a title-only feed item) are not matched as near-duplicates: with a
    /// handful of features, two headlines sharing a phrase ("Putin droht dem Westen", "Putin droht der
    /// Ukraine") would land within the distance while being different news.
    static let minimumShingles = 12

    /// One key per band.
    let keys: [Int64]

    /// The keys an article is indexed under: none when it has too few shingles to be matched.
    static func keys(of shingles: Shingles) -> [Int64] {
        shingles.hashes.count < minimumShingles ? [] : StoryBands(shingles: shingles).keys
    }

    init(shingles: Shingles) {
        // The costliest loop of fingerprinting an article, in C for AVX2 where the CPU has it
        // (CMinHash): for each salt, the least `Shingles.mix(hash ^ salt)` over the shingles.
        let minima = StoryBands.minima(of: shingles.hashes)
        keys = (0..<StoryBands.bands).map { band in
            var key = UInt64(band) &* 0x9e37_79b9_7f4a_7c15
            for row in 0..<StoryBands.rows {
                key = Shingles.mix(key ^ minima[band * StoryBands.rows + row])
            }
            return Int64(bitPattern: key)
        }
    }

    /// Per salt, the least `Shingles.mix(hash ^ salt)` over `hashes` (`UInt64.max` for none).
    static func minima(of hashes: [UInt64]) -> [UInt64] {
        [UInt64](unsafeUninitializedCapacity: salts.count) { minima, initialized in
            hashes.withUnsafeBufferPointer { hashes in
                salts.withUnsafeBufferPointer { salts in
                    nw_min_hash_minima(hashes.baseAddress, hashes.count, salts.baseAddress, salts.count, minima.baseAddress)
                }
            }
            initialized = salts.count
        }
    }

    /// A band key as the near-duplicate index (`story_key_index`, FTS5) holds it: one ASCII token.
    /// The key mixes in its band number, so keys of different bands do not meet.
    static func token(_ key: Int64) -> String {
        "k" + String(UInt64(bitPattern: key), radix: 16)
    }

    /// The band keys of a `story_keys.keys` text (tokens as `token` writes them), appended to `keys`.
    static func parseTokens(_ text: String, into keys: inout [Int64]) {
        var value: UInt64 = 0
        var inToken = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "k"):
                value = 0
                inToken = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = value << 4 | UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"):
                value = value << 4 | UInt64(byte - UInt8(ascii: "a") + 10)
            default:
                if inToken { keys.append(Int64(bitPattern: value)) }
                inToken = false
            }
        }
        if inToken { keys.append(Int64(bitPattern: value)) }
    }

    /// Fixed salts, one per MinHash function (a SplitMix64 sequence from a fixed seed).
    static let salts: [UInt64] = {
        var state: UInt64 = 0x6e65_7773_7761_7463 // "newswatc"
        return (0..<(bands * rows)).map { _ in
            state = state &+ 0x9e37_79b9_7f4a_7c15
            return Shingles.mix(state)
        }
    }()
}
