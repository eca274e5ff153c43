import CLibXML2
import Foundation
import NewswatchNormalize

/// Reads an RSS, RDF or Atom document.
///
/// A well-formed document is read with libxml2's streaming reader: one item (or feed field) at a
/// time is expanded into a small tree, read, and released, so memory grows with the largest item, not
/// with the feed. libxml2's reader gives up at the first well-formedness error, so a broken document
/// is read a second time with the recovering tree parser (`XML_PARSE_RECOVER`), which gets past
/// unclosed tags and stray text; items in which an error lies are left out (their text may be cut),
/// the others are kept, and each error is a warning with line and column. A document of 128 to 512 KiB
/// without a fatal error is parsed whole first and its items read from that tree by the same rules
/// (`readWhole`, `wholeDocumentSizes`: faster there, and its memory bounded).
///
/// Either way, external entities, DTDs and the network are never touched (`XML_PARSE_NONET`, no
/// `NOENT`, no `DTDLOAD`), and libxml2's depth limit stays in force (no `XML_PARSE_HUGE`).
struct XMLFeedReader {
    var baseURL: URL?
    /// Documents of these sizes are parsed whole first (`readWhole`), others streamed.
    var wholeDocumentSizes = XMLFeedReader.wholeDocumentSizes

    /// libxml2 2.9's streaming reader hands its push parser 512 bytes at a time, and the push parser
    /// gives out a long CDATA section (an item's `content:encoded`) 300 bytes per push while it looks
    /// for the section's end from the start of what is left at every push: over the QUICK corpus the
    /// reader cost 446 M instructions where one push of the whole document costs 355 M (the feeds are
    /// 65–360 KB). A document of these sizes is parsed whole, its tree held while its items are read
    /// (a few times its size, freed at once after), so memory still does not grow with larger feeds.
    /// Not a smaller one: a daemon polling 1,000 feeds of ~80 KB parses them two at a time, where the
    /// trees put its peak memory 0.6–1.2 MB higher for no time it could measure (issue 4 wants that
    /// poll under 64 MB; bench/README.md, "Ninth round" and "Polling, session 12").
    static let wholeDocumentSizes = (128 * 1024)..<(512 * 1024 + 1)

    struct Result {
        var feed: FeedInfo
        var warnings: [String]
    }

    /// libxml2's messages, collected by the structured error handler.
    final class Problems {
        var warnings: [String] = []
        var errorLines: [Int] = []
        var suppressed = 0
        /// Maps libxml2's positions back to the document as it came (see `ItemLineSpreading`).
        var spreading: ItemLineSpreading?
        static let maximum = 50

        func record(_ error: xmlError) {
            // Only well-formedness errors damage the text; namespace and validity errors do not.
            if error.level == XML_ERR_FATAL { errorLines.append(Int(error.line)) }
            guard warnings.count < Self.maximum else { suppressed += 1; return }
            var message = error.message.map { String(cString: $0) }?.trimmingSpaces() ?? "error \(error.code)"
            if spreading != nil {
                // libxml2 names lines in its messages too ("tag mismatch: title line 4 and titel").
                message = message.replacing(/line (\d+)/) { match in "line \(original(line: Int(match.1) ?? 0).line)" }
            }
            let (line, column) = original(line: Int(error.line), column: Int(error.int2))
            var place = "line \(line)"
            if column > 0 { place += ", column \(column)" }
            warnings.append("\(place): \(message)")
        }

        func original(line: Int, column: Int = 0) -> (line: Int, column: Int) {
            spreading?.original(line: line, column: column) ?? (line, column)
        }

        var all: [String] {
            warnings + (suppressed > 0 ? ["\(suppressed) more XML errors"] : [])
        }
    }

