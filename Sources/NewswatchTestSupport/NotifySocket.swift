import Foundation

/// A datagram socket standing in for systemd's notify socket (`$NOTIFY_SOCKET`), bound at `path`.
public final class NotifySocket: Sendable {
    public let path: String
    private let fd: Int32

    /// - Parameters:
    ///   - path: where to bind; a fresh name in the temporary folder when nil.
    ///   - receiveTimeout: how long `receive()` waits for a message.
    public init(path: String? = nil, receiveTimeout: Duration = .seconds(2)) throws {
        let path = path ?? FileManager.default.temporaryDirectory.appendingPathComponent("nw-notify-\(UUID().uuidString.prefix(8))").path
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let fd = fd
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        let (seconds, attoseconds) = receiveTimeout.components
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The next message, or nil when none arrived within the receive timeout.
    public func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }

    deinit {
        close(fd)
        unlink(path)
    }
}
