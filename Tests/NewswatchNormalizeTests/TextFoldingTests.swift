import Testing
@testable import NewswatchNormalize

@Suite struct TextFoldingTests {
    @Test func foldsToCanonicalASCIIPunctuation() {
        #expect(TextFolding.canonical("„Wir“ – ‚sie‘ … ") == "\"Wir\" - 'sie' ...")
        #expect(TextFolding.canonical("a\u{00AD}b\u{200B}c\u{FEFF}") == "abc")
        #expect(TextFolding.canonical(" a \n\t b ") == "a b")
        #expect(TextFolding.canonical("Zuru\u{0308}ck") == "Zurück")
    }

    @Test func collapsingWhitespaceKeepsTypography() {
        #expect(TextFolding.collapsingWhitespace("  „Wir“\u{00A0} gehen ") == "„Wir“ gehen")
    }
}

@Suite struct TitleShapeTests {
    @Test(arguments: [
        ("Wladimir Putin: Schock für den russischen Präsidenten! Putin laufen die Soldaten davon", "Wladimir Putin"),
        ("Pleite für Wladimir Putin: Nordkoreaner offenbar von Ukraine-Front geflüchtet", "Pleite für Wladimir Putin"),
        ("Wladimir Putin betrogen: Schock-Video aufgetaucht: Russen schießen auf eigene Truppen!", "Wladimir Putin betrogen"),
        ("Analysis: Why Europe's gas prices are falling again", "Analysis"),
    ])
    func splitsKicker(title: String, kicker: String) {
        let shape = TitleShape.split(title)
        #expect(shape.kicker == kicker)
        #expect(title == "\(kicker): \(shape.headline)")
    }

    @Test(arguments: [
        "Putins Generäle fliehen! Panik in Russland – Militärs und Geheimdienstler fliehen aus dem Land",
        "Er sagte, es sei vorbei, und dann kam die Wende: Chaos",
        "Warum? Darum: ein Satz",
        "Nur: eins",
    ])
    func leavesOtherTitlesWhole(title: String) {
        let shape = TitleShape.split(title)
        #expect(shape.kicker == nil)
        #expect(shape.headline == title)
    }
}

@Suite struct BlockShapeTests {
    @Test func tellsHeadingsFromParagraphs() {
        #expect(BlockShape.isHeading("Bericht: Russische Einheiten ergeben sich kampflos", followedByText: true))
        #expect(BlockShape.isHeading("\"Das war von Russlands Militär zu erwarten\"", followedByText: true))
        #expect(BlockShape.isHeading("Wie geht es weiter?", followedByText: true))
        #expect(!BlockShape.isHeading("Wie geht es weiter?", followedByText: false))
        #expect(!BlockShape.isHeading("Das ist ein kurzer Satz.", followedByText: true))
        #expect(!BlockShape.isHeading("Einige User zeigten sich wenig verwundert:", followedByText: true))
        #expect(!BlockShape.isHeading(String(repeating: "Wort ", count: 30), followedByText: true))
    }
}

@Suite struct PageLineTests {
    @Test(arguments: [
        "Erstellt von - Uhr", "Artikel teilen:", "Themen", "Themen:", "Beliebteste Artikel Aktuell:",
        "Folgen Sie News.de schon bei WhatsApp, Facebook, Twitter, Pinterest und YouTube? Hier finden Sie brandheiße News.",
        "Erfahren Sie hier mehr über die journalistischen Standards und die Redaktion von news.de.",
        "Alle aktuellen Entwicklungen im Ukraine-Krieg lesen Sie hier", "Share on Facebook Twitter",
        "Anzeige", "Sign up for our Energy Briefing newsletter", "Kommentare (12)", "Stand: 13.12.2024 09:41 Uhr",
    ])
    func furniture(line: String) {
        #expect(PageLine.classify(line) == .furniture)
    }

    @Test func linesThatCarrySomething() {
        #expect(PageLine.classify("Lesen Sie auch: Folter, Knast, Tod: DAS droht Wladimir Putins Deserteuren")
                == .relatedLabel(headline: "Folter, Knast, Tod: DAS droht Wladimir Putins Deserteuren"))
        #expect(PageLine.classify("Ebenfalls interessant:") == .relatedLabel(headline: nil))
        #expect(PageLine.classify("/bua/news.de/dpa") == .authorLine(authors: ["bua"], source: "news.de", agencies: ["dpa"]))
        #expect(PageLine.classify("/news.de") == .authorLine(authors: [], source: "news.de", agencies: []))
        #expect(PageLine.classify("Themen: Ukraine, Russland") == .topics(["Ukraine", "Russland"]))
        #expect(PageLine.classify("Erstellt von Anna Schmidt - 09.12.2024 10:15 Uhr") == .byline(author: "Anna Schmidt"))
        #expect(PageLine.classify("Berichte über Desertionen! (Foto) Suche") == .photoViewer(caption: "Berichte über Desertionen!"))
    }

    @Test func theArticlesOwnTextIsText() {
        #expect(PageLine.classify("Die Truppen folgen dem Befehl nicht.") == .text)
        #expect(PageLine.classify("/ein Schrägstrich am Anfang") == .text)
        #expect(PageLine.classify("Video zeigt: Russen schießen auf eigene Truppen") == .text)
    }
}
