/// A gzip stream that inflates to `count` zero bytes, built by hand so a test can serve a gzip bomb
/// (1 GiB in about 6.5 MiB) without zlib and without spending seconds compressing zeros.
///
/// One fixed-Huffman deflate block: a literal 0, then length-258/distance-1 copies (13 bits each),
/// then the remainder as literals. Eight copies are 104 bits = 13 whole bytes, so once the bit
/// position is byte-aligned the body is one 13-byte pattern repeated.
public enum GzipZeros {
    public static func make(count: Int) -> [UInt8] {
        precondition(count >= 1)
        var bits = BitWriter()
        bits.write(1, count: 1)          // BFINAL
        bits.write(1, count: 2)          // BTYPE 01: fixed Huffman
        bits.writeCode(0x30, length: 8)  // literal 0
        var left = count - 1
        var copies = left / 258
        left %= 258
        // 11 header+literal bits + 13 per copy: one copy brings the stream to 24 bits.
        var bytes: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]
        if copies >= 1 {
            bits.writeCopy()
            copies -= 1
            precondition(bits.isAligned)
            bytes += bits.takeBytes()
            var chunk = BitWriter()
            for _ in 0..<8 { chunk.writeCopy() }
            let pattern = chunk.takeBytes()
            bytes.reserveCapacity(bytes.count + copies / 8 * 13 + 64)
            for _ in 0..<(copies / 8) { bytes += pattern }
            copies %= 8
        }
        for _ in 0..<copies { bits.writeCopy() }
        for _ in 0..<left { bits.writeCode(0x30, length: 8) }
        bits.writeCode(0, length: 7)     // end of block
        bytes += bits.takeBytes(flushing: true)
        bytes += littleEndian(CRC32.ofZeros(count: count))
        bytes += littleEndian(UInt32(truncatingIfNeeded: count))
        return bytes
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}

private struct BitWriter {
    private var bytes: [UInt8] = []
    private var current: UInt32 = 0
    private var used = 0

    var isAligned: Bool { used == 0 }

    /// Plain values go least significant bit first.
    mutating func write(_ value: UInt32, count: Int) {
        for bit in 0..<count { push((value >> bit) & 1) }
    }

    /// Huffman codes go most significant bit first.
    mutating func writeCode(_ code: UInt32, length: Int) {
        for bit in stride(from: length - 1, through: 0, by: -1) { push((code >> bit) & 1) }
    }

    /// Length 258 (code 285: 8 bits 11000101), distance 1 (code 0: 5 bits).
    mutating func writeCopy() {
        writeCode(0xC5, length: 8)
        writeCode(0, length: 5)
    }

    mutating func takeBytes(flushing: Bool = false) -> [UInt8] {
        if flushing && used > 0 {
            bytes.append(UInt8(current))
            current = 0
            used = 0
        }
        defer { bytes = [] }
        return bytes
    }

    private mutating func push(_ bit: UInt32) {
        current |= bit << used
        used += 1
        if used == 8 {
            bytes.append(UInt8(current))
            current = 0
            used = 0
        }
    }
}

/// CRC-32 (the gzip trailer's), including that of a run of zeros in O(log n) — the register update
/// for zero input is linear, so n zero bytes are one 32×32 bit-matrix raised to the n-th power.
public enum CRC32 {
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    public static func ofZeros(count: Int) -> UInt32 {
        // Operator for one zero bit; columns are the images of each basis bit.
        var operatorForBits = (0..<32).map { bit -> UInt32 in
            let value = UInt32(1) << bit
            return value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1
        }
        for _ in 0..<3 { operatorForBits = compose(operatorForBits, operatorForBits) } // 8 bits
        var result = (0..<32).map { UInt32(1) << $0 } // identity
        var power = operatorForBits
        var remaining = count
        while remaining > 0 {
            if remaining & 1 == 1 { result = compose(power, result) }
            power = compose(power, power)
            remaining >>= 1
        }
        return ~apply(result, 0xFFFF_FFFF)
    }

    private static func apply(_ matrix: [UInt32], _ vector: UInt32) -> UInt32 {
        var out: UInt32 = 0
        for bit in 0..<32 where (vector >> bit) & 1 == 1 { out ^= matrix[bit] }
        return out
    }

    /// a after b.
    private static func compose(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        b.map { apply(a, $0) }
    }
}
