import Foundation

/// The compact JSON of an article, written field by field straight into one byte buffer: the same
/// bytes as `Article.jsonEncoder(pretty: false).encode(article)` (`ArticleCoding`'s shape, keys in the
/// model's order), without the Codable path's tree of boxed nodes, one per field and block. The
/// archive stores this for every new article, where the Codable path was ~15 % of recording one.
/// A change to `Article.encode(to:)` must be made here too: the tests compare the two on the seeds,
/// the project's own articles and generated ones.
public enum ArticleJSONWriter {
    public static func compact(_ article: Article) -> String {
        String(decoding: compactUTF8(article), as: UTF8.self)
    }

    /// `compact` as UTF-8 bytes, for a caller that hands them on as they are (the archive binds them
    /// as SQLite text): no second pass to check bytes that come from Swift strings and ASCII escapes.
    /// Copied to an array of their own size: the daemon holds a few hundred of them in its queue, and
    /// the growing buffer's spare capacity was a megabyte of its peak.
    public static func compactUTF8(_ article: Article) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(article, into: &out)
        return out.withUnsafeBufferPointer { written in
            [UInt8](unsafeUninitializedCapacity: written.count) { copy, count in
                if let source = written.baseAddress, let target = copy.baseAddress {
                    target.initialize(from: source, count: written.count)
                }
                count = written.count
            }
        }
    }

    static func write(_ article: Article, into out: inout [UInt8]) {
        var object = ObjectWriter()
        object.key("id", &out); string(article.id.hex, &out)
        object.text("url", article.url, &out)
        object.text("guid", article.guid, &out)
        object.text("source", article.source, &out)
        object.text("section", article.section, &out)
        object.key("title", &out); string(article.title, &out)
        object.text("kicker", article.kicker, &out)
        object.key("headline", &out); string(article.headline, &out)
        object.text("teaser", article.teaser, &out)
        if let image = article.image, !image.isEmpty {
            object.key("image", &out)
            var fields = ObjectWriter()
            fields.optional("url", image.url, &out)
            fields.optional("caption", image.caption, &out)
            fields.optional("credit", image.credit, &out)
            fields.close(&out)
        }
        object.list("highlights", article.highlights, &out) { string($0, &$1) }
        object.key("body", &out)
        array(article.body, &out) { block, out in
            var fields = ObjectWriter()
            switch block {
            case .paragraph(let text): blockText("paragraph", text, &fields, &out)
            case .heading(let text): blockText("heading", text, &fields, &out)
            case .quote(let text): blockText("quote", text, &fields, &out)
            case .list(let items):
                fields.key("type", &out); string("list", &out)
                fields.key("items", &out); array(items, &out) { string($0, &$1) }
            }
            fields.close(&out)
        }
        object.list("related", article.related, &out) { link, out in
            var fields = ObjectWriter()
            fields.key("title", &out); string(link.title, &out)
            fields.optional("url", link.url, &out)
            fields.close(&out)
        }
        object.list("authors", article.authors, &out) { string($0, &$1) }
        object.list("agencies", article.agencies, &out) { string($0, &$1) }
        object.list("topics", article.topics, &out) { string($0, &$1) }
        object.text("language", article.language, &out)
        if let published = article.published { object.key("published", &out); date(published, &out) }
        if let updated = article.updated { object.key("updated", &out); date(updated, &out) }
        object.list("enclosures", article.enclosures, &out) { enclosure, out in
            var fields = ObjectWriter()
            fields.key("url", &out); string(enclosure.url, &out)
            fields.optional("type", enclosure.type, &out)
            if let length = enclosure.length { fields.key("length", &out); out.append(contentsOf: String(length).utf8) }
            fields.close(&out)
        }
        object.key("fetched", &out); date(article.fetched, &out)
        object.close(&out)
    }

    private static func blockText(_ type: StaticString, _ text: String, _ fields: inout ObjectWriter, _ out: inout [UInt8]) {
        fields.key("type", &out)
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UnsafeBufferPointer(start: type.utf8Start, count: type.utf8CodeUnitCount))
        out.append(UInt8(ascii: "\""))
        fields.key("text", &out); string(text, &out)
    }

    /// `RFC3339.string(from:)` as a JSON string, its digits written directly for years 0–9999 (its
    /// `String(format:)` was a third of writing an article); other years through it.
    static func date(_ date: Date, _ out: inout [UInt8]) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (year, month, day) = RFC3339.civilDate(fromDays: days)
        guard (0...9999).contains(year) else { return string(RFC3339.string(from: date), &out) }
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        out.append(UInt8(ascii: "\""))
        digits(year, 4); out.append(UInt8(ascii: "-")); digits(month, 2); out.append(UInt8(ascii: "-")); digits(day, 2)
        out.append(UInt8(ascii: "T"))
        digits(rest / 3600, 2); out.append(UInt8(ascii: ":")); digits(rest / 60 % 60, 2); out.append(UInt8(ascii: ":"))
        digits(rest % 60, 2)
        out.append(contentsOf: "Z\"".utf8)
    }

    private static func string(_ text: String, _ out: inout [UInt8]) {
        OrderedJSONEncoder.writeString(text, into: &out)
    }

    private static func array<Element>(_ items: [Element], _ out: inout [UInt8], _ element: (Element, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            element(item, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Opens the object at its first key and puts the commas between members; `{}` when it has none.
    private struct ObjectWriter {
        private var members = 0

        mutating func key(_ name: StaticString, _ out: inout [UInt8]) {
            out.append(UInt8(ascii: members == 0 ? "{" : ","))
            members += 1
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(contentsOf: "\":".utf8)
        }

        /// Codable's `encodeText`: left out when nil or empty.
        mutating func text(_ name: StaticString, _ value: String?, _ out: inout [UInt8]) {
            guard let value, !value.isEmpty else { return }
            key(name, &out)
            ArticleJSONWriter.string(value, &out)
        }

        /// A synthesized `Codable` optional (`encodeIfPresent`): left out when nil, kept when empty.
        mutating func optional(_ name: StaticString, _ value: String?, _ out: inout [UInt8]) {
            guard let value else { return }
            key(name, &out)
            ArticleJSONWriter.string(value, &out)
        }

        /// Codable's `encodeList`: left out when empty.
        mutating func list<Element>(_ name: StaticString, _ items: [Element], _ out: inout [UInt8],
                                    _ element: (Element, inout [UInt8]) -> Void) {
            guard !items.isEmpty else { return }
            key(name, &out)
            ArticleJSONWriter.array(items, &out, element)
        }

        func close(_ out: inout [UInt8]) {
            if members == 0 { out.append(contentsOf: "{}".utf8) } else { out.append(UInt8(ascii: "}")) }
        }
    }
}
