import CLibXML2

/// What a reader makes of an element, by its name (case aside), looked up from libxml2's name bytes.
/// Every element of a page or of an item's HTML is asked what it is, some several times: a short
/// ASCII name (nearly every one) is looked up by its bytes packed into a word, without a String; a
/// longer one, or one with a byte outside ASCII (which `lowercased()` could map into ASCII, as the
/// Kelvin sign into `k`), by its lower-cased String.
struct ElementNameTable<Value: Sendable>: Sendable {
    private let byName: [String: Value]
    /// `byName` for the names of eight bytes or fewer, each name's bytes packed into a word (no name
    /// holds a zero byte, so no two pack alike), in ascending order of the words, for a binary search:
    /// a `Dictionary` hashed the word (SipHash) for each of the page's 40,000 questions.
    private let packedNames: [UInt64]
    private let packedValues: [Value]

    /// `byName`'s keys are lower case.
    init(_ byName: [String: Value]) {
        self.byName = byName
        let packed = byName.compactMap { name, value in
            name.utf8.count <= 8 ? (name.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }, value) : nil
        }.sorted { $0.0 < $1.0 }
        packedNames = packed.map(\.0)
        packedValues = packed.map(\.1)
    }

    /// The value of the name packed into `word`, by a binary search of `packedNames`.
    private func value(packed word: UInt64) -> Value? {
        var lower = 0
        var upper = packedNames.count
        while lower < upper {
            let middle = (lower + upper) >> 1
            let candidate = packedNames[middle]
            if candidate == word { return packedValues[middle] }
            if candidate < word { lower = middle + 1 } else { upper = middle }
        }
        return nil
    }

    /// The value for the element named `name` (as `byName[name.lowercased()]`).
    subscript(name: UnsafePointer<xmlChar>?) -> Value? {
        guard let name else { return byName[""] }
        var packed: UInt64 = 0
        var index = 0
        while name[index] != 0 {
            let byte = name[index]
            if byte >= 0x80 || index == 8 { return byName[String(cString: name).lowercased()] }
            packed = packed << 8 | UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            index += 1
        }
        return value(packed: packed)
    }
}
