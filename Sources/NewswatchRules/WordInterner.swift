/// Distinct words as small integers, found again by an open-addressing hash table. The words' bytes
/// live in one buffer the owner keeps and hands in: word `i` is `bytes[starts[i]..<starts[i + 1]]`.
/// An article's words are interned while it is tokenized, so every later step works on integers;
/// the exact words of all queries are interned once at compile time, so a word of an article is
/// looked up without making a String.
struct WordInterner: Sendable {
    private(set) var starts: [Int32] = [0]
    /// The high half of the word's hash, then word id + 1 in the low half; 0 for an empty slot.
    /// The count is a power of two.
    private var slots: [UInt64]
    private var hashes: [UInt64] = []

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        hashes.reserveCapacity(capacity)
        starts.reserveCapacity(capacity + 1)
    }

    var count: Int { starts.count - 1 }

    func range(of id: Int) -> Range<Int> { Int(starts[id])..<Int(starts[id + 1]) }

    /// Interns `word`: its id, appending its bytes to `bytes` (the owner's buffer) if it is new.
    /// `hash` is `WordInterner.hash(word)`, which the tokenizer computes as it writes the word.
    mutating func intern(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, into bytes: inout [UInt8]) -> Int {
        if let id = bytes.withUnsafeBufferPointer({ find(word, hash: hash, in: $0) }) { return id }
        bytes.append(contentsOf: word)
        let id = count
        starts.append(Int32(bytes.count))
        hashes.append(hash)
        if count * 2 > slots.count { grow() } else { place(id, hash: hash) }
        return id
    }

    /// The id of `word`, if interned; `bytes` is the owner's buffer.
    func id(of word: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        find(word, hash: Self.hash(word), in: bytes)
    }

    private func find(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, in stored: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let tag = hash & 0xFFFF_FFFF_0000_0000
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(entry & 0xFFFF_FFFF) - 1
                let start = Int(starts[id]), end = Int(starts[id + 1])
                if end - start == word.count && Self.equal(stored.baseAddress! + start, word.baseAddress, word.count) {
                    return id
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Words are short: eight bytes at a time, then a byte loop, beats a call to memcmp.
    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
        guard let b else { return count == 0 }
        var offset = 0
        while count - offset >= 8 {
            if UnsafeRawPointer(a + offset).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + offset).loadUnaligned(as: UInt64.self) {
                return false
            }
            offset += 8
        }
        while offset < count {
            if a[offset] != b[offset] { return false }
            offset += 1
        }
        return true
    }

    private mutating func place(_ id: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(id + 1)
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        for id in 0..<count { place(id, hash: hashes[id]) }
    }

    /// The word's bytes in little-endian blocks of eight (the last one zero-padded), each mixed in
    /// with a multiply, then finished so that the low bits (the slot) depend on every byte.
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        // An empty word has no address; no byte is read at the stand-in.
        let start = UnsafeRawPointer(word.baseAddress) ?? UnsafeRawPointer(bitPattern: 1)!
        return hash(start, count: word.count) { tail, count in
            var block: UInt64 = 0
            for offset in 0..<count { block |= UInt64(tail.load(fromByteOffset: offset, as: UInt8.self)) << UInt64(offset * 8) }
            return block
        }
    }

    /// `hash` of the `count` bytes at `start`, which may read (and ignores) up to seven bytes after them.
    @inline(__always)
    static func hash(padded start: UnsafeRawPointer, count: Int) -> UInt64 {
        hash(start, count: count) { tail, count in
            UInt64(littleEndian: tail.loadUnaligned(as: UInt64.self)) & (UInt64.max >> UInt64(64 - count * 8))
        }
    }

    @inline(__always)
    private static func hash(_ start: UnsafeRawPointer, count: Int, lastBlock: (UnsafeRawPointer, Int) -> UInt64) -> UInt64 {
        var hash = 0x9e37_79b9_7f4a_7c15 ^ UInt64(count)
        var offset = 0
        while count - offset >= 8 {
            hash = mix(hash, UInt64(littleEndian: start.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        if offset < count { hash = mix(hash, lastBlock(start + offset, count - offset)) }
        hash ^= hash >> 32
        hash &*= 0xd6e8_feb8_6659_fd93
        return hash ^ (hash >> 29)
    }

    @inline(__always)
    private static func mix(_ hash: UInt64, _ block: UInt64) -> UInt64 {
        let mixed = (hash ^ block) &* 0xbf58_476d_1ce4_e5b9
        return mixed ^ (mixed >> 31)
    }
}
