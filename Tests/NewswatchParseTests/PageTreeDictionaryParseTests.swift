import CLibXML2
import Foundation
import Testing
@testable import NewswatchParse

/// The page parse of session 8 (`nw_html_read_memory_skipping_ids`: the document on the parser's
/// dictionary, elements built by `nw_html_start_element`) against libxml2's own `htmlReadMemory`:
/// the same tree, node for node, on the test pages and on markup that takes the other paths (implied
/// elements, names with a colon, boolean and valueless attributes, attributes written twice,
/// character references in values, long and short texts, text split by comments); and the names
/// really are the dictionary's strings.
@Suite struct PageTreeDictionaryParseTests {
    static let tricky = [
        "<p>loose text before any html<b>bold</b> tail",
        "<html><body><input type=checkbox checked><option selected value=\"x\">o</option><div data-x hidden>h</div></body></html>",
        "<html xmlns:fb=\"http://ogp.me/ns/fb#\"><body><fb:like href=\"x\" data-layout=\"y\"></fb:like><o:p></o:p><svg:rect xlink:href=\"#a\"/></body></html>",
        "<html><body><div class=\"a\" class=\"b\" id=x id=y>twice</div><a href=\"/a?b=1&amp;c=2&#x27;&quot;\" title='it&apos;s'>r</a></body></html>",
        "<div>  <span> a </span>  <span>b</span>\n\n  <!-- c -->  text after a comment that is longer than sixteen bytes <br/> x</div>",
        "<html><head><title>T</title><meta name=\"description\" content=\"D e s c\"></head><body>" + String(repeating: "Long text with words. ", count: 200) + "</body></html>",
        "<table><tr><td>cell<td>cell two</table><ul><li>one<li>two</ul><p>para<p>para two",
        "<HTML><BODY CLASS=\"Upper\"><DIV ID=\"X\" Style=\"display:none\">Caps</DIV></BODY></HTML>",
        "<body><p title=\"\u{00E9}t\u{00E9} \u{4E2D}\u{6587}\" lang=de>Umlaute \u{00E4}\u{00F6}\u{00FC} und \u{4E2D}\u{6587}</p></body>",
    ]

    static let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
        | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_COMPACT.rawValue)

    static func reference(_ bytes: [UInt8]) -> htmlDocPtr? {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
    }

    @Test func parseOnTheDictionaryBuildsTheSameTree() throws {
        var pages = try PageReadingComparison.testPages()
        pages += Self.tricky.map { Array($0.utf8) }
        for bytes in pages {
            let page = String(decoding: bytes.prefix(120), as: UTF8.self)
            let reference = try #require(Self.reference(bytes))
            defer { xmlFreeDoc(reference) }
            let parsed = try #require(PageTree.parse(bytes))
            defer { xmlFreeDoc(parsed) }
            #expect(PageReadingShortcutRoundFourTests.describe(reference) == PageReadingShortcutRoundFourTests.describe(parsed), "\(page)")
            #expect(reference.pointee.dict == nil)
            let dictionary = try #require(parsed.pointee.dict)
            // Every element's name and its attributes' names are the dictionary's, but for an element
            // written with a prefix (`fb:like`, `o:p`, `svg:rect`): xmlSAX2StartElement builds it, with
            // its own copies of the names (and the name after the colon, as before).
            let prefixed: Set<String> = bytes == Array(Self.tricky[2].utf8) ? ["like", "p", "rect"] : []
            var elements = 0
            var next = xmlDocGetRootElement(parsed)
            let root = next
            while let node = next, let root {
                if node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name {
                    elements += 1
                    let owned: Int32 = prefixed.contains(String(cString: name)) ? 0 : 1
                    #expect(xmlDictOwns(dictionary, name) == owned, "\(String(cString: name)) in \(page)")
                    var property = node.pointee.properties
                    while let attribute = property {
                        #expect(xmlDictOwns(dictionary, attribute.pointee.name) == owned, "\(page)")
                        property = attribute.pointee.next
                    }
                }
                next = PageTree.nextInDocumentOrder(after: node, within: root)
            }
            #expect(elements > 0, "\(page)")
        }
    }

    /// The tree of a parse on the dictionary changed as the extractor changes it (a text node's content
    /// set, attribute values put back, elements taken out) reads as libxml2's own tree changed alike.
    @Test func changedTreesReadTheSame() throws {
        for bytes in try PageReadingComparison.testPages() + Self.tricky.map({ Array($0.utf8) }) {
            let page = String(decoding: bytes.prefix(120), as: UTF8.self)
            let reference = try #require(Self.reference(bytes))
            defer { xmlFreeDoc(reference) }
            let parsed = try #require(PageTree.parse(bytes))
            defer { xmlFreeDoc(parsed) }
            for document in [reference, parsed] {
                var texts: [xmlNodePtr] = []
                var doomed: [xmlNodePtr] = []
                var next = xmlDocGetRootElement(document)
                let root = next!
                while let node = next {
                    if node.pointee.type == XML_TEXT_NODE { texts.append(node) }
                    if node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name, String(cString: name) == "div" || String(cString: name) == "ul" { doomed.append(node) }
                    // The first attribute's value replaced, as `ScriptBodies` puts values back.
                    if node.pointee.type == XML_ELEMENT_NODE, let property = node.pointee.properties, let text = property.pointee.children {
                        xmlNodeSetContentLen(text, "set value", 9)
                    }
                    next = PageTree.nextInDocumentOrder(after: node, within: root)
                }
                for (number, text) in texts.enumerated() where number % 3 == 0 { xmlNodeSetContent(text, number % 2 == 0 ? "short" : "a text longer than the sixteen bytes of a node") }
                for node in doomed.reversed() where PageTree.isWithin(node, root) {
                    xmlUnlinkNode(node)
                    xmlFreeNode(node)
                    break
                }
            }
            #expect(PageReadingShortcutRoundFourTests.describe(reference) == PageReadingShortcutRoundFourTests.describe(parsed), "\(page)")
        }
    }
}
