import Foundation
import Testing
@testable import NewswatchAlerts

/// The shipped `Config/logrotate.newswatch`, run by the real logrotate (installed by `make deps`)
/// against a log the test writes: pointed at a scratch file, with the owner dropped from `create`
/// and the postrotate signal sent to this process.
@Suite(.serialized) struct LogrotateTests {
    static let shipped = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Config/logrotate.newswatch")

    static let logrotate = ["/usr/sbin/logrotate", "/usr/bin/logrotate", "/sbin/logrotate"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    func configuration(for log: String, copytruncate: Bool) throws -> String {
        var text = try String(contentsOf: Self.shipped, encoding: .utf8)
        #expect(text.contains("/var/log/newswatch/alerts.log {"))
        text = text.replacingOccurrences(of: "/var/log/newswatch/alerts.log {", with: "\(log) {")
        text = text.replacingOccurrences(of: "create 0640 newswatch newswatch", with: copytruncate ? "" : "create 0640")
        if copytruncate { text = text.replacingOccurrences(of: "# copytruncate", with: "copytruncate") }
        // The shipped postrotate signals the service; here, this process.
        let postrotate = try #require(text.range(of: "postrotate\n"))
        let end = try #require(text.range(of: "endscript"))
        text.replaceSubrange(postrotate.upperBound..<end.lowerBound, with: "        kill -USR1 \(getpid())\n    ")
        return text
    }

    func rotate(_ log: String, copytruncate: Bool, in scratch: ScratchDirectory) throws {
        let binary = try #require(Self.logrotate, "logrotate is not installed: run `make deps`")
        let config = scratch.file("logrotate.conf")
        try Data(try configuration(for: log, copytruncate: copytruncate).utf8).write(to: URL(fileURLWithPath: config))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--force", "--state", scratch.file("logrotate.state"), config]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "logrotate: \(message)")
    }

    @Test func renameWhileWritingLosesNoLine() async throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("alerts.log")
        ReopenSignal.install()
        let log = try AlertLog(path: path)
        for n in 0..<100 { try log.write(line: "line \(n)") }
        // A writer keeps going while logrotate renames the file underneath it.
        let writer = Task.detached {
            for n in 100..<400 {
                try log.write(line: "line \(n)")
                if n % 20 == 0 { try await Task.sleep(nanoseconds: 1_000_000) }
            }
        }
        try rotate(path, copytruncate: false, in: scratch)
        try await writer.value
        for n in 400..<420 { try log.write(line: "line \(n)") }
        let rotated = lines(path + ".1"), current = lines(path)
        #expect(rotated.count >= 100)
        #expect(rotated.prefix(100) == ArraySlice((0..<100).map { "line \($0)" }))
        #expect(rotated + current == (0..<420).map { "line \($0)" })
        #expect(current.suffix(20) == ArraySlice((400..<420).map { "line \($0)" }))
    }

    @Test func copytruncateLosesNoLineWrittenAroundIt() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("alerts.log")
        ReopenSignal.install()
        let log = try AlertLog(path: path)
        for n in 0..<100 { try log.deliver(sampleAlert(n)) }
        try rotate(path, copytruncate: true, in: scratch)
        for n in 100..<150 { try log.deliver(sampleAlert(n)) }
        #expect(lines(path + ".1") + lines(path) == (0..<150).map { AlertLogFormat.text.line(for: sampleAlert($0)) })
        #expect(!(FileManager.default.contents(atPath: path) ?? Data()).contains(0))
        #expect(log.hasDelivered(sampleAlert(3).key))      // in alerts.log.1
        #expect(log.hasDelivered(sampleAlert(140).key))    // in alerts.log
    }
}
