import NewswatchNormalize

/// A feed's identity for an item, used to recognise the next version of it: the guid, or the URL when
/// the feed gives no guid. Feeds do repeat a guid for different items (a CMS that uses the section id,
/// a template bug); like Miniflux, such items are told apart by their URL, and by their position among
/// the items sharing the guid when the URL repeats too.
struct ItemKey: Equatable {
    /// "" when the item has neither guid nor URL (it can then only be matched by content).
    var key: String
    /// False when the poll gives this URL to several items (a feed that links every item to its
    /// front page): then the URL says nothing about which item this is and is not used to find an
    /// earlier version.
    var urlIdentifiesItem: Bool

    /// One key per article, in order.
    static func keys(for articles: [Article]) -> [ItemKey] {
        let bases: [String] = articles.map { article in
            if let guid = article.guid, !guid.isEmpty { return "guid:" + guid }
            if let url = article.url, !url.isEmpty { return "url:" + url }
            return ""
        }
        let baseCount = counts(bases)
        let urlCount = counts(articles.map { $0.url ?? "" })

        let withURL: [String] = zip(bases, articles).map { base, article in
            guard baseCount[base, default: 0] > 1, base.hasPrefix("guid:") else { return base }
            return base + " url:" + (article.url ?? "")
        }
        let keyCount = counts(withURL)

        var seen: [String: Int] = [:]
        return zip(withURL, articles).map { key, article in
            let urlIdentifies = urlCount[article.url ?? "", default: 0] == 1
            guard keyCount[key, default: 0] > 1 else { return ItemKey(key: key, urlIdentifiesItem: urlIdentifies) }
            let position = seen[key, default: 0]
            seen[key] = position + 1
            return ItemKey(key: key + " #\(position)", urlIdentifiesItem: urlIdentifies)
        }
    }

    private static func counts(_ values: [String]) -> [String: Int] {
        var result: [String: Int] = [:]
        for value in values where !value.isEmpty { result[value, default: 0] += 1 }
        return result
    }
}
