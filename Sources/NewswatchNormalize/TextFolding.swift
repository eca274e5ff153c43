import Foundation

/// The typographic folding that canonical content is built from: the same text typed on two desks,
/// copied through two CMSs, must compare equal.
public enum TextFolding {
    /// NFC, soft hyphens and zero-width characters dropped, typographic quotes, dashes and ellipses
    /// folded to ASCII, every run of white space (including no-break and thin spaces) folded to one
    /// space, and the ends trimmed.
    public static func canonical(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            // ASCII is most of any news text and nothing in it folds: only the space test applies.
            if scalar.isASCII {
                if isSpace(scalar) {
                    pendingSpace = true
                } else {
                    if pendingSpace, !out.isEmpty { out.append(" ") }
                    pendingSpace = false
                    out.append(scalar)
                }
                continue
            }
            if let folded = fold(scalar) {
                if folded.isEmpty { continue }
                if pendingSpace, !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(contentsOf: folded.unicodeScalars)
            } else if isSpace(scalar) {
                pendingSpace = true
            } else {
                if pendingSpace, !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// White space folded to single spaces and trimmed, nothing else changed. For display text.
    public static func collapsingWhitespace(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isInvisible(scalar) { continue }
            if isSpace(scalar) {
                pendingSpace = true
            } else {
                if pendingSpace, !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        // The Unicode property lookup is the costliest step of folding; in ASCII, White_Space is
        // exactly TAB, LF, VT, FF, CR and SPACE.
        if scalar.isASCII { return scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace || scalar == "\u{00A0}" || scalar == "\u{202F}" || scalar == "\u{2007}"
    }

    /// Soft hyphen, zero-width space/joiners, word joiner, byte-order mark.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: return true
        default: return false
        }
    }

    /// The ASCII form of a typographic character ("" to drop it), or nil to keep it as it is.
    private static func fold(_ scalar: Unicode.Scalar) -> String? {
        if isInvisible(scalar) { return "" }
        switch scalar.value {
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x00AB, 0x00BB, 0x2033, 0x2036, 0x275D, 0x275E, 0x301D, 0x301E, 0xFF02:
            return "\""
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2039, 0x203A, 0x2032, 0x2035, 0x275B, 0x275C, 0xFF07:
            return "'"
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D:
            return "-"
        case 0x2026:
            return "..."
        default:
            return nil
        }
    }
}
