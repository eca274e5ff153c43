import CLibXML2
import NewswatchNormalize

/// A read-only view of one libxml2 element: the item or feed field the streaming reader has just
/// expanded, or a node of an HTML fragment. Valid only while the tree it belongs to is.
struct FeedNode {
    let pointer: xmlNodePtr

    var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }

    var localName: String {
        let name = pointer.pointee.name.map { Self.string($0) } ?? ""
        if pointer.pointee.ns == nil, let colon = Self.firstColon(in: name), Self.conventionalPrefixes[String(name[..<colon])] != nil {
            return String(name[name.index(after: colon)...])
        }
        return name
    }

    /// The namespace URI, "" for none: elements are recognised by URI, never by prefix. The one
    /// exception is a prefix the feed uses without declaring it (`<media:content>` with no
    /// `xmlns:media`, a common mistake libxml2 reports): then the prefix's conventional URI is meant.
    var namespace: String {
        if let href = pointer.pointee.ns?.pointee.href { return Self.string(href) }
        let name = pointer.pointee.name.map { Self.string($0) } ?? ""
        guard let colon = Self.firstColon(in: name) else { return "" }
        return Self.conventionalPrefixes[String(name[..<colon])] ?? ""
    }

    static let conventionalPrefixes: [String: String] = [
        "content": FeedNamespace.content, "dc": FeedNamespace.dc, "dcterms": FeedNamespace.dcterms,
        "media": "http://search.yahoo.com/mrss/", "atom": FeedNamespace.atom10, "sy": FeedNamespace.syndication,
    ]

    /// `name.firstIndex(of: ":")`, asked of every element of every item without a namespace (all of
    /// RSS 2.0's): found on the bytes of an ASCII name, where every byte is a `Character` of its
    /// own; the `Character`s decide for any other name (a combining mark after the colon would join
    /// it). The generic search through `Character`s cost more than the rest of reading an item's fields.
    static func firstColon(in name: String) -> String.Index? {
        let found: Int?? = UTF8Bytes.with(name) { bytes in
            var colon: Int?
            for index in bytes.indices {
                let byte = bytes[index]
                if byte >= 0x80 { return nil }
                if byte == UInt8(ascii: ":"), colon == nil { colon = index }
            }
            return .some(colon)
        }
        guard let found else { return name.firstIndex(of: ":") }
        return found.map { name.utf8.index(name.utf8.startIndex, offsetBy: $0) }
    }

    /// `String(cString: value)`, made by `CheckedUTF8String` (every field of every item is one).
    static func string(_ value: UnsafePointer<xmlChar>) -> String {
        CheckedUTF8String.make(UnsafeBufferPointer(start: value, count: Int(xmlStrlen(value))))
    }

    var line: Int { Int(xmlGetLineNo(pointer)) }

    /// Child elements, in order.
    var elements: [FeedNode] {
        var result: [FeedNode] = []
        var child = pointer.pointee.children
        while let node = child {
            if node.pointee.type == XML_ELEMENT_NODE { result.append(FeedNode(pointer: node)) }
            child = node.pointee.next
        }
        return result
    }

    /// An attribute without namespace.
    func attribute(_ name: String) -> String? {
        guard let value = xmlGetNoNsProp(pointer, name) else { return nil }
        defer { nw_xml_free(value) }
        return Self.string(value)
    }

    func attribute(_ name: String, namespace: String) -> String? {
        guard let value = xmlGetNsProp(pointer, name, namespace) else { return nil }
        defer { nw_xml_free(value) }
        return Self.string(value)
    }

    /// All text inside, entities decoded, CDATA included: `xmlNodeGetContent`'s String, made from the
    /// one text child's own bytes where the element has just that (an item's title, link, guid, date,
    /// category), without libxml2's copy.
    var text: String {
        withTextBytes { CheckedUTF8String.make($0) }
    }

    /// `text`'s bytes, handed to `body` before any String is made of them (valid only during `body`,
    /// and not checked for UTF-8): the content of the element's one text child where libxml2 keeps it
    /// (an item's `content:encoded` is a single CDATA section), else `xmlNodeGetContent`'s copy.
    func withTextBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let child = pointer.pointee.children, child.pointee.next == nil,
           child.pointee.type == XML_TEXT_NODE || child.pointee.type == XML_CDATA_SECTION_NODE,
           let content = child.pointee.content {
            return body(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
        }
        guard let value = xmlNodeGetContent(pointer) else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        defer { nw_xml_free(value) }
        return body(UnsafeBufferPointer(start: value, count: Int(xmlStrlen(value))))
    }

    /// The text trimmed, nil when empty.
    var trimmedText: String? {
        let value = text.trimmingSpaces()
        return value.isEmpty ? nil : value
    }

    /// The base URI in effect here (`xml:base` on this element or an ancestor, resolved against the
    /// document's URL).
    var base: String? {
        guard let value = xmlNodeGetBase(pointer.pointee.doc, pointer) else { return nil }
        defer { nw_xml_free(value) }
        return Self.string(value)
    }

    /// `xml:lang` in effect here.
    var language: String? {
        guard let value = xmlNodeGetLang(pointer) else { return nil }
        defer { nw_xml_free(value) }
        let text = Self.string(value).trimmingSpaces()
        return text.isEmpty ? nil : text
    }
}

extension String {
    func trimmingSpaces() -> String {
        if UTF8Bytes.hasNoSpaceToTrim(self) { return self }
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
