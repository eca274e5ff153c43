import CLibXML2
import Foundation
import NewswatchNormalize
import Testing
@testable import NewswatchParse

/// The shortcuts of the second speed round of session 5 against the general code they stand in for.
@Suite struct PageReadingShortcutRoundTwoTests {
    /// Titles in other scripts are searched on the bytes too, where no character joins another.
    @Test func titleSeparatorsInAnyScriptAgreeWithFoundation() {
        let titles = [
            "Ο Πρωθυπουργός μίλησε | Καθημερινή", "قال رئيس الوزراء - الجزيرة نت", "首相が会見 | 日本経済新聞",
            "A - B - C – Zeitung", "Café\u{0301} | Le Monde", "a\u{0301} | b | c\u{0301} | d", "x |\u{0301} y | z",
            "\u{0600} | Prepend", "Stadt · Land · Fluss", "Stadt \u{0387} Land · Fluss", "Слово — дело — Газета",
            "🇩🇪 » Nachrichten » Politik", "한국 :: 뉴스 :: 정치", "a | b\u{200D}\u{1F600} | c",
        ]
        for title in titles {
            for separator in TitleFinder.separators {
                guard let found = TitleFinder.occurrences(of: separator, in: title) else {
                    #expect(title.unicodeScalars.contains { $0.value >= 0x300 && !TitleFinder.isPlainScalar($0.value) }, "\(title)")
                    continue
                }
                #expect(found.last == title.range(of: separator, options: .backwards), "\(title) \(separator)")
                #expect(found.first == title.range(of: separator), "\(title) \(separator)")
            }
        }
    }

    /// `wordKinds` is the kinds of `words`, for ASCII and other class names, and none without attributes.
    @Test func wordKindsAreTheKindsOfTheWords() throws {
        let html = """
        <html><body><div class="article-body__share main">a</div><div id="Related-Links" class="Box">b</div>
        <div class="teaser">c</div><div class="navigation\tmenü">d</div><div class="lesen-sie-auch">e</div>
        <a href="x">f</a><p>g</p><div class="" id="">h</div><div class="Ｃookie ad">i</div></body></html>
        """
        let tree = try #require(PageTree(utf8: Array(html.utf8), baseURL: nil))
        for element in tree.elements {
            var reference: PageFurniture.WordKinds = []
            for word in PageFurniture.words(element) {
                if PageFurniture.hardWords.contains(word) { reference.insert(.hard) }
                if PageFurniture.softWords.contains(word) { reference.insert(.soft) }
                if PageFurniture.relatedWords.contains(word) { reference.insert(.related) }
            }
            #expect(PageFurniture.wordKinds(element) == reference, "\(PageTree.name(element))")
        }
    }

    /// The copyright gate lets through every line the pattern can match.
    @Test func copyrightGateKeepsEveryMatch() {
        let pieces = ["©", "(c)", "(C)", "copyright", "COPYRIGHT", "İ", "ı", "ſ", "K", "ﬁ", "ẗ", "2013", " ", "版权所有",
                      "حقوق", "Права", "Ⓒ", "（ｃ）", "ｃopyright", "©️", "c\u{0301}", "Copyr", "ight", "x"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let line = (0..<Int.random(in: 1...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let reference = line.count <= 2 * PageStampLines.longest && line.contains(where: \.isNumber)
                && line.contains(PageStampLines.copyright)
            #expect(PageStampLines.isCopyright(line) == reference, "\(line)")
        }
    }

    /// An element's key read off its text nodes is the key of its folded text.
    @Test func elementKeysAgreeWithTheText() throws {
        let html = """
        <html><head><title>Die Überschrift des Artikels | Zeitung</title></head><body>
        <div><h2><a href="/a">Eine Überschrift, die lang genug ist</a></h2></div>
        <div><p>An ASCII headline that is long enough</p><p>Short</p></div>
        <section>Mixed <b>ASCII</b> and <i>Ünïcödé</i> text, long enough</section>
        <div>Text with a script <script>var x = "\(String(repeating: "padding ", count: 60))";</script> inside it</div>
        </body></html>
        """
        let tree = try #require(PageTree(utf8: Array(html.utf8), baseURL: nil))
        let finder = TitleFinder(tree: tree, metadata: PageMetadata.read(tree))
        var last: (text: String, key: String)?
        for element in tree.elements {
            let reference = TitleFinder.key(tree.text(element))
            #expect(finder.elementKey(element, last: &last) == (reference.count >= 12 ? reference : nil), "\(PageTree.name(element))")
        }
    }
}
