import Foundation
import NewswatchNormalize

/// JSON Feed 1.0 and 1.1 (jsonfeed.org): `content_html` is HTML, `content_text` text, `summary` the
/// teaser; 1.0's `author` and 1.1's `authors` are both read.
struct JSONFeedReader {
    var baseURL: URL?

    struct Result {
        var feed: FeedInfo
        var warnings: [String]
    }

    func read(_ utf8: [UInt8], into sink: ArticleSink) throws(DocumentError) -> Result {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(utf8), options: [])
        } catch {
            throw DocumentError.malformed("is not valid JSON: \(Self.reason(error))")
        }
        guard let root = object as? [String: Any] else {
            throw DocumentError.notAFeed("is JSON, but not a JSON Feed: the top level is not an object")
        }
        let version = root["version"] as? String ?? ""
        guard version.contains("jsonfeed.org/version/") || (version.isEmpty && root["items"] is [Any]) else {
            throw DocumentError.notAFeed("is JSON, but not a JSON Feed (no \"version\": \"https://jsonfeed.org/version/1.1\")")
        }
        var warnings: [String] = []
        if version.isEmpty { warnings.append("JSON Feed without \"version\": read as 1.1") }
        var feed = FeedInfo(format: .jsonFeed)
        feed.title = Self.string(root["title"]).flatMap(ItemText.plain)
        feed.link = Self.string(root["home_page_url"])
        feed.feedURL = Self.string(root["feed_url"])
        feed.description = Self.string(root["description"]).flatMap(ItemText.plain)
        feed.language = Self.string(root["language"])
        let feedAuthors = Self.authors(root)
        let base = feed.link.flatMap(URL.init(string:)) ?? baseURL

        guard let items = root["items"] as? [Any] else {
            throw DocumentError.notAFeed("is a JSON Feed without an \"items\" array")
        }
        for (index, value) in items.enumerated() where !sink.isStopped {
            guard let item = value as? [String: Any] else {
                warnings.append("item \(index + 1): not an object, skipped")
                continue
            }
            var entry = FeedEntry()
            entry.base = base
            entry.guid = Self.string(item["id"]) ?? (item["id"] as? NSNumber).map { "\($0)" }
            entry.link = FeedLink.resolve(Self.string(item["url"]) ?? Self.string(item["external_url"]), against: base)
            entry.title = Self.string(item["title"]).map(ItemText.markup)
            if let html = Self.string(item["content_html"]) {
                entry.content = .html(html)
            } else if let text = Self.string(item["content_text"]) {
                entry.content = .plain(text)
            }
            if let summary = Self.string(item["summary"]) { entry.summary = .plain(summary) }
            entry.published = Self.string(item["date_published"])
            entry.updated = Self.string(item["date_modified"])
            let authors = Self.authors(item)
            for author in authors.isEmpty ? feedAuthors : authors { entry.addAuthor(author) }
            for tag in item["tags"] as? [Any] ?? [] { entry.addCategory(Self.string(tag)) }
            if let image = Self.string(item["image"]) ?? Self.string(item["banner_image"]) {
                entry.notePhoto(url: FeedLink.resolve(image, against: base))
            }
            for attachment in item["attachments"] as? [Any] ?? [] {
                guard let attachment = attachment as? [String: Any] else { continue }
                let size = (attachment["size_in_bytes"] as? NSNumber).map { "\($0.int64Value)" }
                entry.addEnclosure(url: FeedLink.resolve(Self.string(attachment["url"]), against: base),
                                   type: Self.string(attachment["mime_type"]), length: size)
            }
            entry.language = Self.string(item["language"])
            entry.line = index + 1
            sink.take(entry, feed: feed)
        }
        return Result(feed: feed, warnings: warnings)
    }

    static func string(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        let trimmed = text.trimmingSpaces()
        return trimmed.isEmpty ? nil : text
    }

    /// 1.1 `authors: [{name}]`, 1.0 `author: {name}`.
    static func authors(_ object: [String: Any]) -> [String] {
        if let list = object["authors"] as? [Any] {
            return list.compactMap { ($0 as? [String: Any]).flatMap { string($0["name"]) } }
        }
        if let single = object["author"] as? [String: Any], let name = string(single["name"]) { return [name] }
        return []
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return nsError.localizedDescription
    }
}
