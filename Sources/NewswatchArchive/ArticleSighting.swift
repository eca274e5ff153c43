import Foundation

/// One feed/URL/guid an archived article arrived under, with when it was first and last seen there.
public struct ArticleSighting: Sendable, Equatable, Codable {
    public var feed: String
    public var url: String?
    public var guid: String?
    public var firstSeen: Date
    public var lastSeen: Date

    public init(feed: String, url: String?, guid: String?, firstSeen: Date, lastSeen: Date) {
        self.feed = feed
        self.url = url
        self.guid = guid
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}

/// Seconds since 1970, the archive's time column type: whole seconds, like the RFC 3339 dates of the
/// Article JSON, and integers index and compare cheaply.
enum StoredTime {
    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: Double(seconds)) }
}
