import CLibXML2
import Foundation
import Testing
@testable import NewswatchParse

/// A page read from the shortened copy that `ScriptBodies` hands libxml2 against the same page parsed
/// whole: the check every reading shortcut of the full-text extractor is held to.
enum PageReadingComparison {
    static func testPages() throws -> [[UInt8]] {
        let pagesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Pages")
        return try FileManager.default.contentsOfDirectory(atPath: pagesFolder.path).filter { $0.hasSuffix(".html") }.sorted()
            .map { try [UInt8](Data(contentsOf: pagesFolder.appendingPathComponent($0))) }
    }

    /// Every element's name, text (folded, and as libxml2 gives it with white space runs folded),
    /// statistics and read attributes, and what `HTMLWalker` reads of the body: the same for the page
    /// parsed whole and parsed from the shortened copy.
    /// `perElement` adds a caller's own checks on each pair of elements (aside, whole, the page's start).
    static func expectSameReading(_ bytes: [UInt8], perElement: (xmlNodePtr, xmlNodePtr, String) -> Void = { _, _, _ in }) throws {
        let page = String(decoding: bytes.prefix(160), as: UTF8.self)
        let aside = try #require(PageTree(utf8: bytes, baseURL: nil))
        let whole = try #require(PageTree(utf8: bytes, baseURL: nil, settingScriptsAside: false))
        #expect(aside.elements.count == whole.elements.count, "\(page)")
        for (a, w) in zip(aside.elements, whole.elements) {
            #expect(PageTree.name(a) == PageTree.name(w), "\(page)")
            #expect(aside.text(a) == whole.text(w), "\(page)")
            for name in PageTree.readAttributes.map({ String(decoding: $0, as: UTF8.self) }) {
                #expect(PageTree.attribute(a, name) == PageTree.attribute(w, name), "\(name) in \(page)")
            }
            perElement(a, w, page)
        }
        for (a, w) in zip(aside.stats, whole.stats) {
            #expect(a.textLength == w.textLength && a.linkLength == w.linkLength && a.commas == w.commas, "\(page)")
            #expect(a.links == w.links && a.hasBlockChild == w.hasBlockChild && a.end == w.end, "\(page)")
        }
        var walkedAside = HTMLWalker(baseURL: nil)
        if let body = aside.body { walkedAside.walkSubtree(body) }
        var walkedWhole = HTMLWalker(baseURL: nil)
        if let body = whole.body { walkedWhole.walkSubtree(body) }
        #expect(walkedAside.finish() == walkedWhole.finish(), "\(page)")
        #expect(PageMetadata.read(aside).headline == PageMetadata.read(whole).headline)
    }
}
