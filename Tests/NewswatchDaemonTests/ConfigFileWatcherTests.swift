import Foundation
import Testing
@testable import NewswatchDaemon

@Suite struct ConfigFileWatcherTests {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nw-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("feeds.d"), withIntermediateDirectories: true)
        return url
    }

    /// Counts the watcher's changes from one consumer for the whole test (cancelling a consumer would
    /// end the stream).
    final class ChangeCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        var count: Int { lock.withLock { value } }
        func increment() { lock.withLock { value += 1 } }
    }

    /// Waits until the counter passes `seen`, up to `seconds`. The positive waits are generous: they
    /// return as soon as the change arrives, and on a loaded machine the tests that block their
    /// thread while a subprocess works can keep this consumer's task waiting for seconds.
    func nextChange(_ counter: ChangeCounter, after seen: inout Int, within seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if counter.count > seen {
                seen = counter.count
                return true
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test func seesAnEditARenameAndANewIncludedFileButNotOtherFiles() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("newswatch.toml").path
        try "a = 1\n".write(toFile: config, atomically: false, encoding: .utf8)
        let watcher = try #require(ConfigFileWatcher(files: [config], folders: [dir.appendingPathComponent("feeds.d").path], settle: 0.05))
        let counter = ChangeCounter()
        let consumer = Task { for await _ in watcher.changes { counter.increment() } }
        var seen = 0

        try "unrelated".write(toFile: dir.appendingPathComponent("notes.txt").path, atomically: false, encoding: .utf8)
        #expect(await nextChange(counter, after: &seen, within: 0.4) == false)

        try "a = 2\n".write(toFile: config, atomically: false, encoding: .utf8)
        #expect(await nextChange(counter, after: &seen, within: 15))

        // An editor's save: write a temporary file, rename it over the config.
        try "a = 3\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(await nextChange(counter, after: &seen, within: 15))

        try "[[feed]]\n".write(toFile: dir.appendingPathComponent("feeds.d/new.toml").path, atomically: false, encoding: .utf8)
        #expect(await nextChange(counter, after: &seen, within: 15))
        watcher.stop()
        await consumer.value
    }
}
