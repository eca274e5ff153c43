import NewswatchNormalize
import Testing
@testable import NewswatchParse

/// Date, time, counter and copyright lines and repeated template labels leave an article page's
/// body; sentences that mention a date or a time stay.
@Suite struct PageStampLinesTests {
    @Test func stampLinesAreTold() {
        for line in [
            "2023-11-17 15:13", "Šodien, 17:40", "Posted at 2013-12-30T14:42:01-0700", "03:29 - Source: CNN",
            "jueves, 09 enero 2014 - 10:21 h", "27-06-2012", "2018/6/19 5:50", "18", "更新时间 2012年12月10日, 格林尼治标准时间10:41",
            "Submitted on Mon, 2019-01-21 13:49",
        ] {
            #expect(PageStampLines.isStamp(line), "\(line)")
        }
        for line in [
            "The council meets again at 10:30 on Monday.", "Der Rat tagt am 12.03.2024 erneut, sagte der Sprecher am Dienstagabend in der Stadthalle",
            "Bayern gewinnt 2:1", "Nine percent more from January", "Die Preise steigen um 9 Prozent!",
        ] {
            #expect(!PageStampLines.isStamp(line), "\(line)")
        }
        #expect(PageStampLines.isCopyright("The-CNN-Wire ™ & © 2013 Cable News Network, Inc. All rights reserved."))
        #expect(!PageStampLines.isCopyright("The network said it owns the copyright of the footage."))
    }

    @Test func stampsAndRepeatedLabelsLeaveTheBody() {
        let text = "The council said on Monday that the price of heating would rise by nine percent from January."
        let blocks: [ArticleBlock] = [
            .heading("Šodien, 17:40"), .paragraph(text), .paragraph("Now playing"), .paragraph("Now playing"),
            .list(["1", "Now playing", "A real item of the list"]), .paragraph("Twice said"), .paragraph("Twice said"),
            .quote("12:30"), .heading("What comes next"), .paragraph(text),
        ]
        #expect(PageStampLines.removing(from: blocks) == [
            .paragraph(text), .list(["A real item of the list"]), .paragraph("Twice said"), .paragraph("Twice said"),
            .quote("12:30"), .heading("What comes next"), .paragraph(text),
        ])
    }

    @Test func aDateLineAboveTheTextIsNoTeaser() {
        let lead = "The council said on Monday that the price of heating would rise by nine percent from January."
        var assembly = PageArticleAssembly(parts: [
            .block(.paragraph("الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)")), .block(.paragraph(lead)),
            .image(ArticleImage(url: "https://example.org/a.jpg")), .block(.paragraph("Text of the article, at length.")),
        ], description: nil)
        assembly.readHead()
        #expect(assembly.teaser == lead)
    }

    @Test func aBoxWithACloseButtonIsFurniture() throws {
        let page = "<html><body><div><p>Text</p><div id=\"a\"><button>✕</button><p>Support us</p></div><div id=\"b\"><button>Play</button><p>Video</p></div></div></body></html>"
        let tree = try #require(PageTree(utf8: Array(page.utf8), baseURL: nil))
        let boxes = tree.elements.filter { PageTree.attribute($0, "id") != nil }
        #expect(boxes.map { PageFurniture.hasCloseButton($0) } == [true, false])
    }
}

