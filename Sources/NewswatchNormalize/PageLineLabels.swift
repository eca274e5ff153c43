extension PageLine {
    /// `Patterns.relatedLabel` and `Patterns.topics` matched on a line's bytes. Each is a label (one
    /// of a list of words, in any letter case), spaces, then what the line says after it; a
    /// `wholeMatch` of either costs tens of thousands of instructions on the lines that carry them.
    ///
    /// The bytes decide a line whose every `Character` is one scalar, whose only white space is the
    /// ASCII space, and that has no letter outside ASCII that case-maps into ASCII (Kelvin sign,
    /// `İ`, `ı`, `ſ`): there a label's letters match exactly the ASCII letters of either case (and
    /// `ö` the `ö` and `Ö`), `\s` the space and `.` any scalar. Any other line is left to the
    /// patterns (`undecided`).
    enum LabelMatch: Equatable {
        case undecided
        case noMatch
        /// The pattern matches; its capture of what follows the label (nil: the group took no part).
        case match(Substring?)
    }

    static let relatedLabels: [StaticString] = [
        "lesen sie auch", "lesen sie mehr", "ebenfalls interessant", "auch interessant", "mehr zum thema",
        "das k\u{00F6}nnte sie auch interessieren", "das k\u{00F6}nnte sie interessieren", "weiterlesen", "mehr dazu", "read more",
        "read also", "also read", "related", "see also", "more on this story", "more on this topic",
    ]
    static let topicLabels: [StaticString] = ["themen", "schlagw\u{00F6}rter", "schlagworte", "tags", "topics"]

    /// Where a pattern's capture starts once its label is read.
    enum LabelRest {
        case fails
        case noCapture
        case capture(from: Int)
    }

    /// `relatedLabel`: the label, `\s*`, then the end, or `:`, `\s*` and the rest (the capture).
    static func relatedLabelOnBytes(_ line: String) -> LabelMatch {
        labelOnBytes(line, labels: relatedLabels) { bytes, end in
            var index = end
            while index < bytes.count, bytes[index] == 0x20 { index += 1 }
            if index == bytes.count { return .noCapture }
            guard bytes[index] == UInt8(ascii: ":") else { return .fails }
            index += 1
            while index < bytes.count, bytes[index] == 0x20 { index += 1 }
            return .capture(from: index)
        }
    }

    /// `topics`: the label, `\s*`, an optional `:`, `\s*`, then the rest (the capture) whatever it is.
    static func topicsOnBytes(_ line: String) -> LabelMatch {
        labelOnBytes(line, labels: topicLabels) { bytes, end in
            var index = end
            while index < bytes.count, bytes[index] == 0x20 { index += 1 }
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
            while index < bytes.count, bytes[index] == 0x20 { index += 1 }
            return .capture(from: index)
        }
    }

    /// The label at the line's start (no two labels of a list both begin a line: none is a prefix of
    /// another), then `rest`, given the bytes and the label's end.
    private static func labelOnBytes(
        _ line: String, labels: [StaticString], rest: (UnsafeBufferPointer<UInt8>, Int) -> LabelRest
    ) -> LabelMatch {
        guard UTF8Bytes.hasSingleScalarCharacters(line) else { return .undecided }
        let found = UTF8Bytes.with(line) { bytes -> LabelRest? in
            guard UTF8Bytes.hasOnlySpaceAsWhiteSpace(bytes), !PatternGates.hasLookalike(bytes) else { return nil }
            guard let label = labels.first(where: { hasFoldedPrefix(bytes, $0) }) else { return .fails }
            return rest(bytes, label.utf8CodeUnitCount)
        }
        switch found {
        case nil: return .undecided
        case .fails?: return .noMatch
        case .noCapture?: return .match(nil)
        case .capture(let start)?: return .match(line[line.utf8.index(line.utf8.startIndex, offsetBy: start)...])
        }
    }

    /// Whether `bytes` begin with `label` (lower case: ASCII and Latin-1 letters) in any letter case:
    /// ASCII capitals and the Latin-1 capitals (C3 80–C3 9E but C3 97) with the case bit set.
    static func hasFoldedPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ label: StaticString) -> Bool {
        let count = label.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        let literal = label.utf8Start
        var index = 0
        while index < count {
            var byte = bytes[index]
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            if index > 0, literal[index - 1] == 0xC3, byte >= 0x80 && byte <= 0x9E && byte != 0x97 { byte += 0x20 }
            guard byte == literal[index] else { return false }
            index += 1
        }
        return true
    }
}
