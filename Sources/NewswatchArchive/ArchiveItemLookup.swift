import GRDB

extension Archive {
    /// Which of these article links the archive has already seen, through any feed. The daemon asks
    /// before fetching full-text pages, so an item's page is fetched once, not on every poll.
    public func knownURLs(_ urls: [String]) throws -> Set<String> {
        guard urls.contains(where: { !$0.isEmpty }) else { return [] }
        return try read { db in try PollItemSightings.knownURLs(db, urls) }
    }
}
