import Foundation
import NewswatchNormalize

/// The feed-level facts a document gives: what `newswatch parse --json` prints under `feed`, and what
/// the scheduler needs to poll it politely (`ttl`, `sy:updatePeriod`/`updateFrequency`, `skipHours`).
public struct FeedInfo: Sendable, Equatable, Codable {
    public var title: String?
    /// The site's home page (RSS `link`, Atom `link rel=alternate`, JSON Feed `home_page_url`).
    public var link: String?
    public var language: String?
    public var format: DocumentFormat
    /// RSS `description`, Atom `subtitle`, JSON Feed `description`, as text.
    public var description: String?
    /// The feed's own address (`atom:link rel=self`, JSON Feed `feed_url`).
    public var feedURL: String?
    /// RSS `ttl`: minutes the feed may be cached.
    public var ttl: Int?
    /// `sy:updatePeriod`: `hourly`, `daily`, `weekly`, `monthly` or `yearly`.
    public var updatePeriod: String?
    /// `sy:updateFrequency`: how many updates per `updatePeriod`.
    public var updateFrequency: Int?
    /// RSS `skipHours`: hours of the day (0–23, GMT) in which the feed need not be polled.
    public var skipHours: [Int]
    /// RSS `skipDays`: day names (`Saturday`) on which the feed need not be polled.
    public var skipDays: [String]
    /// The feed's last change (RSS `lastBuildDate`/`pubDate`, Atom `updated`), when readable.
    public var updated: Date?

    public init(
        title: String? = nil, link: String? = nil, language: String? = nil, format: DocumentFormat,
        description: String? = nil, feedURL: String? = nil, ttl: Int? = nil, updatePeriod: String? = nil,
        updateFrequency: Int? = nil, skipHours: [Int] = [], skipDays: [String] = [], updated: Date? = nil
    ) {
        self.title = title
        self.link = link
        self.language = language
        self.format = format
        self.description = description
        self.feedURL = feedURL
        self.ttl = ttl
        self.updatePeriod = updatePeriod
        self.updateFrequency = updateFrequency
        self.skipHours = skipHours
        self.skipDays = skipDays
        self.updated = updated
    }

    enum CodingKeys: String, CodingKey {
        case title, link, language, format, description, feedURL = "feed_url", ttl, updatePeriod = "update_period"
        case updateFrequency = "update_frequency", skipHours = "skip_hours", skipDays = "skip_days", updated
    }

    // Empty fields are left out, as in the Article JSON.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encodeIfPresent(link, forKey: .link)
        try c.encodeIfPresent(language, forKey: .language)
        try c.encode(format, forKey: .format)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encodeIfPresent(feedURL, forKey: .feedURL)
        try c.encodeIfPresent(ttl, forKey: .ttl)
        try c.encodeIfPresent(updatePeriod, forKey: .updatePeriod)
        try c.encodeIfPresent(updateFrequency, forKey: .updateFrequency)
        if !skipHours.isEmpty { try c.encode(skipHours, forKey: .skipHours) }
        if !skipDays.isEmpty { try c.encode(skipDays, forKey: .skipDays) }
        if let updated { try c.encode(RFC3339.string(from: updated), forKey: .updated) }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            title: try c.decodeIfPresent(String.self, forKey: .title),
            link: try c.decodeIfPresent(String.self, forKey: .link),
            language: try c.decodeIfPresent(String.self, forKey: .language),
            format: try c.decode(DocumentFormat.self, forKey: .format),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            feedURL: try c.decodeIfPresent(String.self, forKey: .feedURL),
            ttl: try c.decodeIfPresent(Int.self, forKey: .ttl),
            updatePeriod: try c.decodeIfPresent(String.self, forKey: .updatePeriod),
            updateFrequency: try c.decodeIfPresent(Int.self, forKey: .updateFrequency),
            skipHours: try c.decodeIfPresent([Int].self, forKey: .skipHours) ?? [],
            skipDays: try c.decodeIfPresent([String].self, forKey: .skipDays) ?? [],
            updated: try c.decodeIfPresent(String.self, forKey: .updated).flatMap(RFC3339.date(from:)))
    }
}
