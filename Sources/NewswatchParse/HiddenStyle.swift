import Foundation
import NewswatchNormalize

/// Whether a `style` attribute hides its element (`display: none`, `visibility: hidden`), spaces and
/// case aside. Every element with a style is asked, in the furniture pass and in the walk; an ASCII
/// style (nearly every one) is read on its bytes, where lower-casing and dropping the spaces are
/// byte operations and the search finds what a search of Characters finds (the words hold no CR or
/// LF, the one pair of ASCII bytes that is one Character). Any other style goes through Foundation,
/// as it did before.
enum HiddenStyle {
    static func hides(_ style: String) -> Bool {
        let ascii: Bool? = UTF8Bytes.with(style) { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var folded: [UInt8] = []
            folded.reserveCapacity(bytes.count)
            for byte in bytes where byte != 0x20 { folded.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
            return folded.withUnsafeBufferPointer { UTF8Bytes.contains($0, "display:none") || UTF8Bytes.contains($0, "visibility:hidden") }
        }
        if let ascii { return ascii }
        let folded = style.lowercased().replacingOccurrences(of: " ", with: "")
        return folded.contains("display:none") || folded.contains("visibility:hidden")
    }
}
