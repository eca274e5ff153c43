import NewswatchConfig
import Testing
@testable import NewswatchRules

@Suite struct FoldingAndGlobTests {
    @Test func foldsCaseDiacriticsAndSharpS() {
        #expect(WordFolding.words("Flüchtlinge, STRASSE und Straße!") == ["fluchtlinge", "strasse", "und", "strasse"])
        #expect(WordFolding.words("Ukraine-Front: 5840 Soldaten") == ["ukraine", "front", "5840", "soldaten"])
        #expect(WordFolding.words("Kraków Łódź Æsir Øresund ĐẞÞ") == ["krakow", "lodz", "aesir", "oresund", "dssth"])
        // Decomposed input (an accent as its own combining mark) folds the same as precomposed.
        #expect(WordFolding.words("Flu\u{0308}chtlinge") == ["fluchtlinge"])
        // A soft hyphen inside a word is dropped, not a word break.
        #expect(WordFolding.words("Deser\u{00AD}tion") == ["desertion"])
        #expect(WordFolding.words("Ελλάδα Москва") == ["ελλαδα", "москва"])
        #expect(WordFolding.words("«Nein» — sagte er…") == ["nein", "sagte", "er"])
        #expect(WordFolding.words("") == [])
    }

    @Test func globsMatchCaseInsensitively() {
        #expect(GlobPattern("*.spiegel.de").matches("www.SPIEGEL.de"))
        #expect(!GlobPattern("*.spiegel.de").matches("spiegel.de"))
        #expect(GlobPattern("news.de*").matches("news.de"))
        #expect(GlobPattern("news.de*").matches("news.de-politik"))
        #expect(GlobPattern("n?ws.de").matches("news.de"))
        #expect(!GlobPattern("n?ws.de").matches("nws.de"))
        #expect(GlobPattern("*krieg*").matches("Ukraine-Krieg"))
        #expect(GlobPattern("*").matches(""))
        #expect(!GlobPattern("sport").matches("sports"))
    }

    @Test func durations() {
        #expect(ConfigDuration("90s")?.seconds == 90)
        #expect(ConfigDuration("15m")?.seconds == 900)
        #expect(ConfigDuration("1h30m")?.seconds == 5400)
        #expect(ConfigDuration("7d")?.seconds == 604_800)
        #expect(ConfigDuration("soon") == nil)
        #expect(ConfigDuration("15") == nil)
        #expect(ConfigDuration("") == nil)
        #expect(ConfigDuration(seconds: 5400).description == "1h30m")
        #expect(ConfigDuration(seconds: 600).description == "10m")
        #expect(ConfigDuration(seconds: 0).description == "0s")
    }
}
