import Foundation

/// One feed fetch: the URL and everything that shapes how it is requested. Built by the daemon from
/// the feed's config entry and its stored validators.
public struct FetchRequest: Sendable, Equatable {
    /// The feed URL as configured (http, https, or file for a local-path feed).
    public var url: String
    /// Validators from the last successful fetch; sent as `If-None-Match` / `If-Modified-Since`.
    /// Leave empty for the periodic unconditional fetch that guards against broken validators.
    public var validators: Validators
    /// nil sends `FetchIdentity.defaultUserAgent`.
    public var userAgent: String?
    /// Extra request headers, sent in this order.
    public var headers: [HTTPHeader]
    /// Sent only to the host of `url`; dropped when a redirect leaves it.
    public var credentials: BasicCredentials?
    /// Allows connecting to loopback and private-network addresses for this feed. Link-local and
    /// cloud-metadata addresses stay refused regardless: no feed lives there.
    public var allowsPrivateNetworks: Bool
    /// The config gave this feed as a local path: `file` is allowed (for the URL only, never for a
    /// redirect).
    public var isLocalFile: Bool
    /// Skips TLS certificate and host name verification (the feed's `insecure = true`).
    public var insecure: Bool
    public var limits: FetchLimits
    /// What is sent with the request (a webhook's JSON); nil for a feed's GET.
    public var payload: RequestPayload?

    public init(
        url: String,
        validators: Validators = Validators(),
        userAgent: String? = nil,
        headers: [HTTPHeader] = [],
        credentials: BasicCredentials? = nil,
        allowsPrivateNetworks: Bool = false,
        isLocalFile: Bool = false,
        insecure: Bool = false,
        limits: FetchLimits = FetchLimits(),
        payload: RequestPayload? = nil
    ) {
        self.url = url
        self.validators = validators
        self.userAgent = userAgent
        self.headers = headers
        self.credentials = credentials
        self.allowsPrivateNetworks = allowsPrivateNetworks
        self.isLocalFile = isLocalFile
        self.insecure = insecure
        self.limits = limits
        self.payload = payload
    }
}

/// A request body and the method that carries it. A request with a payload is never redirected:
/// resending a body to wherever a server points is not the sender's call.
public struct RequestPayload: Sendable, Equatable {
    /// `POST`, `PUT` or `PATCH` (a token; checked like a header name).
    public var method: String
    public var body: [UInt8]
    public var contentType: String

    public init(method: String = "POST", body: [UInt8], contentType: String) {
        self.method = method
        self.body = body
        self.contentType = contentType
    }

    public static func json(_ body: [UInt8]) -> RequestPayload {
        RequestPayload(body: body, contentType: "application/json")
    }
}

/// The cache validators of a feed's last response; the archive stores them per feed.
public struct Validators: Sendable, Equatable, Codable {
    public var etag: String?
    /// Kept verbatim as the server sent it: it is echoed back, never interpreted.
    public var lastModified: String?

    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }

    public var isEmpty: Bool { etag == nil && lastModified == nil }
}

public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// A token for a name (RFC 9110 §5.1) and no line break or NUL in the value, so a header can
    /// never smuggle in another one.
    public var isWellFormed: Bool {
        let tokenSymbols = Set("!#$%&'*+-.^_`|~".unicodeScalars)
        let nameIsToken = !name.isEmpty && name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || tokenSymbols.contains($0))
        }
        return nameIsToken && !value.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
    }
}

public struct BasicCredentials: Sendable, Equatable {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }
}

/// What a server may cost us at most. Every transfer is bounded by all of these.
public struct FetchLimits: Sendable, Equatable {
    public var connectTimeout: Duration
    /// For the whole fetch including redirects, counted from the first byte on the wire (time spent
    /// waiting for a per-host slot does not count).
    public var totalTimeout: Duration
    /// A transfer slower than `lowSpeedBytesPerSecond` for `lowSpeedWindowSeconds` is dropped.
    public var lowSpeedBytesPerSecond: Int
    public var lowSpeedWindowSeconds: Int
    /// Counted after decompression, so a small compressed bomb is cut off here.
    public var maxBodyBytes: Int
    public var maxRedirects: Int

    public init(
        connectTimeout: Duration = .seconds(10),
        totalTimeout: Duration = .seconds(60),
        lowSpeedBytesPerSecond: Int = 100,
        lowSpeedWindowSeconds: Int = 20,
        maxBodyBytes: Int = 10 * 1024 * 1024,
        maxRedirects: Int = 5
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.lowSpeedBytesPerSecond = lowSpeedBytesPerSecond
        self.lowSpeedWindowSeconds = lowSpeedWindowSeconds
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = maxRedirects
    }
}

public enum FetchIdentity {
    public static let version = "0.1.0"
    public static let projectURL = "https://github.com/newswatch/newswatch"
    public static let defaultUserAgent = "newswatch/\(version) (+\(projectURL))"
}

extension FetchRequest {
    /// A feed the config gives as a local path: a `file:` URL (percent-encoded as needed), marked so
    /// `file` is allowed for it.
    public static func localFile(path: String, limits: FetchLimits = FetchLimits()) -> FetchRequest {
        FetchRequest(url: URL(fileURLWithPath: path).absoluteString, isLocalFile: true, limits: limits)
    }
}
