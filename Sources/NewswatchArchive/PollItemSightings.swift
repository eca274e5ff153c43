import GRDB

/// Which of a poll's item keys (in its feed) and URLs (in any feed) have a sighting, read in two
/// statements for the whole poll, so that the previous-version lookup (`ArticleRecorder.previousVersion`)
/// of an item nothing was seen under, the common case for a new article, is not two queries. Kept
/// current by the recorder's own sightings; the recording transaction is the only writer.
final class PollItemSightings {
    private var feed: String?
    /// What was asked: of anything else the answer is "maybe".
    private var askedItemKeys: Set<String> = []
    private var askedURLs: Set<String> = []
    /// What has a sighting, of what was asked.
    private var itemKeys: Set<String> = []
    private var urls: Set<String> = []

    /// Reads which of `itemKeys` of `feed` and of `urls` have a sighting. Before, every answer is "maybe".
    func load(_ db: Database, feed: String, itemKeys: [String], urls: [String]) throws {
        askedItemKeys = Set(itemKeys.filter { !$0.isEmpty })
        askedURLs = Set(urls.filter { !$0.isEmpty })
        self.itemKeys = try db.valuesFound(among: Array(askedItemKeys), leading: [feed]) { marks in
            "SELECT DISTINCT itemKey FROM sighting WHERE feed = ? AND itemKey IN (\(marks))"
        }
        self.urls = try Self.knownURLs(db, Array(askedURLs))
        self.feed = feed
    }

    /// False only when `itemKey` of `feed` certainly has no sighting.
    func mayHave(feed: String, itemKey: String) -> Bool {
        feed != self.feed || !askedItemKeys.contains(itemKey) || itemKeys.contains(itemKey)
    }

    /// False only when `url` certainly has no sighting.
    func mayHave(url: String) -> Bool {
        !askedURLs.contains(url) || urls.contains(url)
    }

    func noteSighting(feed: String, itemKey: String, url: String) {
        guard self.feed != nil else { return }
        if feed == self.feed { itemKeys.insert(itemKey) }
        urls.insert(url)
    }

    /// Which of these URLs have a sighting, in any feed.
    static func knownURLs(_ db: Database, _ urls: [String]) throws -> Set<String> {
        // `url <> ''` lets SQLite use the partial index `sighting_url` (else it reads every sighting).
        try db.valuesFound(among: Array(Set(urls.filter { !$0.isEmpty }))) { marks in
            "SELECT DISTINCT url FROM sighting WHERE url IN (\(marks)) AND url <> ''"
        }
    }
}
