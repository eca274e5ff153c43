import Foundation

/// The form words are compared in: lower case, accents and other marks dropped, `ß` as `ss`, so
/// `fluchtling*` finds `Flüchtlinge`, `strasse` finds `Straße` and `assad` finds `Assad`. A query and
/// an article are folded by the same function, so they always agree.
///
/// A word is a run of letters and digits; everything else (spaces, punctuation, hyphens, apostrophes)
/// separates words. `Ukraine-Front` is the two words `ukraine` and `front`.
public enum WordFolding {
    /// The folded words of `text`, in order.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        forEachWord(in: text) { words.append($0) }
        return words
    }

    /// Calls `body` with each folded word of `text`, in order.
    public static func forEachWord(in text: String, _ body: (String) -> Void) {
        var word = String.UnicodeScalarView()
        func flush() {
            if !word.isEmpty {
                body(String(word))
                word = String.UnicodeScalarView()
            }
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                switch value {
                case 0x41...0x5A: word.append(Unicode.Scalar(value + 32)!)
                case 0x61...0x7A, 0x30...0x39: word.append(scalar)
                default: flush()
                }
                continue
            }
            if value < 0x250 {
                // Latin-1 and Latin Extended-A/B, most letters of European text: a table lookup.
                if let folded = latinFolding[Int(value - 0x80)] {
                    word.append(contentsOf: folded.unicodeScalars)
                } else {
                    flush()
                }
                continue
            }
            let folded = foldOther(scalar)
            switch folded {
            case .mark: continue
            case .separator: flush()
            case .letters(let text): word.append(contentsOf: text.unicodeScalars)
            }
        }
        flush()
    }

    private enum Folded {
        case mark, separator, letters(String)
    }

    /// A scalar outside the table: a combining mark (the accent of decomposed text, dropped), a
    /// letter or digit (decomposed, marks dropped, lower-cased) or a separator.
    private static func foldOther(_ scalar: Unicode.Scalar) -> Folded {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark, .format:
            return .mark
        default:
            break
        }
        if let special = specialFolding(scalar.value) { return .letters(special) }
        guard properties.isAlphabetic || properties.numericType != nil else { return .separator }
        var out = ""
        for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars {
            switch part.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark, .format: continue
            default: out += part.properties.changesWhenLowercased ? part.properties.lowercaseMapping : String(part)
            }
        }
        return out.isEmpty ? .mark : .letters(out)
    }

    /// U+0080…U+024F folded: nil for a separator, "" for a mark dropped inside a word (the soft
    /// hyphen). Computed once by the general rule.
    private static let latinFolding: [String?] = (0x80..<0x250).map { value in
        switch foldOther(Unicode.Scalar(UInt32(value))!) {
        case .mark: return ""
        case .separator: return nil
        case .letters(let text): return text
        }
    }

    /// Letters that have no canonical decomposition but are written without their mark by people who
    /// cannot type them.
    private static func specialFolding(_ value: UInt32) -> String? {
        switch value {
        case 0x00DF, 0x1E9E: return "ss"      // ß ẞ
        case 0x00C6, 0x00E6: return "ae"      // Æ æ
        case 0x0152, 0x0153: return "oe"      // Œ œ
        case 0x00D8, 0x00F8: return "o"       // Ø ø
        case 0x0110, 0x0111: return "d"       // Đ đ
        case 0x0141, 0x0142: return "l"       // Ł ł
        case 0x00DE, 0x00FE: return "th"      // Þ þ
        case 0x0131: return "i"               // dotless ı
        default: return nil
        }
    }

    /// `text` folded as one string: words folded, separators kept as single spaces. For `/regex/`
    /// queries, which may want to see the folded text.
    public static func foldedText(_ text: String) -> String {
        words(text).joined(separator: " ")
    }
}
