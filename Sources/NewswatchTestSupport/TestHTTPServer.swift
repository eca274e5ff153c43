import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A small real HTTP/1.1 server on a loopback address, for tests: scripted responses per path,
/// misbehaviour on request (drip, never answer, no length), a record of every request, and a count
/// of requests in flight at once. Plain POSIX sockets, one thread per connection.
public final class TestHTTPServer: Sendable {
    public typealias Handler = @Sendable (RecordedRequest) -> ScriptedResponse

    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    private let core: ServerCore
    public var host: String { core.host }
    public var port: Int { core.port }
    /// In-flight requests on this server.
    public var gauge: ConcurrencyGauge { core.gauge }

    /// Listens on `host` (any 127.x.y.z works on Linux) at a free port. Dropping the server stops it.
    public init(host: String = "127.0.0.1", sharedGauge: ConcurrencyGauge? = nil) throws {
        core = try ServerCore(host: host, sharedGauge: sharedGauge)
        let core = self.core
        let acceptor = Thread { core.acceptLoop() }
        acceptor.name = "test-http-accept"
        acceptor.start()
    }

    deinit {
        core.stop()
    }

    public var baseURL: String { "http://\(host):\(port)" }

    public func url(_ path: String) -> String { baseURL + path }

    /// Answers requests for `path` (matched with its query string) with `handler`.
    public func route(_ path: String, _ handler: @escaping Handler) { core.route(path, handler) }

    public func route(_ path: String, _ response: ScriptedResponse) { core.route(path) { _ in response } }

    public var requests: [RecordedRequest] { core.requests }

    public func requests(to path: String) -> [RecordedRequest] { requests.filter { $0.path == path } }

    /// Connections accepted so far (to see connection reuse).
    public var connectionCount: Int { core.connectionCount }

    /// Closes the listener and every open connection.
    public func stop() { core.stop() }
}

/// The server's sockets and records; its threads hold this, not the server, so the server can go.
private final class ServerCore: Sendable {
    typealias Handler = TestHTTPServer.Handler
    typealias StartError = TestHTTPServer.StartError

    private struct State {
        var routes: [String: Handler] = [:]
        var requests: [RecordedRequest] = []
        var openConnections: Set<Int32> = []
        var connectionCount = 0
        var stopped = false
    }

    let host: String
    let port: Int
    let gauge = ConcurrencyGauge()
    private let sharedGauge: ConcurrencyGauge?
    private let listener: Int32
    private let state = Mutex(State())

    init(host: String = "127.0.0.1", sharedGauge: ConcurrencyGauge? = nil) throws {
        self.host = host
        self.sharedGauge = sharedGauge
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StartError(description: "socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw StartError(description: "\(host) is not an IPv4 address")
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 512) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw StartError(description: "cannot listen on \(host): \(reason)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.listener = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    func route(_ path: String, _ handler: @escaping Handler) {
        state.withLock { $0.routes[path] = handler }
    }

    var requests: [RecordedRequest] { state.withLock { $0.requests } }

    var connectionCount: Int { state.withLock { $0.connectionCount } }

    /// Shuts the sockets down under the lock that also guards their closing, so a descriptor number
    /// that was closed and reused elsewhere (by libcurl, say) is never shut down by mistake. The
    /// acceptor closes the listener itself once `accept` fails.
    func stop() {
        state.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            for fd in state.openConnections { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    // MARK: - Serving

    func acceptLoop() {
        defer { close(listener) }
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            let number: Int? = state.withLock { state in
                guard !state.stopped else { return nil }
                state.openConnections.insert(fd)
                state.connectionCount += 1
                return state.connectionCount
            }
            guard let number else {
                close(fd)
                return
            }
            let connection = Thread { self.serve(fd, number: number) }
            connection.stackSize = 256 * 1024
            connection.start()
        }
    }

    private func serve(_ fd: Int32, number: Int) {
        defer {
            state.withLock { state in
                state.openConnections.remove(fd)
                close(fd)
            }
        }
        var buffer: [UInt8] = []
        while let request = readRequest(fd, buffer: &buffer, connection: number) {
            let handler = state.withLock { state in
                state.requests.append(request)
                return state.routes[request.path]
            }
            let response = handler?(request) ?? .text("no route for \(request.path)\n", status: 404)
            gauge.enter()
            sharedGauge?.enter()
            if response.delay > .zero { Thread.sleep(forTimeInterval: Self.seconds(response.delay)) }
            // Leave before the answer goes out: once the client has it, it may start its next request,
            // which must not be counted together with this one.
            gauge.leave()
            sharedGauge?.leave()
            let keepAlive = request.header("connection")?.lowercased() != "close"
            guard write(response, to: fd, keepAlive: keepAlive) else { return }
            if case .whole = response.delivery, keepAlive { continue }
            return
        }
    }

    /// The next request's head, or nil when the client closed the connection.
    private func readRequest(_ fd: Int32, buffer: inout [UInt8], connection: Int) -> RecordedRequest? {
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            if let end = buffer.firstRange(of: terminator) {
                let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
                buffer.removeSubrange(..<end.upperBound)
                var lines = head.components(separatedBy: "\r\n")
                let requestLine = lines.removeFirst().split(separator: " ")
                guard requestLine.count >= 2 else { return nil }
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    let name = line[..<colon].lowercased()
                    let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    headers[name] = headers[name].map { "\($0), \(value)" } ?? value
                }
                // A body is read by its Content-Length (what libcurl sends for a POST), never chunked.
                let length = headers["content-length"].flatMap { Int($0) } ?? 0
                while buffer.count < length {
                    var chunk = [UInt8](repeating: 0, count: 4096)
                    let count = recv(fd, &chunk, chunk.count, 0)
                    guard count > 0 else { return nil }
                    buffer += chunk[..<count]
                }
                let body = Array(buffer.prefix(length))
                buffer.removeFirst(length)
                return RecordedRequest(method: String(requestLine[0]), path: String(requestLine[1]),
                                       headers: headers, connection: connection, body: body)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }

    private func write(_ response: ScriptedResponse, to fd: Int32, keepAlive: Bool) -> Bool {
        if case .never = response.delivery {
            var sink = [UInt8](repeating: 0, count: 1024)
            while recv(fd, &sink, sink.count, 0) > 0 {}
            return false
        }
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        switch response.delivery {
        case .untilClose:
            head += "Connection: close\r\n"
        case .whole:
            head += "Content-Length: \(response.body.count)\r\n"
            if !keepAlive { head += "Connection: close\r\n" }
        case .drip, .never:
            head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n"
        }
        head += "\r\n"
        guard send(fd, Array(head.utf8)) else { return false }
        if case .drip(let interval) = response.delivery {
            for byte in response.body {
                guard send(fd, [byte]) else { return false }
                Thread.sleep(forTimeInterval: Self.seconds(interval))
            }
            return true
        }
        return send(fd, response.body)
    }

    private func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 404: "Not Found"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
