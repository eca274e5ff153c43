/// What the test server answers to one request, and how it misbehaves while doing so.
public struct ScriptedResponse: Sendable {
    public enum Delivery: Sendable {
        /// Head and body at once, with Content-Length (the connection may be kept alive).
        case whole
        /// No Content-Length: the body ends when the server closes the connection.
        case untilClose
        /// Content-Length announced, then one byte per interval.
        case drip(interval: Duration)
        /// Accepts the request and never answers; the connection stays open until the client goes.
        case never
    }

    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var delivery: Delivery
    /// How long the server works on the request before answering (counted as in flight).
    public var delay: Duration

    public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                delivery: Delivery = .whole, delay: Duration = .zero) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delivery = delivery
        self.delay = delay
    }

    public static func text(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = []) -> ScriptedResponse {
        ScriptedResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")] + headers, body: Array(text.utf8))
    }

    public static func redirect(_ status: Int, to location: String) -> ScriptedResponse {
        ScriptedResponse(status: status, headers: [("Location", location)])
    }
}

/// A request as the test server received it.
public struct RecordedRequest: Sendable {
    public var method: String
    public var path: String
    /// Names lowercased.
    public var headers: [String: String]
    /// Which accepted connection carried it (1 for the first), to see connection reuse.
    public var connection: Int
    /// The request body (by its Content-Length); empty for a GET.
    public var body: [UInt8] = []

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}
