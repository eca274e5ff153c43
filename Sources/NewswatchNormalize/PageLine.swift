import Foundation

/// What a line of article text is, when it is not the article's own text: page furniture to drop, or
/// furniture that carries something the model keeps (a related link, the author line, the topics).
///
/// These rules are what news pages have in common, written once for every reader (plain text, feed
/// HTML, article pages). Furniture particular to one site is learned from the archive, not listed here.
public enum PageLine: Sendable, Equatable {
    /// The article's own text.
    case text
    /// Page furniture: share bars, "Folgen Sie …", newsletter prompts, byline templates, labels.
    case furniture
    /// A promo label such as `Lesen Sie auch:`; the headline is on the same line or, when nil, is the
    /// next line of the page.
    case relatedLabel(headline: String?)
    /// The trailing author line `/bua/news.de/dpa`: author codes, the site, then agencies.
    case authorLine(authors: [String], source: String, agencies: [String])
    /// `Themen: Ukraine, Russland`; an empty topic list is plain furniture.
    case topics([String])
    /// The byline `Erstellt von NAME - DATE Uhr`; the template with no name is furniture.
    case byline(author: String)
    /// The photo viewer's label `CAPTION (Foto) Suche`.
    case photoViewer(caption: String)

    public static func classify(_ rawLine: String) -> PageLine {
        classify(folded: TextFolding.collapsingWhitespace(rawLine))
    }

    /// `classify` of a line whose white space is folded already (`collapsingWhitespace(line) == line`,
    /// as for every line `HTMLBlockReader` reads): the check that folding leaves it as it is, a pass
    /// over every line of every item again, is left out.
    public static func classify(folded line: String) -> PageLine {
        assert(TextFolding.collapsingWhitespace(line) == line, "classify(folded:) of a line that is not folded")
        if line.isEmpty { return .furniture }
        // Every line of every article comes here, and nearly all are the article's text. Each pattern
        // is tried only when the line passes its gate (`PatternGates`), which a line the pattern
        // matches always passes: so the answer is the patterns', at a fraction of the cost.
        let gates = PatternGates(line)

        if gates.mayBeRelatedLabel {
            // On the bytes where they decide (`LabelMatch`), else the pattern.
            var found = relatedLabelOnBytes(line)
            if found == .undecided { found = line.wholeMatch(of: Patterns.relatedLabel).map { .match($0.1) } ?? .noMatch }
            if case .match(let capture) = found {
                let headline = trimmingWhitespaces(capture ?? "")
                return .relatedLabel(headline: headline.isEmpty ? nil : headline)
            }
        }
        if let author = authorLine(line) { return author }
        var topicsFound = gates.mayBeTopics ? topicsOnBytes(line) : .noMatch
        if topicsFound == .undecided { topicsFound = line.wholeMatch(of: Patterns.topics).map { .match($0.2) } ?? .noMatch }
        if case .match(let capture?) = topicsFound {
            let topics = capture.split(whereSeparator: { ",·|;".contains($0) })
                .map(trimmingWhitespaces).filter { !$0.isEmpty }
            return topics.isEmpty ? .furniture : .topics(topics)
        }
        if gates.mayBeByline, let match = line.wholeMatch(of: Patterns.byline) {
            let name = match.1.trimmingCharacters(in: CharacterSet(charactersIn: " -–,"))
            if name.isEmpty || name.allSatisfy({ $0.isNumber || ".:, ".contains($0) }) { return .furniture }
            return .byline(author: name)
        }
        if gates.mayBePhotoViewer, let match = line.wholeMatch(of: Patterns.photoViewer) {
            return .photoViewer(caption: String(match.1))
        }
        guard gates.mayBeShareBar || gates.mayBeFurniture else { return .text }
        let lower = lowercase(line)
        if gates.mayBeShareBar, isShareBar(lower) { return .furniture }
        for index in 0..<Patterns.furnitureCount where gates.furniturePatterns & (1 << index) != 0 {
            if furnitureOnBytes(index, lower) ?? (lower.wholeMatch(of: Patterns.furniture(index)) != nil) { return .furniture }
        }
        return .text
    }

