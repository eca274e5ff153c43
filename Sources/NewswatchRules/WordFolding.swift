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
        // Canonical decomposition puts every accent in a combining mark of its own, which is dropped.
        let source = text.utf8.allSatisfy({ $0 < 0x80 }) ? text : text.decomposedStringWithCanonicalMapping
        for scalar in source.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                switch value {
                case 0x41...0x5A: word.append(Unicode.Scalar(value + 32)!)
                case 0x61...0x7A, 0x30...0x39: word.append(scalar)
                default: flush()
                }
                continue
            }
            let properties = scalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark, .format:
                // A mark belongs to the letter before it; dropping it is the diacritic folding.
                continue
            default:
                break
            }
            if let special = specialFolding(value) {
                word.append(contentsOf: special.unicodeScalars)
            } else if properties.isAlphabetic || properties.numericType != nil {
                if properties.changesWhenLowercased {
                    word.append(contentsOf: properties.lowercaseMapping.unicodeScalars)
                } else {
                    word.append(scalar)
                }
            } else {
                flush()
            }
        }
        flush()
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
