import CLibXML2
import Foundation
import NewswatchNormalize

/// Reads an RSS, RDF or Atom document with libxml2's streaming reader: one item (or feed field) at a
/// time is expanded into a small tree, read, and released, so memory grows with the largest item, not
/// with the feed. External entities, DTDs and the network are never touched (`XML_PARSE_NONET`, no
/// `NOENT`, no `DTDLOAD`); errors are recovered from where libxml2 can and are reported with line and
/// column; on an error libxml2 cannot recover from, the items read before it are kept.
struct XMLFeedReader {
    var baseURL: URL?

    struct Result {
        var feed: FeedInfo
        var entries: [FeedEntry]
        var warnings: [String]
    }

    /// libxml2's messages, collected by the structured error handler.
    final class Problems {
        var warnings: [String] = []
        var suppressed = 0
        var fatal = false
        static let maximum = 50

        func record(_ error: xmlError) {
            if error.level == XML_ERR_FATAL { fatal = true }
            guard warnings.count < Self.maximum else { suppressed += 1; return }
            let message = error.message.map { String(cString: $0) }?.trimmingSpaces() ?? "error \(error.code)"
            var place = "line \(error.line)"
            if error.int2 > 0 { place += ", column \(error.int2)" }
            warnings.append("\(place): \(message)")
        }
    }

    static let options = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_RECOVER.rawValue | XML_PARSE_IGNORE_ENC.rawValue
            | XML_PARSE_COMPACT.rawValue | XML_PARSE_NOCDATA.rawValue)

    /// `utf8` must be UTF-8 (the declaration's encoding is ignored: `CharacterDecoding` has decided).
    func read(_ utf8: [UInt8]) throws(DocumentError) -> Result {
        let problems = Problems()
        var outcome: Result?
        var failure: DocumentError?
        utf8.withUnsafeBufferPointer { buffer in
            let reader = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReaderForMemory($0, Int32(buffer.count), baseURL?.absoluteString, "UTF-8", Self.options)
            }
            guard let reader else {
                failure = .malformed("libxml2 could not start reading it")
                return
            }
            defer { xmlFreeTextReader(reader) }
            xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
                guard let context, let error else { return }
                Unmanaged<Problems>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
            }, Unmanaged.passUnretained(problems).toOpaque())
            do throws(DocumentError) {
                outcome = try loop(reader, problems: problems)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        var result = outcome!
        result.warnings = problems.warnings.map { $0 + " (recovered)" }
        if problems.suppressed > 0 { result.warnings.append("\(problems.suppressed) more XML errors") }
        return result
    }

    private func loop(_ reader: xmlTextReaderPtr, problems: Problems) throws(DocumentError) -> Result {
        var format: DocumentFormat?
        var feed = FeedInfo(format: .rss20)
        var entries: [FeedEntry] = []
        var rootLanguage: String?
        var status = xmlTextReaderRead(reader)
        while status == 1 {
            guard xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_ELEMENT.rawValue) else {
                status = xmlTextReaderRead(reader)
                continue
            }
            let depth = xmlTextReaderDepth(reader)
            let name = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
            let namespace = xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) } ?? ""

            guard let known = format else {
                let version = attribute(reader, "version")
                guard let detected = Self.detect(root: name, namespace: namespace, version: version) else {
                    if name.lowercased() == "html" {
                        throw DocumentError.notAFeed("is an HTML page, not a feed (RSS, RDF, Atom or JSON Feed)")
                    }
                    throw DocumentError.notAFeed(
                        "is XML, but its root element <\(name)>\(namespace.isEmpty ? "" : " (\(namespace))") is not RSS, RDF or Atom")
                }
                format = detected
                feed.format = detected
                rootLanguage = xmlTextReaderXmlLang(reader).map { pointer in
                    defer { nw_xml_free(pointer) }
                    return String(cString: pointer)
                }
                status = xmlTextReaderRead(reader)
                continue
            }

            let isAtom = known == .atom10 || known == .atom03
            let parentName = xmlTextReaderCurrentNode(reader)?.pointee.parent.flatMap { parent in
                parent.pointee.type == XML_ELEMENT_NODE ? parent.pointee.name.map { String(cString: $0) } : nil
            }
            let isItem = isAtom ? (name == "entry" && (FeedNamespace.isAtom(namespace) || namespace.isEmpty))
                : (name == "item" && FeedNamespace.isRSS(namespace))
            if isItem {
                guard let node = xmlTextReaderExpand(reader) else { break }
                let item = FeedNode(pointer: node)
                var entry = isAtom ? AtomEntryReading.entry(item, feed: feed, documentURL: baseURL) : RSSItemReading.entry(item, feed: feed, documentURL: baseURL)
                entry.line = item.line
                if entry.language == nil { entry.language = item.language }
                entries.append(entry)
                status = xmlTextReaderNext(reader)
                continue
            }
            if !isAtom, name == "channel", depth == 1 {
                if namespace == FeedNamespace.rss090 { feed.format = .rss09x }
                status = xmlTextReaderRead(reader)
                continue
            }
            let isFeedField = isAtom ? depth == 1 : (depth == 2 && parentName == "channel")
            if isFeedField {
                guard let node = xmlTextReaderExpand(reader) else { break }
                if isAtom {
                    AtomEntryReading.feedField(FeedNode(pointer: node), into: &feed)
                } else {
                    RSSItemReading.feedField(FeedNode(pointer: node), into: &feed)
                }
                status = xmlTextReaderNext(reader)
                continue
            }
            // Anything else at the top (RDF `image`, `textinput`, extensions) is skipped whole.
            status = depth <= 2 ? xmlTextReaderNext(reader) : xmlTextReaderRead(reader)
        }
        if format == nil {
            throw DocumentError.malformed(problems.warnings.first.map { "is not well-formed XML: \($0)" } ?? "is XML without a root element")
        }
        if feed.language == nil, let rootLanguage, !rootLanguage.isEmpty { feed.language = rootLanguage }
        if status == -1, !problems.fatal {
            problems.warnings.append("line \(xmlTextReaderGetParserLineNumber(reader)): reading stopped early")
        }
        return Result(feed: feed, entries: entries, warnings: [])
    }

    private func attribute(_ reader: xmlTextReaderPtr, _ name: String) -> String? {
        guard let value = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { nw_xml_free(value) }
        return String(cString: value)
    }

    /// The format from the root element, by namespace URI.
    static func detect(root name: String, namespace: String, version: String?) -> DocumentFormat? {
        switch (name, namespace) {
        case ("rss", ""):
            let version = version?.trimmingSpaces() ?? ""
            return version.hasPrefix("0.9") ? .rss09x : .rss20
        case ("RDF", FeedNamespace.rdf):
            return .rss10
        case ("feed", FeedNamespace.atom10):
            return .atom10
        case ("feed", FeedNamespace.atom03):
            return .atom03
        case ("feed", ""):
            // Atom served without its namespace: read it as Atom 1.0 rather than refuse it.
            return .atom10
        default:
            return nil
        }
    }
}
