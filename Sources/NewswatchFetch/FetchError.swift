/// A fetch that produced no usable feed body, with the kind kept for `status` and feed-health alerts.
public struct FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable, Hashable {
        case invalidURL
        /// An extra request header that is not valid HTTP.
        case invalidHeader
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

extension FetchError.Kind {
    /// A stable short name for `status` output, alert lines and the archive (`dns`, `http_429`,
    /// `forbidden_scheme_file`); `init?(code:)` reads it back.
    public var code: String {
        switch self {
        case .invalidURL: return "invalid_url"
        case .invalidHeader: return "invalid_header"
        case .forbiddenScheme(let scheme): return "forbidden_scheme_\(scheme)"
        case .dns: return "dns"
        case .connect: return "connect"
        case .refusedAddress: return "refused_address"
        case .tls: return "tls"
        case .timeout: return "timeout"
        case .tooSlow: return "too_slow"
        case .tooLarge: return "too_large"
        case .tooManyRedirects: return "too_many_redirects"
        case .httpStatus(let status): return "http_\(status)"
        case .gone: return "gone"
        case .badContentEncoding: return "bad_content_encoding"
        case .transport: return "transport"
        case .fileUnreadable: return "file_unreadable"
        case .cancelled: return "cancelled"
        case .other: return "other"
        }
    }

    public init?(code: String) {
        if code.hasPrefix("http_"), let status = Int(code.dropFirst(5)) {
            self = .httpStatus(status)
            return
        }
        if code.hasPrefix("forbidden_scheme_") {
            self = .forbiddenScheme(String(code.dropFirst("forbidden_scheme_".count)))
            return
        }
        let simple: [FetchError.Kind] = [.invalidURL, .invalidHeader, .dns, .connect, .refusedAddress, .tls, .timeout, .tooSlow, .tooLarge,
                                         .tooManyRedirects, .gone, .badContentEncoding, .transport, .fileUnreadable,
                                         .cancelled, .other]
        guard let kind = simple.first(where: { $0.code == code }) else { return nil }
        self = kind
    }
}
