/// The feeds that have sightings, each once.
enum SightingFeeds {
    /// A skip-scan over the `sighting_item` index (feed first): one index seek per feed. `SELECT DISTINCT feed`
    /// reads every sighting of the archive instead.
    static let distinct = """
        WITH RECURSIVE f(feed) AS (
            SELECT min(feed) FROM sighting
            UNION ALL
            SELECT (SELECT min(feed) FROM sighting WHERE feed > f.feed) FROM f WHERE f.feed IS NOT NULL
        )
        SELECT feed FROM f WHERE feed IS NOT NULL
        """
}