    static let options = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_RECOVER.rawValue | XML_PARSE_IGNORE_ENC.rawValue
            | XML_PARSE_COMPACT.rawValue | XML_PARSE_NOCDATA.rawValue)

    static let errorHandler: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        Unmanaged<Problems>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
    }

    /// Reads `utf8` (UTF-8; the declaration's encoding is ignored: `CharacterDecoding` has decided),
    /// handing every item to `sink` as it is read.
    func read(_ utf8: [UInt8], into sink: ArticleSink) throws(DocumentError) -> Result {
        if wholeDocumentSizes.contains(utf8.count), let whole = try readWhole(utf8, into: sink) { return whole }
        let streamed = try stream(utf8, into: sink)
        if streamed.problems.errorLines.isEmpty || sink.isStopped, let feed = streamed.feed {
            return Result(feed: feed, warnings: streamed.problems.all.map { $0 + " (recovered)" })
        }
        return try recover(utf8, passingOver: sink.taken, into: sink)
    }

    // MARK: - Whole

    /// The error handler of a parser context whose `_private` is the `Problems`: the structured
    /// handler libxml2 calls with the context, as the streaming reader's does.
    static let contextErrorHandler: xmlStructuredErrorFunc = { context, error in
        guard let context, let error,
              let problems = context.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private else { return }
        Unmanaged<Problems>.fromOpaque(problems).takeUnretainedValue().record(error.pointee)
    }

    /// What `stream` gives for a document without a fatal error, from the whole tree: the push parser
    /// set up as the streaming reader sets up its own (the first four bytes, the URL, the options,
    /// the UTF-8 handler, line numbers, names from the dictionary, reader mode), handed the rest at
    /// once; then the items and fields in the order and by the rules of `loop`. Nil, with nothing
    /// handed to `sink`, for a document with a fatal error, without a root, or with anything after
    /// its root (the reader ends the parse when the root ends, with what it has pushed so far, and
    /// may report an error in a comment it cut): `stream` and `recover` read those as before.
    private func readWhole(_ utf8: [UInt8], into sink: ArticleSink) throws(DocumentError) -> Result? {
        let problems = Problems()
        let document: xmlDocPtr? = utf8.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars -> xmlDocPtr? in
                let first = buffer.count < 4 ? 0 : 4
                guard let context = xmlCreatePushParserCtxt(nil, nil, first == 0 ? nil : chars, Int32(first), baseURL?.absoluteString)
                else { return nil }
                defer { xmlFreeParserCtxt(context) }
                context.pointee.linenumbers = 1
                context.pointee.dictNames = 1
                context.pointee.docdict = 1
                context.pointee.parseMode = XML_PARSE_READER
                xmlCtxtUseOptions(context, Self.options | Int32(XML_PARSE_COMPACT.rawValue))
                if let handler = xmlFindCharEncodingHandler("UTF-8") { xmlSwitchToEncoding(context, handler) }
                context.pointee._private = Unmanaged.passUnretained(problems).toOpaque()
                context.pointee.sax.pointee.error = nil
                context.pointee.sax.pointee.serror = Self.contextErrorHandler
                var status: Int32 = 0
                if buffer.count > first { status = xmlParseChunk(context, chars + first, Int32(buffer.count - first), 0) }
                if status == 0 { status = xmlParseChunk(context, nil, 0, 1) }
                let document = context.pointee.myDoc
                context.pointee.myDoc = nil
                // The reader stops at what makes `xmlParseChunk` fail or the document not well-formed
                // (an error may do that without being fatal): then it decides, as before.
                guard status == 0, context.pointee.wellFormed == 1 else {
                    if let document { xmlFreeDoc(document) }
                    return nil
                }
                return document
            }
        }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        guard problems.errorLines.isEmpty, let root = xmlDocGetRootElement(document), root.pointee.next == nil else { return nil }
        let feed = try walk(root, sink: sink)
        return Result(feed: feed, warnings: problems.all.map { $0 + " (recovered)" })
    }

    /// `loop` over a whole tree: the root's elements (depth 1), and those of an RSS `channel` (depth 2).
    private func walk(_ root: xmlNodePtr, sink: ArticleSink) throws(DocumentError) -> FeedInfo {
        var collector = try FeedCollector(root: FeedNode(pointer: root), baseURL: baseURL, sink: sink)
        var next = root.pointee.children
        outer: while let node = next {
            next = node.pointee.next
            guard node.pointee.type == XML_ELEMENT_NODE else { continue }
            let (name, namespace) = Self.readerName(node)
            if collector.isItem(name: name, namespace: namespace) {
                collector.item(FeedNode(pointer: node))
                if sink.isStopped { break }
                continue
            }
            if !collector.isAtom, name == "channel" {
                collector.channel(namespace: namespace)
                var inner = node.pointee.children
                while let field = inner {
                    inner = field.pointee.next
                    guard field.pointee.type == XML_ELEMENT_NODE else { continue }
                    let (fieldName, fieldNamespace) = Self.readerName(field)
                    if collector.isItem(name: fieldName, namespace: fieldNamespace) {
                        collector.item(FeedNode(pointer: field))
                        if sink.isStopped { break outer }
                        continue
                    }
                    // Depth 2, in a `channel`: a field.
                    collector.field(FeedNode(pointer: field))
                }
                continue
            }
            // Atom's elements at depth 1 are fields; anything else at the top is skipped whole.
            if collector.isAtom { collector.field(FeedNode(pointer: node)) }
        }
        return collector.finishedFeed
    }

    /// The element's local name and namespace URI as the streaming reader gives them
    /// (`xmlTextReaderConstLocalName`, `xmlTextReaderConstNamespaceUri`).
    static func readerName(_ node: xmlNodePtr) -> (name: String, namespace: String) {
        (node.pointee.name.map { String(cString: $0) } ?? "", node.pointee.ns?.pointee.href.map { String(cString: $0) } ?? "")
    }

    // MARK: - Streaming

    private func stream(_ utf8: [UInt8], into sink: ArticleSink) throws(DocumentError) -> (feed: FeedInfo?, problems: Problems) {
        let problems = Problems()
        var outcome: FeedInfo?
        var failure: DocumentError?
        utf8.withUnsafeBufferPointer { buffer in
            let reader = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReaderForMemory($0, Int32(buffer.count), baseURL?.absoluteString, "UTF-8", Self.options)
            }
            guard let reader else { return }
            defer { xmlFreeTextReader(reader) }
            xmlTextReaderSetStructuredErrorHandler(reader, Self.errorHandler, Unmanaged.passUnretained(problems).toOpaque())
            do throws(DocumentError) {
                outcome = try loop(reader, sink: sink)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return (outcome, problems)
    }

    private func loop(_ reader: xmlTextReaderPtr, sink: ArticleSink) throws(DocumentError) -> FeedInfo? {
        var collector: FeedCollector?
        var status = xmlTextReaderRead(reader)
        while status == 1 {
            guard xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_ELEMENT.rawValue) else {
                status = xmlTextReaderRead(reader)
                continue
            }
            let depth = xmlTextReaderDepth(reader)
            let name = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
            let namespace = xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) } ?? ""

            guard var known = collector else {
                guard let node = xmlTextReaderCurrentNode(reader) else { break }
                collector = try FeedCollector(root: FeedNode(pointer: node), baseURL: baseURL, sink: sink)
                status = xmlTextReaderRead(reader)
                continue
            }
            defer { collector = known }
            let parentName = xmlTextReaderCurrentNode(reader)?.pointee.parent.flatMap { parent in
                parent.pointee.type == XML_ELEMENT_NODE ? parent.pointee.name.map { String(cString: $0) } : nil
            }
            if known.isItem(name: name, namespace: namespace) {
                guard let node = xmlTextReaderExpand(reader) else { break }
                known.item(FeedNode(pointer: node))
                if sink.isStopped { break }
                status = xmlTextReaderNext(reader)
                continue
            }
            if !known.isAtom, name == "channel", depth == 1 {
                known.channel(namespace: namespace)
                status = xmlTextReaderRead(reader)
                continue
            }
            if known.isAtom ? depth == 1 : (depth == 2 && parentName == "channel") {
                guard let node = xmlTextReaderExpand(reader) else { break }
                known.field(FeedNode(pointer: node))
                status = xmlTextReaderNext(reader)
                continue
            }
            // Anything else at the top (RDF `image`, `textinput`, extensions) is skipped whole.
            status = depth <= 2 ? xmlTextReaderNext(reader) : xmlTextReaderRead(reader)
        }
        return collector?.finishedFeed
    }

    // MARK: - Recovery

    /// - Parameter passingOver: how many items the streaming reader delivered before it failed; they
    ///   are not delivered again.
    private func recover(_ utf8: [UInt8], passingOver: Int, into sink: ArticleSink) throws(DocumentError) -> Result {
        let problems = Problems()
        let spreading = ItemLineSpreading(utf8)
        problems.spreading = spreading
        // The tree parser reports through the thread's structured handler; it is put back at once.
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(problems).toOpaque(), Self.errorHandler)
        let document = spreading.bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), baseURL?.absoluteString, "UTF-8", Self.options)
            }
        }
        xmlSetStructuredErrorFunc(nil, nil)
        guard let document else {
            throw DocumentError.malformed(problems.warnings.first.map { "is not well-formed XML: \($0)" } ?? "is not well-formed XML")
        }
        defer { xmlFreeDoc(document) }
        guard let rootPointer = xmlDocGetRootElement(document) else {
            throw DocumentError.malformed(problems.warnings.first.map { "is not well-formed XML: \($0)" } ?? "is XML without a root element")
        }
        let root = FeedNode(pointer: rootPointer)
        var collector = try FeedCollector(root: root, baseURL: baseURL, sink: sink)
        var skipped: [String] = []
        var passOver = passingOver

        func take(_ item: FeedNode) {
            // An unclosed tag makes the items after it children of the damaged one: they are looked
            // for inside it, breadth first, without recursion.
            var queue = [item]
            while !queue.isEmpty {
                let candidate = queue.removeFirst()
                if passOver > 0 {
                    passOver -= 1
                    continue
                }
                let first = candidate.line
                let last = Self.lastLine(of: candidate.pointer)
                guard let line = problems.errorLines.first(where: { $0 >= first && $0 <= last }) else {
                    collector.item(candidate)
                    continue
                }
                skipped.append("line \(problems.original(line: first).line): item damaged by the error on line \(problems.original(line: line).line) (left out)")
                queue.append(contentsOf: Self.nestedItems(in: candidate, collector: collector))
            }
        }
        for child in root.elements {
            if collector.isItem(name: child.localName, namespace: child.namespace) {
                take(child)
            } else if !collector.isAtom, child.localName == "channel" {
                collector.channel(namespace: child.namespace)
                for grandchild in child.elements {
                    if collector.isItem(name: grandchild.localName, namespace: grandchild.namespace) {
                        take(grandchild)
                    } else {
                        collector.field(grandchild)
                    }
                }
            } else if collector.isAtom {
                collector.field(child)
            }
        }
        return Result(feed: collector.finishedFeed, warnings: problems.all.map { $0 + " (recovered)" } + skipped)
    }

    /// Items anywhere below `node`, outermost first, in document order; nested items of those are
    /// not included.
    static func nestedItems(in node: FeedNode, collector: FeedCollector) -> [FeedNode] {
        var found: [FeedNode] = []
        var stack = node.elements.reversed().map { $0 }
        var visited = 0
        while let current = stack.popLast(), visited < 100_000 {
            visited += 1
            if collector.isItem(name: current.localName, namespace: current.namespace) {
                found.append(current)
            } else {
                stack.append(contentsOf: current.elements.reversed())
            }
        }
        return found
    }

    /// The line of the last node inside `node`, found by walking down the last children.
    static func lastLine(of node: xmlNodePtr) -> Int {
        var line = Int(xmlGetLineNo(node))
        var cursor = node.pointee.last
        while let current = cursor {
            let candidate = Int(xmlGetLineNo(current))
            if candidate > line { line = candidate }
            cursor = current.pointee.last
        }
        return line
    }
}
