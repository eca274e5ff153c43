/// A fetch that produced no usable feed body, with the kind kept for `status` and feed-health alerts.
public struct FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable, Hashable {
        case invalidURL
        /// The URL or a redirect used a scheme other than http/https (or file for a local feed).
        case forbiddenScheme(String)
        case dns
        case connect
        /// The host resolved to a loopback, private, link-local or metadata address.
        case refusedAddress
        case tls
        case timeout
        /// The low-speed bound: the server dripped slower than the configured minimum.
        case tooSlow
        case tooLarge
        case tooManyRedirects
        /// The server answered with a status that carries no feed (404, 500, 429, ...).
        case httpStatus(Int)
        /// 410: the feed is gone for good; the daemon disables it.
        case gone
        /// The body's Content-Encoding could not be decoded.
        case badContentEncoding
        /// The connection broke or the server answered something that is not HTTP.
        case transport
        case fileUnreadable
        case cancelled
        case other
    }

    public var kind: Kind
    /// The URL of the hop that failed (after redirects).
    public var url: String
    /// What went wrong, in words (libcurl's detailed message where it has one).
    public var message: String
    /// Parsed from a 429 or 503 (or any failed response that carries it).
    public var retryAfter: RetryAfter?
    /// Set when a 301/308 chain moved the feed before the failure: the config should be updated.
    public var permanentURL: String?

    public init(kind: Kind, url: String, message: String, retryAfter: RetryAfter? = nil, permanentURL: String? = nil) {
        self.kind = kind
        self.url = url
        self.message = message
        self.retryAfter = retryAfter
        self.permanentURL = permanentURL
    }

    public var description: String { "\(url): \(message)" }
}
