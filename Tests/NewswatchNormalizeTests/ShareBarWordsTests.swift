import Testing
@testable import NewswatchNormalize

/// `PageLine.isShareBar` reads a line's words one at a time; it must answer as the whole-line split
/// it stands in for.
@Suite struct ShareBarWordsTests {
    /// The split-based reading `isShareBar` replaced.
    static func splitReading(_ lower: String) -> Bool {
        guard PageLine.mentionsShareTrigger(lower) else { return false }
        var count = 0
        var triggered = false
        for piece in lower.split(whereSeparator: { $0 == " " || $0 == "|" || $0 == "·" || $0 == "," }) {
            let word = piece.trimmingCharacters(in: PageLine.shareWordPunctuation)
            if word.isEmpty { continue }
            guard PageLine.shareWords.contains(word) else { return false }
            count += 1
            if count > 14 { return false }
            if PageLine.shareTriggers.contains(word) { triggered = true }
        }
        return count > 0 && triggered
    }

    @Test(arguments: [
        "artikel teilen:", "share on facebook twitter", "teilen | tweet | e-mail", " , share,, facebook ,", "•share•",
        "share", "• • share • •", "share: · · whatsapp", "shares rose on monday", "market share grew, twitter said",
        "teilen teilen teilen teilen teilen teilen teilen teilen teilen teilen teilen teilen teilen teilen",
        "teilen teilen teilen teilen teilen teilen teilen teilen teilen teilen teilen teilen teilen teilen teilen",
        "|||", "share|", "|share", "facebook e\u{301}mail", "twitter ·", "··share··", "", " ", "e-mail teilen: x",
    ])
    func wordByWordReadingAnswersAsTheSplit(line: String) {
        #expect(PageLine.isShareBar(line) == Self.splitReading(line))
    }
}
