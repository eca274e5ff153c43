import Foundation
import Testing
import NewswatchTestSupport

@Suite struct FetchCommandTests {
    @Test func describesAFetchAndAConditionalOne() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/feed") { request in
            request.header("If-None-Match") == "\"abc\""
                ? ScriptedResponse(status: 304, headers: [("ETag", "\"abc\"")])
                : ScriptedResponse(headers: [("ETag", "\"abc\""), ("Content-Type", "application/rss+xml; charset=utf-8")],
                                   body: Array("<rss/>".utf8))
        }
        let first = try runNewswatch(["fetch", "--allow-private", server.url("/feed")])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("status: 200"))
        #expect(first.stdout.contains("etag: \"abc\""))
        #expect(first.stdout.contains("charset: utf-8"))
        #expect(first.stdout.contains("bytes: 6"))

        let second = try runNewswatch(["fetch", "--allow-private", "--etag", "\"abc\"", server.url("/feed")])
        #expect(second.stdout.contains("status: 304 not modified"), "\(second.stderr)")

        let body = try runNewswatch(["fetch", "--allow-private", "--body", server.url("/feed")])
        #expect(body.stdout == "<rss/>")
    }

    @Test func failureIsOneLineNamingTheURLAndTheKind() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let refused = try runNewswatch(["fetch", server.url("/feed")])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("newswatch: \(server.url("/feed")): refused_address: "))
        #expect(refused.stderr.split(separator: "\n").count == 1)

        server.route("/gone", ScriptedResponse(status: 410))
        let gone = try runNewswatch(["fetch", "--allow-private", server.url("/gone")])
        #expect(gone.status == 1)
        #expect(gone.stderr.contains("gone"))
    }
}

/// Runs the real `newswatch` binary SwiftPM built beside the test bundle.
private func runNewswatch(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    var binary = directory.appendingPathComponent("newswatch")
    for _ in 0..<4 where !FileManager.default.isExecutableFile(atPath: binary.path) {
        directory = directory.deletingLastPathComponent()
        binary = directory.appendingPathComponent("newswatch")
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}