    /// `text.trimmingCharacters(in: .whitespaces)`; text that starts and ends with printable ASCII
    /// has nothing to trim and is not handed to Foundation (a topic, a related headline).
    static func trimmingWhitespaces(_ text: Substring) -> String {
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20 && first < 0x7F, last > 0x20 && last < 0x7F { return String(text) }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// The words of `Patterns.furniture[6]`, the whole line.
    static let advertisementWords: [StaticString] = ["anzeige", "werbung", "advertisement", "sponsored", "gesponsert", "promotion"]

    /// Whether `Patterns.furniture[index]` matches the whole lower-cased line, decided on the bytes
    /// for the advertisement label (6) and the comment counter (12) when the line is ASCII without
    /// CR: there every byte is a `Character`, a literal of the pattern matches only its own byte, and
    /// `\d` only `0`–`9`. Nil: the pattern decides.
    static func furnitureOnBytes(_ index: Int, _ lower: String) -> Bool? {
        guard index == 6 || index == 12 else { return nil }
        return UTF8Bytes.with(lower) { bytes -> Bool? in
            guard !bytes.contains(where: { $0 >= 0x80 || $0 == 0x0D }) else { return nil }
            func isWhole(_ word: StaticString) -> Bool { bytes.count == word.utf8CodeUnitCount && UTF8Bytes.hasPrefix(bytes, word) }
            if index == 6 { return advertisementWords.contains(where: isWhole) }
            // `(?:kommentare|comments|\d+ kommentare|\d+ comments)(?: \(\d+\))?:?`
            let count = bytes.count
            var cursor = 0
            func digits() -> Bool {
                let start = cursor
                while cursor < count, bytes[cursor] >= 0x30 && bytes[cursor] <= 0x39 { cursor += 1 }
                return cursor > start
            }
            if cursor < count, bytes[cursor] >= 0x30 && bytes[cursor] <= 0x39 {
                _ = digits()
                guard cursor < count, bytes[cursor] == 0x20 else { return false }
                cursor += 1
            }
            if UTF8Bytes.hasPrefix(bytes, "kommentare", at: cursor) { cursor += 10 } else if UTF8Bytes.hasPrefix(bytes, "comments", at: cursor) { cursor += 8 } else { return false }
            if UTF8Bytes.hasPrefix(bytes, " (", at: cursor) {
                let mark = cursor
                cursor += 2
                if !(digits() && cursor < count && bytes[cursor] == UInt8(ascii: ")")) { cursor = mark } else { cursor += 1 }
            }
            if cursor < count, bytes[cursor] == UInt8(ascii: ":") { cursor += 1 }
            return cursor == count
        }
    }

    /// `text.lowercased()`, byte for byte. The standard library lower-cases a String that is not all
    /// ASCII scalar by scalar, appending each one's `lowercaseMapping` (a String made per scalar);
    /// here ASCII and the Latin-1 capitals (U+00C0–U+00DE but U+00D7, each to the scalar 0x20 above)
    /// are mapped on the bytes, and every other scalar still appends its `lowercaseMapping`.
    static func lowercase(_ text: String) -> String {
        UTF8Bytes.with(text) { bytes in
            var lower: [UInt8] = []
            lower.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    lower.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                    index += 1
                } else if byte == 0xC3 {
                    let second = bytes[index + 1]
                    lower.append(byte)
                    lower.append(second <= 0x9E && second != 0x97 ? second + 0x20 : second)
                    index += 2
                } else {
                    let (scalar, width) = UTF8Bytes.scalar(in: bytes, at: index)
                    lower.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
                    index += width
                }
            }
            return CheckedUTF8String.make(lower)
        }
    }

    /// `/loc/news.de`, `/bua/news.de/dpa`, `/news.de`: the segment with a dot is the site.
    static func authorLine(_ line: String) -> PageLine? {
        // No scalar but `/` is canonically `/`: a line that does not begin with its byte does not begin with it.
        guard line.utf8.first == UInt8(ascii: "/"), line.hasPrefix("/"), line.count <= 80, !line.contains(" ") else { return nil }
        let segments = line.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !segments.isEmpty, segments.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || ".-_".contains($0) } }),
              let site = segments.firstIndex(where: { $0.contains(".") && !$0.hasPrefix(".") && !$0.hasSuffix(".") })
        else { return nil }
        return .authorLine(
            authors: Array(segments[..<site]),
            source: segments[site],
            agencies: Array(segments[(site + 1)...]))
    }

    static let shareWords: Set<String> = [
        "artikel", "beitrag", "seite", "teilen", "share", "this", "article", "story", "on", "auf", "via", "per",
        "facebook", "twitter", "x", "whatsapp", "e-mail", "email", "mail", "pinterest", "linkedin", "telegram",
        "xing", "reddit", "flipboard", "threads", "bluesky", "mastodon", "messenger", "drucken", "print", "link",
        "kopieren", "copy", "merken", "bookmark", "speichern", "save", "tweet", "teilen:", "share:", "und", "and",
    ]
    static let shareTriggers: Set<String> = ["teilen", "share", "facebook", "twitter", "whatsapp", "pinterest", "linkedin", "tweet"]

    /// A line made only of share-widget words: `Artikel teilen:`, `Share on Facebook Twitter E-Mail`.
    static func isShareBar(_ lower: String) -> Bool {
        // Every line of every article comes here; splitting and trimming through Foundation is costly,
        // and a share bar always spells out one of the triggers, so lines without one stop here.
        guard mentionsShareTrigger(lower) else { return false }
        if let answer = shareBarOnBytes(lower) { return answer }
        // Word by word, stopping at the first that is no share word: a line of text that merely
        // mentions "shares" is told after one word.
        // The pieces are those of `split(whereSeparator:)` (empty ones left out), found one at a time:
        // splitting a long paragraph whole to read its first word cost more than the rest.
        var count = 0
        var triggered = false
        var start = lower.startIndex
        while start < lower.endIndex {
            let end = lower[start...].firstIndex(where: { $0 == " " || $0 == "|" || $0 == "·" || $0 == "," }) ?? lower.endIndex
            if start < end {
                let word = trimmingShareWordPunctuation(lower[start..<end])
                if !word.isEmpty {
                    guard shareWords.contains(word) else { return false }
                    count += 1
                    if count > 14 { return false }
                    if shareTriggers.contains(word) { triggered = true }
                }
            }
            start = end < lower.endIndex ? lower.index(after: end) : end
        }
        return count > 0 && triggered
    }

    static let shareWordPunctuation = CharacterSet(charactersIn: ":.!•")

    /// `isShareBar`'s word-by-word reading on the bytes, for a line whose every `Character` is one
    /// scalar: there the separators are the scalars ` `, `|`, `,` and `·` (U+0387, which is
    /// canonically `·`, sends the line to the `Character`s), and the punctuation is trimmed scalar
    /// by scalar as before. The words are compared as Strings, as before. Nil: the `Character`s
    /// decide.
    static func shareBarOnBytes(_ lower: String) -> Bool? {
        guard UTF8Bytes.hasSingleScalarCharacters(lower) else { return nil }
        return UTF8Bytes.with(lower) { bytes -> Bool? in
            if UTF8Bytes.contains(bytes, "\u{0387}") { return nil }
            let count = bytes.count
            func isPunctuation(_ start: Int, _ end: Int, atEnd: Bool) -> Int {
                // The width of the punctuation scalar at the start (or before the end), 0 for none.
                let byte = atEnd ? bytes[end - 1] : bytes[start]
                if byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") { return 1 }
                guard end - start >= 3 else { return 0 }
                let at = atEnd ? end - 3 : start
                return bytes[at] == 0xE2 && bytes[at + 1] == 0x80 && bytes[at + 2] == 0xA2 ? 3 : 0
            }
            var words = 0
            var triggered = false
            var start = 0
            while start < count {
                var end = start
                var separator = 0
                while end < count {
                    let byte = bytes[end]
                    if byte == 0x20 || byte == UInt8(ascii: "|") || byte == UInt8(ascii: ",") { separator = 1; break }
                    if byte == 0xC2, end + 1 < count, bytes[end + 1] == 0xB7 { separator = 2; break }
                    end += 1
                }
                var first = start, last = end
                while first < last, case let width = isPunctuation(first, last, atEnd: false), width > 0 { first += width }
                while first < last, case let width = isPunctuation(first, last, atEnd: true), width > 0 { last -= width }
                if first < last {
                    let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<last]), as: UTF8.self)
                    guard shareWords.contains(word) else { return false }
                    words += 1
                    if words > 14 { return false }
                    if shareTriggers.contains(word) { triggered = true }
                }
                start = end + separator
                if separator == 0 { break }
            }
            return words > 0 && triggered
        }
    }

    /// `word.trimmingCharacters(in: shareWordPunctuation)`: Foundation trims the scalars of the set
    /// from both ends, as this does without building a `CharacterSet` lookup per scalar.
    static func trimmingShareWordPunctuation(_ word: Substring) -> String {
        func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
            scalar == ":" || scalar == "." || scalar == "!" || scalar == "\u{2022}"
        }
        var scalars = word.unicodeScalars
        while let first = scalars.first, isPunctuation(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, isPunctuation(last) { scalars = scalars.dropLast() }
        return String(scalars)
    }

    /// `shareTriggers`, for the byte tests.
    static let shareTriggerWords: [StaticString] = ["teilen", "share", "facebook", "twitter", "whatsapp", "pinterest", "linkedin", "tweet"]

    /// Whether one of `shareTriggers` occurs in `lower`'s bytes: a necessary condition of a share bar
    /// (each of its words is a substring of the line).
    static func mentionsShareTrigger(_ lower: String) -> Bool {
        UTF8Bytes.with(lower) { bytes in shareTriggerWords.contains { UTF8Bytes.contains(bytes, $0) } }
    }

    enum Patterns {
        nonisolated(unsafe) static let relatedLabel =
            /(?i)(?:lesen sie auch|lesen sie mehr|ebenfalls interessant|auch interessant|mehr zum thema|das könnte sie auch interessieren|das könnte sie interessieren|weiterlesen|mehr dazu|read more|read also|also read|related|see also|more on this story|more on this topic)\s*(?::\s*(.*))?/
        nonisolated(unsafe) static let topics = /(?i)(themen|schlagwörter|schlagworte|tags|topics)\s*:?\s*(.*)/
        nonisolated(unsafe) static let byline = /(?i)erstellt von\s*(.{0,80}?)(?:\s*-?\s*(?:[\d.:, ]*\s*)?uhr)?/
        nonisolated(unsafe) static let photoViewer = /(.*?)\s*\(Foto\)\s*Suche/
    }
}
