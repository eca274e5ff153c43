/// Undoes the commonest damage in German feeds: UTF-8 bytes that went through a windows-1252 (or
/// ISO-8859-1) decoder on the way, so `Für` arrives as `FÃ¼r` and `„` as `â€ž`.
enum MojibakeRepair {
    /// The text with the damage undone, or the text itself when it shows none or cannot be undone
    /// as a whole (it holds a character windows-1252 has no byte for).
    static func repair(_ text: String) -> String {
        guard text.contains("Ã") || text.contains("â€") || text.contains("Â") else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let byte = reverse[scalar] else { return text }
            bytes.append(byte)
        }
        guard let repaired = String(validating: bytes, as: UTF8.self), repaired != text else { return text }
        return repaired
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
