import CLibXML2
@testable import NewswatchParse

/// Every element of an XML document parsed as the feed reader's options have it (entities left for
/// `EntityRepair`, CDATA as text), depth first from the root, as `FeedNode`s: for tests that check a
/// node accessor against libxml2's own answer on every element of the fixtures. Nothing for a
/// document libxml2 cannot read at all.
func forEachFeedElement(of bytes: [UInt8], _ body: (FeedNode) -> Void) {
    let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue
        | XML_PARSE_NOWARNING.rawValue | XML_PARSE_COMPACT.rawValue | XML_PARSE_NOCDATA.rawValue)
    let document = bytes.withUnsafeBufferPointer { buffer in
        buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
            xmlReadMemory($0, Int32(buffer.count), nil, nil, options)
        }
    }
    guard let document else { return }
    defer { xmlFreeDoc(document) }
    guard let root = xmlDocGetRootElement(document) else { return }
    var stack = [FeedNode(pointer: root)]
    while let node = stack.popLast() {
        body(node)
        stack.append(contentsOf: node.elements)
    }
}
