import CLibXML2

/// A read-only view of one libxml2 element: the item or feed field the streaming reader has just
/// expanded, or a node of an HTML fragment. Valid only while the tree it belongs to is.
struct FeedNode {
    let pointer: xmlNodePtr

    var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }

    var localName: String { pointer.pointee.name.map { String(cString: $0) } ?? "" }

    /// The namespace URI, "" for none: elements are recognised by URI, never by prefix.
    var namespace: String { pointer.pointee.ns?.pointee.href.map { String(cString: $0) } ?? "" }

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
        return String(cString: value)
    }

    func attribute(_ name: String, namespace: String) -> String? {
        guard let value = xmlGetNsProp(pointer, name, namespace) else { return nil }
        defer { nw_xml_free(value) }
        return String(cString: value)
    }

    /// All text inside, entities decoded, CDATA included.
    var text: String {
        guard let value = xmlNodeGetContent(pointer) else { return "" }
        defer { nw_xml_free(value) }
        return String(cString: value)
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
        return String(cString: value)
    }

    /// `xml:lang` in effect here.
    var language: String? {
        guard let value = xmlNodeGetLang(pointer) else { return nil }
        defer { nw_xml_free(value) }
        let text = String(cString: value).trimmingSpaces()
        return text.isEmpty ? nil : text
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
