import Testing
import NewswatchTestSupport

@Suite struct GzipZerosTests {
    @Test func crcOfZerosMatchesTheBitwiseChecksum() {
        for count in [0, 1, 7, 258, 1000, 65_537] {
            #expect(CRC32.ofZeros(count: count) == CRC32.checksum([UInt8](repeating: 0, count: count)), "\(count)")
        }
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func bombIsSmall() {
        let bomb = GzipZeros.make(count: 1 << 30)
        #expect(bomb.count < 7_000_000)
        #expect(Array(bomb.prefix(3)) == [0x1F, 0x8B, 8])
    }
}
