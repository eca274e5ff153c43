import CLibXML2
import Foundation
import NewswatchNormalize

/// A whole HTML page parsed by libxml2's HTML parser, with what the extractor needs to know about
/// every element: how much text is in it, how much of that is link text, how many paragraphs.
///
/// Elements are numbered in document order (pre-order); an element's number is kept in libxml2's
/// `_private` slot, so looking up its statistics costs nothing. The tree is walked with explicit
/// loops, never recursion: a deeply nested page cannot overflow the stack.
final class PageTree {
    let document: htmlDocPtr
    /// Elements in document order.
    private(set) var elements: [xmlNodePtr] = []
    private(set) var stats: [ElementStats] = []
    /// What each element is, by its name.
    private(set) var tags: [PageTag] = []

    struct ElementStats {
        /// Characters of text in the element (white space runs counted once).
        var textLength = 0
        /// Characters of that text inside `a` elements.
        var linkLength = 0
        var commas = 0
        var links = 0
        /// Block-level element children (a `div` with none reads as a paragraph).
        var hasBlockChild = false
        /// Index of the element's last descendant in document order (itself when it has none).
        var end = 0

        var linkDensity: Double { textLength == 0 ? 0 : Double(linkLength) / Double(textLength) }
    }

    /// Script and style bodies set aside (`ScriptBodies`) whose text is not back in the tree yet: the
    /// element, its marker text node, the body.
    private var asideBodies: [(element: xmlNodePtr, marker: xmlNodePtr, body: ScriptBodies.Body)] = []
    /// The page as given, where the bodies set aside are read from.
    private let page: [UInt8]

    /// - Parameter settingScriptsAside: false parses the page whole (for comparing the two).
    init?(utf8 bytes: [UInt8], baseURL: String?, settingScriptsAside: Bool = true) {
        guard !bytes.isEmpty else { return nil }
        page = bytes
        if settingScriptsAside, let aside = ScriptBodies.setAside(in: bytes, keepingAttribute: { PageTree.isRead($0) }, markingTexts: true),
           let parsed = Self.parse(aside.bytes, markedValues: aside.values, markedTexts: aside.texts, of: bytes) {
            if let elements = aside.elements(in: parsed, page: bytes) {
                document = parsed
                asideBodies = zip(elements, aside.bodies).map { ($0, $0.pointee.children!, $1) }
            } else {
                xmlFreeDoc(parsed)
                guard let whole = Self.parse(bytes) else { return nil }
                document = whole
            }
        } else {
            guard let whole = Self.parse(bytes) else { return nil }
            document = whole
        }
        // JSON-LD is read by `PageMetadata` as the script's text: such a body goes back at once.
        for (element, _, _) in asideBodies where Self.declaresJSONLD(element) {
            restoreBodies(inside: element)
        }
        measure()
    }

    /// The attributes the extractor reads (here, in `PageMetadata`, `PageFurniture`, `ContentLocator`
    /// and `HTMLWalker`), lower-case: the others are left out before the parse (`ScriptBodies`).
    /// A new attribute lookup in any of them needs its name here.
    static let readAttributes: [[UInt8]] = [
        "class", "id", "style", "hidden", "role", "itemprop", "href", "src", "data-src", "data-lazy-src", "data-original",
        "srcset", "data-srcset", "alt", "width", "height", "lang", "xml:lang", "content", "property", "name", "rel",
        "type", "datetime",
    ].map { Array($0.utf8) }

    /// `readAttributes` by length.
    static let readAttributesByLength: [[[UInt8]]] = readAttributes.reduce(into: Array(repeating: [], count: 14)) { $0[$1.count].append($1) }

    /// Whether `name`, as written (any case), is one of `readAttributes`.
    static func isRead(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count < readAttributesByLength.count else { return false }
        return readAttributesByLength[name.count].contains { known in
            for offset in 0..<known.count {
                let byte = name[offset]
                if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != known[offset] { return false }
            }
            return true
        }
    }

