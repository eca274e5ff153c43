import Foundation

/// How often a feed really publishes: a moving average of the gap between polls that brought new
/// articles, so a feed that posts every five minutes is polled more often than one that posts weekly.
public struct PublishingRate: Sendable, Equatable, Codable {
    /// Exponentially weighted mean gap between new articles, in seconds; nil until there are two.
    public private(set) var meanGap: Double?
    public private(set) var lastNewArticle: Date?
    public private(set) var observations = 0

    /// Weight of the newest gap: about the last ten gaps matter.
    static let smoothing = 0.2

    public init() {}

    /// Record a poll that found `newArticles` new articles at `time`.
    public mutating func record(newArticles: Int, at time: Date) {
        guard newArticles > 0 else { return }
        if let last = lastNewArticle {
            // Several articles in one poll count as that many gaps over the elapsed time.
            let gap = max(1, time.timeIntervalSince(last)) / Double(newArticles)
            meanGap = meanGap.map { $0 + Self.smoothing * (gap - $0) } ?? gap
            observations += 1
        }
        lastNewArticle = time
    }

    /// Whether the feed has published for long enough that its rhythm means something.
    public var isEstablished: Bool { observations >= 3 }
}
