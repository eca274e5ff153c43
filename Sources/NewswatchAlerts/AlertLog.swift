import Foundation
import NewswatchRules

/// The alert log could not be opened or written; names the file and the system's reason.
public struct AlertLogError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let problem: String

    public var description: String { "\(path): \(problem)" }
}

/// The alert log: one append-only file, one alert per line (`AlertLogFormat`), each line handed to
/// the kernel in one `write` as the alert happens, so `tail -f` shows it at once and a crash loses
/// nothing that was written.
///
/// It survives logrotate either way:
/// - *rename* (`create`): before each write the path is checked; when it names another file than
///   the one open (another inode) or none, the log is reopened at the path, so no line goes to the
///   renamed file after the rotation is noticed;
/// - *copytruncate*: the file is opened with `O_APPEND`, so after the truncation the next line goes
///   to the new end (offset 0), never after a hole at the old offset; the shrink is noticed and
///   counted.
/// After SIGUSR1 (as logrotate's `postrotate` sends; see `ReopenSignal.install()`) or `reopen()`, the
/// path is reopened before the next line whatever the checks say.
public final class AlertLog: AlertSink, @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `lock`.
    public let path: String
    public let format: AlertLogFormat
    /// Also `fsync` after each line: survives a power loss, at the cost of a disk flush per alert.
    public let synchronous: Bool

    private let lock = NSLock()
    private var descriptor: Int32 = -1
    private var device: UInt64 = 0
    private var inode: UInt64 = 0
    private var size: Int64 = 0
    private var reopenRequested = false
    private var signalsSeen = ReopenSignal.received
    private var renames = 0
    private var truncations = 0

    public init(path: String, format: AlertLogFormat = .text, synchronous: Bool = false) throws(AlertLogError) {
        self.path = path
        self.format = format
        self.synchronous = synchronous
        try open()
    }

    deinit {
        if descriptor >= 0 { Foundation.close(descriptor) }
    }

    /// How often a rotation was noticed: (renamed or removed, truncated).
    public var rotationsNoticed: (renamed: Int, truncated: Int) {
        lock.withLock { (renames, truncations) }
    }

    /// Reopen the path before the next line (SIGUSR1). Safe to call from any thread.
    public func reopen() {
        lock.withLock { reopenRequested = true }
    }

    public func deliver(_ alert: Alert) throws {
        try write(line: format.line(for: alert))
    }

    /// Writes one line (a newline is added), reopening first if the file was rotated.
    public func write(line: String) throws(AlertLogError) {
        var bytes = Array(line.utf8)
        bytes.removeAll { $0 == 0x0A }
        bytes.append(0x0A)
        lock.lock()
        defer { lock.unlock() }
        try reopenIfRotated()
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw AlertLogError(path: path, problem: "cannot write: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        if synchronous, fsync(descriptor) != 0 {
            throw AlertLogError(path: path, problem: "cannot fsync: \(String(cString: strerror(errno)))")
        }
        size += Int64(bytes.count)
    }

    /// One fsync for every line written so far (the dispatcher's, before it marks them logged in
    /// the outbox: a line the outbox calls logged must not be lost to a power cut).
    public func syncToDisk() throws {
        lock.lock()
        defer { lock.unlock() }
        guard descriptor >= 0 else { return }
        if fsync(descriptor) != 0 {
            throw AlertLogError(path: path, problem: "cannot fsync: \(String(cString: strerror(errno)))")
        }
    }

    public func hasDelivered(_ key: AlertKey) -> Bool {
        lock.withLock { Self.log(at: path, contains: key) || Self.log(at: path + ".1", contains: key) }
    }

    /// Which of `keys` have a line in the last MiB of the log or of `PATH.1`: one read of each file
    /// however many keys are asked about (a restart after a long outage may have thousands).
    public func deliveredKeys(among keys: [AlertKey]) -> Set<AlertKey> {
        guard !keys.isEmpty else { return [] }
        var textForms: [Substring: AlertKey] = [:]
        var jsonForms: [Substring: AlertKey] = [:]
        for key in keys {
            let text = AlertLogFormat.needsQuotes(key.value) ? AlertLogFormat.quoted(key.value) : key.value
            textForms[Substring(" key=" + text)] = key
            jsonForms[Substring(AlertLogFormat.jsonString(key.value))] = key
        }
        let tails = lock.withLock { [Self.tail(of: path), Self.tail(of: path + ".1")] }
        var found = Set<AlertKey>()
        for data in tails {
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                // Text: `key=` is always last. JSON: sorted keys put `"key"` before `"title"`, and
                // a quote inside a value is escaped, so the first `"key":` is the field.
                if let start = line.range(of: " key=", options: .backwards), let key = textForms[line[start.lowerBound...]] {
                    found.insert(key)
                } else if let start = line.range(of: "\"key\":"), let value = Self.jsonStringPrefix(line[start.upperBound...]),
                          let key = jsonForms[value] {
                    found.insert(key)
                }
            }
        }
        return found
    }

    /// The JSON string literal `text` starts with, quotes included.
    static func jsonStringPrefix(_ text: Substring) -> Substring? {
        guard text.first == "\"" else { return nil }
        var escaped = false
        for index in text.indices.dropFirst() {
            if escaped {
                escaped = false
            } else if text[index] == "\\" {
                escaped = true
            } else if text[index] == "\"" {
                return text[...index]
            }
        }
        return nil
    }

    static func tail(of path: String, limit: Int = 1 << 20) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else { return Data() }
        defer { try? handle.close() }
        let end = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: end > UInt64(limit) ? end - UInt64(limit) : 0)
        return (try? handle.readToEnd()) ?? Data()
    }

    /// Whether the last MiB of the log file at `path` holds a line with `key` (either format).
    public static func log(at path: String, contains key: AlertKey, scanning limit: Int = 1 << 20) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let end = (try? handle.seekToEnd()) ?? 0
        let start = end > UInt64(limit) ? end - UInt64(limit) : 0
        try? handle.seek(toOffset: start)
        let data = (try? handle.readToEnd()) ?? Data()
        let text = " key=" + (AlertLogFormat.needsQuotes(key.value) ? AlertLogFormat.quoted(key.value) : key.value)
        let json = "\"key\":" + AlertLogFormat.jsonString(key.value)
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if line.hasSuffix(text) || line.contains(json) { return true }
        }
        return false
    }

    // MARK: - Opening and rotation

    private func open() throws(AlertLogError) {
        let fd = Foundation.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else {
            throw AlertLogError(path: path, problem: "cannot open for appending: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            Foundation.close(fd)
            throw AlertLogError(path: path, problem: "cannot stat: \(reason)")
        }
        if descriptor >= 0 { Foundation.close(descriptor) }
        descriptor = fd
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
    }

    private func reopenIfRotated() throws(AlertLogError) {
        let signals = ReopenSignal.received
        if reopenRequested || descriptor < 0 || signals != signalsSeen {
            reopenRequested = false
            signalsSeen = signals
            try open()
            return
        }
        var atPath = stat()
        if stat(path, &atPath) != 0 || UInt64(atPath.st_dev) != device || UInt64(atPath.st_ino) != inode {
            renames += 1
            try open()
            return
        }
        if Int64(atPath.st_size) < size {
            truncations += 1
        }
        size = Int64(atPath.st_size)
    }
}

extension AlertLogFormat {
    static func jsonString(_ value: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
