/// What a document turned out to be, detected from its content, never from its name.
public enum DocumentFormat: String, Sendable, Codable, CaseIterable {
    case rss09x = "rss0.9x"
    case rss10 = "rss1.0"
    case rss20 = "rss2.0"
    case atom03 = "atom0.3"
    case atom10 = "atom1.0"
    case jsonFeed = "jsonfeed"
    case html
    case text
}
