import NewswatchNormalize

/// Byte tests in front of `PageArticleAssembly`'s byline and date patterns, which every short line
/// above an article's text is asked (a `wholeMatch` costs tens of thousands of instructions even
/// when it fails at once). A line the patterns match always passes its test; a line that fails it
/// cannot match, so the answer stays the patterns'.
enum PageHeadGates {
    /// `byline` begins with `von`, `by`, `text:`, `autor:` or `author:` in any letter case. No
    /// `Character` but these ASCII letters matches them case-insensitively; a line with a character
    /// that may match an ASCII letter when case is ignored (Kelvin sign, dotted and dotless i, long s:
    /// `PageStampLines.mayMatchOutsideASCII`) passes all the same.
    static func mayBeByline(_ line: String) -> Bool {
        UTF8Bytes.with(line) { bytes in
            bylineStarts.contains { UTF8Bytes.hasPrefix(bytes, $0, caseInsensitive: true) } || PageStampLines.mayMatchOutsideASCII(bytes)
        }
    }

    static let bylineStarts: [StaticString] = ["von", "by", "text:", "autor:", "author:"]

    /// `dateLine` and `namedDateLine` each need a `\d`, a `Character` whose scalar is numeric: a
    /// line with no numeric scalar (an ASCII digit, or a scalar outside ASCII with a numeric type)
    /// matches neither.
    static func mayBeDateLine(_ line: String) -> Bool { UTF8Bytes.hasNumericScalar(line) }
}
