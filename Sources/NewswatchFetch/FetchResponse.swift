import Foundation

public typealias FetchResult = Result<FetchResponse, FetchError>

/// A fetch that succeeded: either the server confirmed the stored copy is current (304, nothing to
/// parse), or a body to hand to the parser with its charset.
public struct FetchResponse: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case notModified
        case body([UInt8])
    }

    public var content: Content
    /// The final HTTP status (200, 304, ...); 0 for a local file.
    public var status: Int
    public var requestedURL: String
    /// Where the body came from after all redirects.
    public var finalURL: String
    /// Set when a leading run of 301/308 redirects moved the feed: fetch this URL from now on and
    /// tell the user to update the config. 302/303/307 never set it.
    public var permanentURL: String?
    public var redirects: [Redirect]
    /// To store and send next time. On a 304 without validators of its own, the request's.
    public var validators: Validators
    /// The media type without parameters, lowercased (`application/rss+xml`).
    public var mediaType: String?
    /// From `Content-Type`'s charset parameter, lowercased; nil when the server did not say.
    public var charset: String?
    public var freshness: Freshness
    /// 1 for HTTP/1.x, 2 for HTTP/2, 3 for HTTP/3; nil for a local file.
    public var httpVersion: Int?
    /// When the response was complete.
    public var receivedAt: Date

    /// Until when the server says its answer stays fresh: a lower bound for the next poll.
    public var freshUntil: Date? { freshness.freshUntil(receivedAt: receivedAt) }

    public var body: [UInt8]? {
        if case .body(let bytes) = content { return bytes }
        return nil
    }

    public var isNotModified: Bool { content == .notModified }
}

/// One redirect hop that was followed.
public struct Redirect: Sendable, Equatable {
    public var status: Int
    public var from: String
    public var to: String

    public var isPermanent: Bool { status == 301 || status == 308 }
}

/// How long the server says its answer stays fresh: a lower bound for the next poll.
public struct Freshness: Sendable, Equatable {
    /// `Cache-Control: max-age`, in seconds.
    public var maxAge: Int?
    public var expires: Date?
    /// The response's `Date`, so `Expires` can be read against the server's clock.
    public var serverDate: Date?

    public init(maxAge: Int? = nil, expires: Date? = nil, serverDate: Date? = nil) {
        self.maxAge = maxAge
        self.expires = expires
        self.serverDate = serverDate
    }

    /// The moment the response stops being fresh, nil when the server did not say. `max-age` wins
    /// over `Expires` (RFC 9111 §4.2.1); `Expires` is taken relative to the server's `Date` so a
    /// skewed clock on either side does not matter.
    public func freshUntil(receivedAt now: Date) -> Date? {
        if let maxAge { return now.addingTimeInterval(TimeInterval(maxAge)) }
        guard let expires else { return nil }
        let lifetime = expires.timeIntervalSince(serverDate ?? now)
        return now.addingTimeInterval(max(0, lifetime))
    }
}
