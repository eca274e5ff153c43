import CLibXML2
import Foundation

/// A feed listed in an OPML file.
public struct OPMLFeed: Sendable, Equatable {
    /// The outline's `title`, else its `text`; nil when it has neither.
    public var title: String?
    /// `xmlUrl`: the feed itself.
    public var feedURL: String
    /// `htmlUrl`: the site the feed belongs to.
    public var siteURL: String?
    /// The names of the folders (outlines without `xmlUrl`) the feed sits in, outermost first, then
    /// its `category` paths (comma-separated, slashes at the ends dropped), without repeats.
    public var tags: [String]

    public init(title: String?, feedURL: String, siteURL: String? = nil, tags: [String] = []) {
        self.title = title
        self.feedURL = feedURL
        self.siteURL = siteURL
        self.tags = tags
    }
}

/// What an OPML file says: its head title and the feeds of its body, in document order.
public struct OPMLDocument: Sendable, Equatable {
    public var title: String?
    public var feeds: [OPMLFeed]

    public init(title: String?, feeds: [OPMLFeed]) {
        self.title = title
        self.feeds = feeds
    }
}

/// Why a file is not read as OPML; `description` is the one line for the user.
public enum OPMLError: Error, Sendable, Equatable, CustomStringConvertible {
    case notWellFormed(String)
    case notOPML(rootElement: String)
    case entityDeclarations
    case noBody

    public var description: String {
        switch self {
        case .notWellFormed(let problem): return "is not OPML: not well-formed XML (\(problem))"
        case .notOPML(let root): return "is not OPML: the document is <\(root)>, an OPML file is <opml>"
        case .entityDeclarations: return "is not read: it declares XML entities, which an OPML file has no use for"
        case .noBody: return "is not OPML: <opml> has no <body>"
        }
    }
}

/// Reads OPML 1.0/2.0 subscription lists (the feed list format readers share) with libxml2's tree
/// parser: strict (no recovery: a damaged list is refused rather than half-imported), never touching
/// the network (`XML_PARSE_NONET`), never loading a DTD, and refusing documents that declare entities.
public struct OPMLReader: Sendable {
    public init() {}

    final class Problems {
        var first: String?

        func record(_ error: xmlError) {
            guard first == nil else { return }
            let message = error.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "error \(error.code)"
            first = "line \(error.line): \(message)"
        }
    }

    // No NOERROR/NOWARNING: the structured handler takes every message, and newer libxml2 would hide
    // them from it too, leaving the user without the line of the error.
    static let options = Int32(XML_PARSE_NONET.rawValue)

    static let errorHandler: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        Unmanaged<Problems>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
    }

    public func read(_ bytes: [UInt8]) throws(OPMLError) -> OPMLDocument {
        guard !bytes.isEmpty else { throw .notWellFormed("the file is empty") }
        let problems = Problems()
        // The tree parser reports through the thread's structured handler; it is put back at once.
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(problems).toOpaque(), Self.errorHandler)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), nil, nil, Self.options)
            }
        }
        xmlSetStructuredErrorFunc(nil, nil)
        guard let document else { throw .notWellFormed(problems.first ?? "unreadable") }
        defer { xmlFreeDoc(document) }
        if let subset = document.pointee.intSubset, subset.pointee.entities != nil { throw .entityDeclarations }
        guard let root = xmlDocGetRootElement(document) else { throw .notWellFormed("no root element") }
        let rootName = Self.name(of: root)
        guard rootName.lowercased() == "opml" else { throw .notOPML(rootElement: rootName) }

        let head = Self.children(of: root).first { Self.name(of: $0) == "head" }
        let title = head.flatMap { head in Self.children(of: head).first { Self.name(of: $0) == "title" } }
            .map(Self.text).flatMap(Self.nonEmpty)
        guard let body = Self.children(of: root).first(where: { Self.name(of: $0) == "body" }) else { throw .noBody }
        return OPMLDocument(title: title, feeds: Self.feeds(in: body))
    }

    /// Every outline with an `xmlUrl`, depth first in document order, without recursion (a hostile
    /// file cannot exhaust the stack; libxml2's own depth limit bounds the tree).
    private static func feeds(in body: xmlNodePtr) -> [OPMLFeed] {
        var feeds: [OPMLFeed] = []
        var stack: [(node: xmlNodePtr, folders: [String])] = children(of: body).reversed().map { ($0, []) }
        while let (node, folders) = stack.popLast() {
            guard name(of: node) == "outline" else { continue }
            let attributes = attributes(of: node)
            let label = nonEmpty(attributes["title"] ?? "") ?? nonEmpty(attributes["text"] ?? "")
            var inner = folders
            if let feedURL = nonEmpty(attributes["xmlurl"] ?? "") {
                var tags = folders
                for category in (attributes["category"] ?? "").split(separator: ",") {
                    let trimmed = category.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "/")))
                    if !trimmed.isEmpty { tags.append(trimmed) }
                }
                var unique: [String] = []
                for tag in tags where !unique.contains(tag) { unique.append(tag) }
                feeds.append(OPMLFeed(title: label, feedURL: feedURL, siteURL: nonEmpty(attributes["htmlurl"] ?? ""), tags: unique))
            } else if let label {
                inner.append(label)
            }
            stack.append(contentsOf: children(of: node).reversed().map { ($0, inner) })
        }
        return feeds
    }

    private static func children(of node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var cursor = node.pointee.children
        while let current = cursor {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
            cursor = current.pointee.next
        }
        return result
    }

    private static func name(of node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// Attribute values by lower-cased name: exporters disagree on `xmlUrl` / `xmlurl`.
    private static func attributes(of node: xmlNodePtr) -> [String: String] {
        var result: [String: String] = [:]
        var cursor = node.pointee.properties
        while let attribute = cursor {
            if let rawName = attribute.pointee.name, let value = xmlNodeListGetString(node.pointee.doc, attribute.pointee.children, 1) {
                result[String(cString: rawName).lowercased()] = String(cString: value)
                nw_xml_free(value)
            }
            cursor = attribute.pointee.next
        }
        return result
    }

    private static func text(_ node: xmlNodePtr) -> String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { nw_xml_free(content) }
        return String(cString: content)
    }

    private static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
