import Foundation

/// Speaks systemd's notify protocol over `$NOTIFY_SOCKET` directly (a datagram per message), so the
/// daemon needs no libsystemd: `READY=1`, `RELOADING=1`, `STOPPING=1`, `STATUS=…`, `WATCHDOG=1`.
public final class SystemdNotifier: Sendable {
    private let socket: Int32
    private let address: Data
    /// How often to send `WATCHDOG=1`: half of `$WATCHDOG_USEC`, as sd_watchdog_enabled advises.
    public let watchdogInterval: Duration?

    /// Nil when the daemon was not started by systemd with `Type=notify` (no `$NOTIFY_SOCKET`).
    public init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let path = environment["NOTIFY_SOCKET"], !path.isEmpty, path.utf8.count < 108 else { return nil }
        let fd = Foundation.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        // An address starting with '@' is in the abstract namespace: the '@' stands for a NUL byte.
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &addr.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
        }
        let length = MemoryLayout.offset(of: \sockaddr_un.sun_path)! + bytes.count
        socket = fd
        address = withUnsafeBytes(of: &addr) { Data($0.prefix(length)) }

        if let usec = environment["WATCHDOG_USEC"].flatMap(UInt64.init), usec > 0,
           environment["WATCHDOG_PID"].flatMap(Int32.init).map({ $0 == getpid() }) ?? true {
            watchdogInterval = .microseconds(Int64(usec / 2))
        } else {
            watchdogInterval = nil
        }
    }

    deinit { close(socket) }

    /// Sends one message of `KEY=value` lines. Failures are ignored: systemd going away must not take
    /// the daemon with it.
    @discardableResult
    public func send(_ lines: [String]) -> Bool {
        let message = Array(lines.joined(separator: "\n").utf8)
        let sent = address.withUnsafeBytes { addressBuffer in
            message.withUnsafeBytes { messageBuffer in
                sendto(socket, messageBuffer.baseAddress, messageBuffer.count, Int32(MSG_NOSIGNAL),
                       addressBuffer.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(addressBuffer.count))
            }
        }
        return sent == message.count
    }

    public func ready(status: String? = nil) {
        send(["READY=1"] + (status.map { ["STATUS=\(Self.oneLine($0))"] } ?? []))
    }

    /// Before a reload; systemd wants the monotonic time so it can tell this reload from the next.
    public func reloading() {
        send(["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())"])
    }

    public func stopping() { send(["STOPPING=1"]) }
    public func status(_ text: String) { send(["STATUS=\(Self.oneLine(text))"]) }
    public func watchdog() { send(["WATCHDOG=1"]) }

    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ")
    }

    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }
}
