/// Distinct words as small integers, found again by an open-addressing hash table. The words' bytes
/// live in one buffer the owner keeps and hands in: word `i` is `bytes[starts[i]..<starts[i + 1]]`.
/// An article's words are interned while it is tokenized, so every later step works on integers;
/// the exact words of all queries are interned once at compile time, so a word of an article is
/// looked up without making a String.
struct WordInterner: Sendable {
    private(set) var starts: [Int32] = [0]
    /// Two entries per slot: the high half of the word's hash, then word id + 1 in the low half (0
    /// for an empty slot); then the word's `head`. A word of fewer than eight bytes is found from
    /// the slot alone, without reading the words' buffer. The slot count is a power of two.
    private var slots: [UInt64]
    private var hashes: [UInt64] = []
    private var heads: [UInt64] = []

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: 2 * size)
        hashes.reserveCapacity(capacity)
        heads.reserveCapacity(capacity)
        starts.reserveCapacity(capacity + 1)
    }

    var count: Int { starts.count - 1 }

    func range(of id: Int) -> Range<Int> { Int(starts[id])..<Int(starts[id + 1]) }

    /// Interns `word`: its id, appending its bytes to `bytes` (the owner's buffer) if it is new.
    /// `hash` is `WordInterner.hash(word)`, which the tokenizer computes as it writes the word.
    mutating func intern(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, into bytes: inout [UInt8]) -> Int {
        let head = Self.head(word)
        if let id = bytes.withUnsafeBufferPointer({ find(word, hash: hash, head: head, in: $0) }) { return id }
        return add(word, hash: hash, head: head, into: &bytes)
    }

    /// `intern` of a word whose `head` the caller has (the tokenizer's `WordBuffer`).
    @inline(__always)
    mutating func intern(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, head: UInt64, into bytes: inout [UInt8]) -> Int {
        if let id = bytes.withUnsafeBufferPointer({ find(word, hash: hash, head: head, in: $0) }) { return id }
        return add(word, hash: hash, head: head, into: &bytes)
    }

    private mutating func add(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, head: UInt64, into bytes: inout [UInt8]) -> Int {
        bytes.append(contentsOf: word)
        let id = count
        starts.append(Int32(bytes.count))
        hashes.append(hash)
        heads.append(head)
        if count * 4 > slots.count { grow() } else { place(id, hash: hash, head: head) }
        return id
    }

    /// The id of `word`, if interned; `bytes` is the owner's buffer.
    func id(of word: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        find(word, hash: Self.hash(word), head: Self.head(word), in: bytes)
    }

    /// A word's first eight bytes, little-endian, zero where the word is shorter. Words hold no zero
    /// byte, so two words of fewer than eight bytes are equal exactly when their heads are, and a
    /// head with a zero byte never equals that of a word of eight bytes or more.
    static func head(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var head: UInt64 = 0
        for offset in 0..<min(word.count, 8) { head |= UInt64(word[offset]) << UInt64(offset * 8) }
        return head
    }


    @inline(__always)
    private func find(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, head: UInt64, in stored: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = slots.count / 2 - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let tag = hash & 0xFFFF_FFFF_0000_0000
        while true {
            let entry = slots[2 * slot]
            if entry == 0 { return nil }
            if entry & 0xFFFF_FFFF_0000_0000 == tag && slots[2 * slot + 1] == head {
                let id = Int(entry & 0xFFFF_FFFF) - 1
                if word.count < 8 { return id }
                let start = Int(starts[id]), end = Int(starts[id + 1])
                if end - start == word.count && Self.equalAfterHead(stored.baseAddress! + start, word.baseAddress!, word.count) {
                    return id
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Whether two words of `count` (at least eight) bytes whose heads are equal are equal: eight
    /// bytes at a time, the last block read overlapping the one before.
    @inline(__always)
    private static func equalAfterHead(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var offset = 8
        while count - offset >= 8 {
            if UnsafeRawPointer(a + offset).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + offset).loadUnaligned(as: UInt64.self) {
                return false
            }
            offset += 8
        }
        return offset == count
            || UnsafeRawPointer(a + count - 8).loadUnaligned(as: UInt64.self) == UnsafeRawPointer(b + count - 8).loadUnaligned(as: UInt64.self)
    }

    private mutating func place(_ id: Int, hash: UInt64, head: UInt64) {
        let mask = slots.count / 2 - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[2 * slot] != 0 { slot = (slot + 1) & mask }
        slots[2 * slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(id + 1)
        slots[2 * slot + 1] = head
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        for id in 0..<count { place(id, hash: hashes[id], head: heads[id]) }
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
    /// `hash` of a word of one to eight bytes from its `head`.
    @inline(__always)
    static func hash(head: UInt64, count: Int) -> UInt64 {
        finish(mix(0x9e37_79b9_7f4a_7c15 ^ UInt64(count), head))
    }

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
        return finish(hash)
    }

    @inline(__always)
    private static func finish(_ mixed: UInt64) -> UInt64 {
        var hash = mixed
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