    /// - Parameters:
    ///   - markedValues: where in `page` the attribute values lie that `ScriptBodies` replaced by a
    ///     marker each in `bytes`: an attribute whose value is one marker gets the value during the
    ///     parse (`ScriptBodies.elements(in:page:)` puts back any left).
    ///   - markedTexts: where in `page` the runs of text lie that `ScriptBodies` replaced by a marker
    ///     each: the parse puts each back (`nw_html_characters`), and is nil unless it put back all of
    ///     them, in order.
    static func parse(_ bytes: [UInt8], markedValues: [Range<Int>] = [], markedTexts: [ScriptBodies.MarkedText] = [], of page: [UInt8] = []) -> htmlDocPtr? {
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_COMPACT.rawValue)
        guard !bytes.isEmpty else { return nil }
        var ranges: [Int] = []
        ranges.reserveCapacity(2 * markedValues.count)
        for range in markedValues {
            ranges.append(range.lowerBound)
            ranges.append(range.count)
        }
        var textRanges: [Int] = []
        textRanges.reserveCapacity(2 * markedTexts.count)
        for text in markedTexts {
            textRanges.append(text.shortened ? -1 - text.range.lowerBound : text.range.lowerBound)
            textRanges.append(text.range.count)
        }
        return bytes.withUnsafeBufferPointer { buffer in
            page.withUnsafeBufferPointer { pageBytes in
                ranges.withUnsafeBufferPointer { rangeList in
                    textRanges.withUnsafeBufferPointer { textList in
                        var marked = nw_marked_values(page: pageBytes.baseAddress, ranges: rangeList.baseAddress, count: markedValues.count,
                                                      textRanges: textList.baseAddress, textCount: markedTexts.count, textsRead: 0,
                                                      blankOpenedParagraph: 0)
                        let document = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { text in
                            // `htmlReadMemory` without the ID table: nothing here looks an element up by its ID.
                            withUnsafeMutablePointer(to: &marked) {
                                nw_html_read_memory_skipping_ids(text, Int32(buffer.count), "UTF-8", options,
                                                                 markedValues.isEmpty && markedTexts.isEmpty ? nil : $0)
                            }
                        }
                        guard marked.textsRead == markedTexts.count, marked.blankOpenedParagraph == 0 else {
                            if let document { xmlFreeDoc(document) }
                            return nil
                        }
                        return document
                    }
                }
            }
        }
    }

    /// Whether `node` is `ancestor` or lies inside it, by the parent links (for nodes not measured).
    static func isWithin(_ node: xmlNodePtr, _ ancestor: xmlNodePtr) -> Bool {
        var cursor: xmlNodePtr? = node
        while let current = cursor {
            if current == ancestor { return true }
            cursor = current.pointee.parent
        }
        return false
    }

    /// Puts the text of the bodies set aside inside `node` back, as libxml2 reads it from the page.
    func restoreBodies(inside node: xmlNodePtr) {
        guard !asideBodies.isEmpty else { return }
        asideBodies.removeAll { aside in
            guard Self.isWithin(aside.element, node) else { return false }
            var text = ScriptBodies.text(of: aside.body, in: page) ?? []
            text.append(0)
            text.withUnsafeBufferPointer { xmlNodeSetContent(aside.marker, $0.baseAddress) }
            return true
        }
    }

    deinit {
        if !XMLDocumentArena.holdsEverything(since: document) { xmlFreeDoc(document) }
    }

    var root: xmlNodePtr? { xmlDocGetRootElement(document) }

    var body: xmlNodePtr? {
        guard let root else { return nil }
        return Self.children(of: root).first { PageTag($0) == .body } ?? root
    }

    // MARK: - Nodes

    static func name(_ node: xmlNodePtr) -> String {
        guard let name = node.pointee.name else { return "" }
        // libxml2's HTML parser writes names in lower case: `lowercased()`, which costs more than
        // the rest, only for a name with a capital or a byte outside ASCII.
        var pointer = name
        while pointer.pointee != 0 {
            if pointer.pointee >= 0x80 || (pointer.pointee >= 0x41 && pointer.pointee <= 0x5A) {
                return String(cString: name).lowercased()
            }
            pointer += 1
        }
        return String(cString: name)
    }

    /// False when no attribute lookup on `node` can find anything: it has no attribute of its own and
    /// its document's DTDs declare no attribute defaults.
    static func mayHaveAttributes(_ node: xmlNodePtr) -> Bool {
        if node.pointee.properties != nil { return true }
        guard let document = node.pointee.doc else { return false }
        return document.pointee.intSubset?.pointee.attributes != nil || document.pointee.extSubset?.pointee.attributes != nil
    }

    /// Whether the text of `node` (what `xmlNodeGetContent` gives: every text and CDATA node in it)
    /// has more than `limit` bytes of printable ASCII other than the space. Stops at the first byte
    /// over the limit.
    func hasVisibleASCII(moreThan limit: Int, in node: xmlNodePtr) -> Bool {
        var count = 0
        var next = node.pointee.children
        while let current = next {
            if !asideBodies.isEmpty, current.pointee.content?.pointee == ScriptBodies.markerByte0,
               let aside = asideBodies.first(where: { $0.marker == current }) {
                // libxml2 keeps every such byte of a body.
                count += aside.body.visibleASCII(in: page)
                if count > limit { return true }
            } else if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE, var pointer = current.pointee.content {
                while pointer.pointee != 0 {
                    if pointer.pointee >= 0x21 && pointer.pointee <= 0x7E {
                        count += 1
                        if count > limit { return true }
                    }
                    pointer += 1
                }
            }
            next = Self.nextInDocumentOrder(after: current, within: node)
        }
        return false
    }

    /// Hands each byte of the text of `node` (what `xmlNodeGetContent` gives: every text and CDATA
    /// node in it) to `visit`, without copying it, while the bytes are ASCII; false at the first byte
    /// outside ASCII (every marker of a script body set aside is one: the text is then read whole, by
    /// `text(_:)`, which puts the body back) or entity reference. True when all of it was ASCII.
    func visitASCIIText(of node: xmlNodePtr, _ visit: (UInt8) -> Void) -> Bool {
        var next = node.pointee.children
        while let current = next {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    var pointer = UnsafePointer(content)
                    while pointer.pointee != 0 {
                        if pointer.pointee >= 0x80 { return false }
                        visit(pointer.pointee)
                        pointer += 1
                    }
                }
            case XML_ENTITY_REF_NODE:
                return false
            default:
                break
            }
            next = Self.nextInDocumentOrder(after: current, within: node)
        }
        return true
    }

    /// The node after `node` in document order (its first child if it is an element with children,
    /// else its next sibling, else its nearest ancestor's next sibling), never leaving `root`: nil
    /// once the walk is back at `root`. Walks a subtree without recursion, however deep it nests.
    static func nextInDocumentOrder(after node: xmlNodePtr, within root: xmlNodePtr) -> xmlNodePtr? {
        if node.pointee.type == XML_ELEMENT_NODE, let child = node.pointee.children { return child }
        var cursor = node
        while cursor != root {
            if let sibling = cursor.pointee.next { return sibling }
            guard let parent = cursor.pointee.parent else { return nil }
            cursor = parent
        }
        return nil
    }

    /// Whether the element's `type`, lower-cased, holds `ld+json` (a JSON-LD script). Asked of every
    /// script of a page: Foundation's `contains` cost 6,000 instructions a call. A value it finds
    /// `ld+json` in holds those bytes, case aside (no character but the ASCII capitals lower-cases to
    /// one of them, and none is canonically equivalent to one), so the bytes are read first.
    static func declaresJSONLD(_ node: xmlNodePtr) -> Bool {
        guard let value = xmlGetProp(node, "type") else { return false }
        defer { nw_xml_free(value) }
        return namesJSONLD(value)
    }

    static func namesJSONLD(_ value: UnsafePointer<xmlChar>) -> Bool {
        let bytes = UnsafeBufferPointer(start: value, count: Int(xmlStrlen(value)))
        guard UTF8Bytes.contains(bytes, "ld+json", caseInsensitive: true) else { return false }
        return String(cString: value).lowercased().contains("ld+json")
    }

    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { nw_xml_free(value) }
        return String(cString: value)
    }

    static func children(of node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
            child = current.pointee.next
        }
        return result
    }

    /// All text of the node, white space folded. For small nodes (titles, labels, link boxes).
    func text(_ node: xmlNodePtr) -> String {
        restoreBodies(inside: node)
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { nw_xml_free(content) }
        return TextFolding.collapsingWhitespace(String(cString: content))
    }

    /// The element's number in document order, when it was measured.
    func index(_ node: xmlNodePtr) -> Int? {
        guard let mark = node.pointee._private else { return nil }
        let value = Int(bitPattern: mark) - 1
        return value >= 0 && value < elements.count && elements[value] == node ? value : nil
    }

    func stats(_ node: xmlNodePtr) -> ElementStats {
        index(node).map { stats[$0] } ?? ElementStats()
    }

    /// Whether `node` lies inside `ancestor` (or is it).
    func contains(_ ancestor: xmlNodePtr, _ node: xmlNodePtr) -> Bool {
        guard let a = index(ancestor), let n = index(node) else { return false }
        return n >= a && n <= stats[a].end
    }

    /// Takes `node` out of the tree and frees it (the document's slab frees it, when it holds the
    /// whole document: `XMLDocumentArena`).
    func remove(_ node: xmlNodePtr) {
        if !asideBodies.isEmpty { asideBodies.removeAll { Self.isWithin($0.element, node) } }
        xmlUnlinkNode(node)
        if !XMLDocumentArena.holdsEverything(since: document) { xmlFreeNode(node) }
    }

    // MARK: - Measuring

    /// Numbers the elements and counts their text, in one pre-order pass and one pass backwards
    /// (children come after their parent in document order, so backwards adds children first).
    func measure() {
        // Built in locals and stored at the end: every access to a class's array property is checked
        // for exclusivity at run time (100,000 checks on the real pages).
        var elements: [xmlNodePtr] = []
        var stats: [ElementStats] = []
        var tags: [PageTag] = []
        defer {
            self.elements = elements
            self.stats = stats
            self.tags = tags
        }
        guard let root else { return }
        var ownText: [Int] = []
        var ownCommas: [Int] = []
        var parents: [Int] = []
        var next: xmlNodePtr? = root
        var parentIndex = [-1]
        var insideLink: [Bool] = [false]
        var ownLinkText: [Int] = []
        let tagsByName = TagsByName()
        // Pre-order with an explicit path.
        while let node = next {
            var descend = false
            if node.pointee.type == XML_ELEMENT_NODE {
                let tag = tagsByName.tag(node)
                if !tag.isDropped {
                    let number = elements.count
                    elements.append(node)
                    tags.append(tag)
                    node.pointee._private = UnsafeMutableRawPointer(bitPattern: number + 1)
                    stats.append(ElementStats())
                    ownText.append(0)
                    ownCommas.append(0)
                    ownLinkText.append(0)
                    let parent = parentIndex.last!
                    parents.append(parent)
                    if parent >= 0, tag.isBlock { stats[parent].hasBlockChild = true }
                    if tag == .a { stats[number].links = 1 }
                    descend = node.pointee.children != nil
                    if descend {
                        parentIndex.append(number)
                        insideLink.append(insideLink.last! || tag == .a)
                    }
                }
            } else if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE,
                      let content = node.pointee.content, let owner = parentIndex.last, owner >= 0 {
                let (length, commas) = Self.measureText(content)
                ownText[owner] += length
                ownCommas[owner] += commas
                if insideLink.last! { ownLinkText[owner] += length }
            }
            if descend, let child = node.pointee.children {
                next = child
                continue
            }
            var cursor = node
            next = nil
            while cursor != root {
                if let sibling = cursor.pointee.next { next = sibling; break }
                guard let parent = cursor.pointee.parent else { break }
                // Leaving `parent`, which was entered on the way down.
                parentIndex.removeLast()
                insideLink.removeLast()
                cursor = parent
            }
        }
        for number in stats.indices { stats[number].end = number }
        for number in stats.indices.reversed() {
            stats[number].textLength += ownText[number]
            stats[number].commas += ownCommas[number]
            stats[number].linkLength += ownLinkText[number]
            let parent = parents[number]
            guard parent >= 0 else { continue }
            stats[parent].textLength += stats[number].textLength
            stats[parent].linkLength += stats[number].linkLength
            stats[parent].commas += stats[number].commas
            stats[parent].links += stats[number].links
            stats[parent].end = max(stats[parent].end, stats[number].end)
        }
    }

    /// Takes the measured elements numbered `roots` (ascending, none inside another) out of the tree
    /// with everything in them, and keeps the numbers and statistics what `measure()` would give for
    /// the tree without them: every count is a sum over an element's subtree, so each ancestor loses
    /// the removed subtree's sums (text nodes are not merged by the removal, so no other node's count
    /// changes); the rest are renumbered in order. `measure()` walked every node of the page again.
    func removeMeasured(_ roots: [Int]) {
        guard !roots.isEmpty else { return }
        var removed = [Bool](repeating: false, count: elements.count)
        var parentsOfBlocks: [Int] = []
        for root in roots {
            let sums = stats[root]
            var cursor = elements[root].pointee.parent
            if let parent = cursor, tags[root].isBlock, let index = index(parent) { parentsOfBlocks.append(index) }
            while let node = cursor, let number = index(node) {
                stats[number].textLength -= sums.textLength
                stats[number].linkLength -= sums.linkLength
                stats[number].commas -= sums.commas
                stats[number].links -= sums.links
                cursor = node.pointee.parent
            }
            for number in root...sums.end { removed[number] = true }
        }
        // A parent that lost a block child has one still if any other element child is a block.
        for number in parentsOfBlocks {
            var hasBlock = false
            var child = elements[number].pointee.children
            while let current = child, !hasBlock {
                if current.pointee.type == XML_ELEMENT_NODE, index(current).map({ !removed[$0] }) == true, PageTag(current).isBlock { hasBlock = true }
                child = current.pointee.next
            }
            stats[number].hasBlockChild = hasBlock
        }
        for root in roots { remove(elements[root]) }
        // Renumbered in order; an element's last descendant is the last one kept up to its old one.
        var newNumber = [Int](repeating: -1, count: elements.count)
        var lastKept = [Int](repeating: -1, count: elements.count)
        var kept = 0
        for number in elements.indices {
            if !removed[number] {
                newNumber[number] = kept
                kept += 1
            }
            lastKept[number] = kept - 1
        }
        var keptElements: [xmlNodePtr] = []
        var keptStats: [ElementStats] = []
        var keptTags: [PageTag] = []
        keptElements.reserveCapacity(kept)
        keptStats.reserveCapacity(kept)
        keptTags.reserveCapacity(kept)
        for number in elements.indices where !removed[number] {
            var element = stats[number]
            element.end = lastKept[element.end]
            elements[number].pointee._private = UnsafeMutableRawPointer(bitPattern: newNumber[number] + 1)
            keptElements.append(elements[number])
            keptStats.append(element)
            keptTags.append(tags[number])
        }
        elements = keptElements
        stats = keptStats
        tags = keptTags
    }

    /// `PageTag(node)` by the address of the element's name, for one walk over a tree none of whose
    /// elements is freed meanwhile (`measure()`, `PageMetadata.read`): the page's parse gives its
    /// elements the dictionary's names, so a page of 1,000 elements has some 50 addresses, and each is
    /// looked up by its bytes once. A name of the element's own (one written with a prefix) is an
    /// address of its own, and once the table is three-quarters full the rest are looked up by their
    /// bytes.
    final class TagsByName {
        /// Name addresses (0: an empty slot) and their tags, 256 slots each; `filled[0]` slots in use.
        /// Pointers, not arrays or a stored `var`: each access to a class's array or `var` is checked
        /// for exclusivity at run time.
        private let names = UnsafeMutablePointer<UInt>.allocate(capacity: 256)
        private let tags = UnsafeMutablePointer<PageTag>.allocate(capacity: 256)
        private let filled = UnsafeMutablePointer<Int>.allocate(capacity: 1)

        init() {
            names.initialize(repeating: 0, count: 256)
            tags.initialize(repeating: .other, count: 256)
            filled.initialize(to: 0)
        }

        deinit {
            names.deallocate()
            tags.deallocate()
            filled.deallocate()
        }

        func tag(_ node: xmlNodePtr) -> PageTag {
            guard let name = node.pointee.name else { return PageTag(node) }
            let address = UInt(bitPattern: name)
            // The address's bits above the allocator's alignment, mixed, the top eight of them.
            var slot = Int(truncatingIfNeeded: (UInt64(address >> 3) &* 0x9E37_79B9_7F4A_7C15) >> 56)
            while names[slot] != 0 {
                if names[slot] == address { return tags[slot] }
                slot = (slot + 1) & 255
            }
            let tag = PageTag(node)
            if filled.pointee < 192 {
                names[slot] = address
                tags[slot] = tag
                filled.pointee += 1
            }
            return tag
        }
    }

    /// Characters of a text node with white space runs counted as one, and its commas.
    static func measureText(_ content: UnsafePointer<xmlChar>) -> (Int, Int) {
        var length = 0
        var commas = 0
        var inSpace = true
        var pointer = content
        while pointer.pointee != 0 {
            let byte = pointer.pointee
            pointer += 1
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                if !inSpace { length += 1; inSpace = true }
                continue
            }
            inSpace = false
            // Count characters, not bytes: continuation bytes add nothing.
            if byte & 0xC0 != 0x80 { length += 1 }
            if byte == UInt8(ascii: ",") { commas += 1 }
        }
        return (length, commas)
    }
}
