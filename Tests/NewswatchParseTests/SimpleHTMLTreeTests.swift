import CLibXML2
import Foundation
import Testing
@testable import NewswatchParse

/// `SimpleHTMLTree` must build the tree libxml2's HTML parser builds, node for node, whenever it
/// builds one; and it must build one for the markup feeds carry (or it saves nothing).
@Suite struct SimpleHTMLTreeTests {
    /// The tree as text: elements with their attributes, text nodes, anything else by its type.
    static func dump(_ document: htmlDocPtr) -> String {
        var out = ""
        func visit(_ node: xmlNodePtr) {
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                out += "<" + String(cString: node.pointee.name)
                var attribute = node.pointee.properties
                while let current = attribute {
                    let value = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self))
                    out += " " + String(cString: current.pointee.name) + "=[" + (value.map { String(cString: $0) } ?? "") + "]"
                    if let value { nw_xml_free(value) }
                    attribute = current.pointee.next
                }
                out += ">"
                var child = node.pointee.children
                while let current = child { visit(current); child = current.pointee.next }
                out += "</" + String(cString: node.pointee.name) + ">"
            case XML_TEXT_NODE:
                out += "{" + (node.pointee.content.map { String(cString: $0) } ?? "") + "}"
            default:
                out += "?\(node.pointee.type.rawValue)"
            }
        }
        if let root = xmlDocGetRootElement(document) { visit(root) }
        return out
    }

    static func parsed(_ html: String) -> String {
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_COMPACT.rawValue)
        let bytes = Array(html.utf8)
        guard let document = htmlReadMemory(bytes.map { CChar(bitPattern: $0) }, Int32(bytes.count), nil, "UTF-8", options) else { return "nil" }
        defer { xmlFreeDoc(document) }
        return dump(document)
    }

    static func built(_ html: String) -> String? {
        let bytes = Array(html.utf8)
        guard let document = bytes.withUnsafeBufferPointer(SimpleHTMLTree.document) else { return nil }
        defer { xmlFreeDoc(document) }
        return dump(document)
    }

    static let typical = [
        "<p>One paragraph.</p>\n<p>Another, with <a href=\"https://example.org/x\">a link</a> and <strong>bold</strong>.</p>\n",
        "Text first &#8211; <a href=\"https://example.org/a.html\">mehr</a>",
        "<p><img src=\"https://example.org/1.jpg\" alt=\"Foto\" width=\"640\" height=\"360\" /></p>\n<h2>Heading</h2>\n<p>x</p>",
        "<figure><img src='a.jpg'><figcaption>Caption Bild: dpa</figcaption></figure><p>Text</p>",
        "<ul>\n  <li>one</li>\n  <li>two <em>2</em></li>\n</ul>\n<blockquote><p>quoted</p></blockquote>",
        "Tom &amp; Jerry &lt;3 &nbsp;x&eacute;&#x41;&#65;",
        "<p>a<br>b<br/>c<br />d</p>",
        "<div class=\"share\"><a href=\"#\">Teilen</a></div><p>body</p>",
    ]

    @Test(arguments: typical)
    func typicalItemMarkupIsBuiltAsTheParserBuildsIt(html: String) {
        let built = Self.built(html)
        #expect(built != nil, "not read by SimpleHTMLTree: \(html)")
        if let built { #expect(built == Self.parsed(html), "\(html)") }
    }

    static let edges = [
        "<p>a<p>b</p>", "<p>a<ul><li>x</li></ul></p>", "<b><p>x</p></b>", "<h1>a<h2>b</h2></h1>", "<h2><p>x</p></h2>",
        "<ul><li>a<li>b</ul>", "<ol><li>a</li><ul><li>b</li></ul></ol>", "<a href='1'>x<a href='2'>y</a>", "x</p>y",
        "<p>a <b>b</b> <i>c</i> <img src='x'> <span>d</span></p>", "<p> <img src='x'> </p>", "<ul> <li> a </li> </ul> ",
        "  \n <p>lead</p>", "<p>x</p>\n\n", "a & b", "a &b c", "a &#0; b", "a &#xD; b", "a &unknown; b", "a &amp b",
        "a &_x; b", "<P>upper</P>", "<p CLASS='x'>a</p>", "<p class=x>a</p>", "<p hidden>a</p>", "<p a='1' a='2'>x</p>",
        "<!-- c --><p>x</p>", "<p>x</p><script>y</script>", "<p>a\r\nb</p>", "<p>a\u{0001}b</p>", "<p>a\u{FFFF}b</p>",
        "<br>", "<img src='x'>", "<p/>", "<p>x</span></p>", "<p>x<", "<p>x</p", "<p", "&", "a &", "&#128512; &#x1F600;",
        "<figure><p>x</p><figcaption>c</figcaption></figure>", "<p>a</p>   <p>b</p>", "<span> </span><p>x</p>",
        "<ul>\n<li>a</li>\n<li><ul>\n<li>b</li>\n</ul>\n</li>\n</ul>", "<small><p>x</p></small>", "<em><p>x</p></em>",
        "<p>" + String(repeating: " ", count: 1200) + "<b>x</b></p>", "<p>x" + String(repeating: " ", count: 1200) + "</p>",
        "<hr><p>x</p>", "<p>a<hr>b</p>", "<blockquote>a<p>b</p>c</blockquote>", "<div>a<div>b</div>c</div>",
        "<p>a<div>b</div></p>", "<li>x</li>", "text <li>x</li>", "<a href=\"x\">a<p>b</p></a>", "<q>a</q> <cite>b</cite> <code>c</code>",
    ]

    @Test(arguments: edges)
    func edgeCasesAreBuiltAsTheParserBuildsThemOrLeftToIt(html: String) {
        if let built = Self.built(html) { #expect(built == Self.parsed(html), "\(html)") }
    }

    /// Markup put together at random from the pieces above, compared wherever it is read here.
    @Test func randomMarkupIsBuiltAsTheParserBuildsIt() {
        let pieces = [
            "<p>", "</p>", "<a href=\"https://e.org/x\">", "</a>", "<b>", "</b>", "<strong>", "</strong>", "<em>", "</em>",
            "<h2>", "</h2>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<blockquote>", "</blockquote>",
            "<div class='x'>", "</div>", "<span>", "</span>", "<br>", "<img src='i.jpg' alt='A'>", "<hr/>", "<figure>",
            "</figure>", "<figcaption>", "</figcaption>", "<small>", "</small>", "<i>", "</i>", "<h3>", "</h3>",
            "text", "Wörter", " ", "\n", "  \n\t", "&amp;", "&nbsp;", "&#8211;", "& ", "x", ".",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var read = 0
        for _ in 0..<3000 {
            var html = ""
            for _ in 0..<(1 + next() % 24) { html += pieces[next() % pieces.count] }
            guard let built = Self.built(html) else { continue }
            read += 1
            let parsed = Self.parsed(html)
            #expect(built == parsed, "\(html)")
            if built != parsed { break }
        }
        #expect(read > 50)
    }

    /// Nested markup put together at random: start tags, text, and end tags for the open elements,
    /// sometimes left out (then libxml2's implied ends decide).
    @Test func randomNestedMarkupIsBuiltAsTheParserBuildsIt() {
        let names = ["p", "a", "b", "i", "u", "s", "em", "strong", "span", "small", "sub", "sup", "cite", "q", "code",
                     "h1", "h2", "h3", "ul", "ol", "li", "blockquote", "div", "figure", "figcaption"]
        let empties = ["<br>", "<img src=\"x.jpg\" alt=\"a b\">", "<hr />", "<br/>"]
        let texts = ["Wort", " ", "\n", " zwei Wörter ", "&amp;", "&nbsp;", "&#8222;", "&quot;", "a & b", "\t"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var read = 0
        for _ in 0..<4000 {
            var html = ""
            var open: [String] = []
            for _ in 0..<(2 + next() % 30) {
                switch next() % 6 {
                case 0, 1:
                    let name = names[next() % names.count]
                    html += next() % 4 == 0 ? "<\(name) class=\"c\(next() % 9)\">" : "<\(name)>"
                    open.append(name)
                case 2:
                    if let name = open.popLast(), next() % 8 != 0 { html += "</\(name)>" }
                case 3:
                    html += empties[next() % empties.count]
                default:
                    html += texts[next() % texts.count]
                }
            }
            while let name = open.popLast() { if next() % 3 != 0 { html += "</\(name)>" } }
            guard let built = Self.built(html) else { continue }
            read += 1
            let parsed = Self.parsed(html)
            #expect(built == parsed, "\(html)")
            if built != parsed { break }
        }
        #expect(read > 1000)
    }
}
