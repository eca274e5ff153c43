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
/// the others are kept, and each error is a warning with line and column.
///
/// Either way, external entities, DTDs and the network are never touched (`XML_PARSE_NONET`, no
/// `NOENT`, no `DTDLOAD`), and libxml2's depth limit stays in force (no `XML_PARSE_HUGE`).
struct XMLFeedReader {
    var baseURL: URL?

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
        let streamed = try stream(utf8, into: sink)
        if streamed.problems.errorLines.isEmpty || sink.isStopped, let feed = streamed.feed {
            return Result(feed: feed, warnings: streamed.problems.all.map { $0 + " (recovered)" })
        }
        return try recover(utf8, passingOver: sink.taken, into: sink)
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
