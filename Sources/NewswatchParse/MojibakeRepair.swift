import Foundation
import NewswatchNormalize

/// Undoes the commonest damage in German feeds: UTF-8 bytes that went through a windows-1252 (or
/// ISO-8859-1) decoder on the way, so `Für` arrives as `FÃ¼r` and `„` as `â€ž`.
enum MojibakeRepair {
    /// The text with the damage undone, or the text itself when it shows none or cannot be undone
    /// as a whole (it holds a character windows-1252 has no byte for).
    static func repair(_ text: String) -> String {
        guard showsDamage(text) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let byte = reverse[scalar] else { return text }
            bytes.append(byte)
        }
        guard let repaired = String(validating: bytes, as: UTF8.self), repaired != text else { return text }
        return repaired
    }

    /// `Ã`, `Â` or `â€` (U+00C3, U+00C2, U+00E2 U+20AC): the marks UTF-8 leaves when read as windows-1252.
    static func showsDamage(_ text: String) -> Bool {
        // Every text field of every item is asked; most hold no U+00C0–U+00FF letter at all, and the
        // few that do (`ä`, `é`) are found from one 0xC3 to the next with `memchr`.
        UTF8Bytes.with(text) { bytes in
            guard let base = bytes.baseAddress else { return false }
            var index = 0
            let count = bytes.count
            while index + 1 < count, let found = memchr(base + index, 0xC3, count - index - 1) {
                let lead = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                let byte = bytes[lead + 1]
                if byte == 0x83 || byte == 0x82 || byte == 0xA2 { return true }
                index = lead + 1
            }
            return false
        }
    }

    static let reverse: [Unicode.Scalar: UInt8] = {
        var map: [Unicode.Scalar: UInt8] = [:]
        for byte in 0...255 {
            let character = SingleByteTable.windows1252.character(UInt8(byte))
            if let scalar = character.unicodeScalars.first { map[scalar] = UInt8(byte) }
        }
        return map
    }()
}
