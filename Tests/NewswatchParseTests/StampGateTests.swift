import Foundation
import NewswatchNormalize
import NewswatchTestSupport
import Testing
@testable import NewswatchParse

/// Session 8's byte gates of `PageStampLines` against session 7's code, kept here as the reference.
@Suite struct StampGateTests {
    static func referenceIsStamp(_ line: String) -> Bool {
        guard UTF8Bytes.with(line, { bytes in bytes.contains { $0 >= 0x80 || ($0 >= 0x30 && $0 <= 0x39) } }) else { return false }
        guard line.count <= PageStampLines.longest, line.contains(where: \.isNumber) else { return false }
        if let last = line.last, ".!?…。！？".contains(last) { return false }
        let letters = line.filter(\.isLetter).count
        if letters == 0 { return true }
        guard line.contains(PageStampLines.stamp) else { return false }
        return line.replacing(PageStampLines.stamp, with: " ").filter(\.isLetter).count <= PageStampLines.mostLetters
    }

    static func referenceIsCopyright(_ line: String) -> Bool {
        let mayBeNotice = UTF8Bytes.with(line) { bytes in
            UTF8Bytes.contains(bytes, "(c)", caseInsensitive: true) || UTF8Bytes.contains(bytes, "copyright", caseInsensitive: true)
                || PageStampLines.mayMatchOutsideASCII(bytes)
        }
        guard mayBeNotice else { return false }
        return line.count <= 2 * PageStampLines.longest && line.contains(where: \.isNumber) && line.contains(PageStampLines.copyright)
    }

    static let pieces = [
        "2023-11-17", " ", " ", "15:13", "Šodien, ", "Posted at ", "T14:42:01-0700", "03:29 - Source: CNN", "jueves, 09 enero 2014",
        " - ", "10:21 h", "27-06-2012", "2018/6/19", "5:50", "18", "更新时间 ", "2012年12月10日", "格林尼治标准时间", "Submitted on Mon, ",
        "The council meets again at", ".", "!", "…", "Bayern gewinnt 2:1", "Nine percent", "٢٠١٣", "١٤:٠٠", "三", "½", "²", "©", "(c)",
        "(C) ", "Copyright ", "COPYRIGHT", "2013 ", "Cable News Network, Inc.", "All rights reserved", "ı", "ſ", "\u{212A}", "ﬁ", "e\u{0301}",
        "1\u{20E3}", "\u{0661}\u{0301}", "Visto 314 veces", "（1/3ページ）", "12.5", "x", "年", "月",
    ]

    @Test func stampAndCopyrightGatesAnswerAsSessionSeven() {
        var random = SeededRandom(seed: 0x57A3_9)
        var stamps = 0
        var notices = 0
        for _ in 0..<8000 {
            let line = (0..<random.pick([1, 2, 3, 4, 6])).map { _ in random.pick(Self.pieces) }.joined()
            let stamp = Self.referenceIsStamp(line), notice = Self.referenceIsCopyright(line)
            if stamp { stamps += 1 }
            if notice { notices += 1 }
            #expect(PageStampLines.isStamp(line) == stamp, "\(Array(line.unicodeScalars))")
            #expect(PageStampLines.isCopyright(line) == notice, "\(Array(line.unicodeScalars))")
            if line.contains(PageStampLines.stamp) { #expect(PageStampLines.mayHoldStamp(line), "\(line)") }
            let oneByOne = UTF8Bytes.with(line) { bytes in
                UTF8Bytes.contains(bytes, "(c)", caseInsensitive: true) || UTF8Bytes.contains(bytes, "copyright", caseInsensitive: true)
                    || PageStampLines.mayMatchOutsideASCII(bytes)
            }
            #expect(UTF8Bytes.with(line, PageStampLines.mayBeNoticeBytes) == oneByOne, "\(line)")
        }
        #expect(stamps > 500 && notices > 100, "\(stamps) \(notices)")
    }
}
