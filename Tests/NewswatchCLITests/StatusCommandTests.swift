import Foundation
import NewswatchArchive
import NewswatchNormalize
import Testing

/// `newswatch status`, run as the real binary against a real config and a real archive file.
@Suite struct StatusCommandTests {
    /// A config with one feed in each state, its archive under `state/`, and a feed the config dropped.
    static func scene() throws -> (ScratchDirectory, config: String, archive: String) {
        let dir = try ScratchDirectory()
        let config = try dir.file("newswatch.toml", Array("""
            [daemon]
            state_directory = "state"

            [[feed]]
            name = "Good"
            url = "https://good.example/feed"

            [[feed]]
            name = "Broken"
            url = "https://broken.example/feed"

            [[feed]]
            name = "Gone"
            url = "https://gone.example/feed"

            [[feed]]
            name = "Moved"
            url = "https://old.example/feed"

            [[feed]]
            name = "Off"
            url = "https://off.example/feed"
            enabled = false

            [[feed]]
            name = "New"
            url = "https://new.example/feed"

            """.utf8))
        let archivePath = dir.url.appendingPathComponent("state/archive.sqlite").path
        let archive = try Archive(path: archivePath)
        let now = Date()
        let articles = ArchiveCLISeeds.synthetic(count: 6)
        _ = try archive.record(feed: "Good", articles: [articles[0]], at: now.addingTimeInterval(-3 * 86_400))
        _ = try archive.record(feed: "Good", articles: Array(articles[1...3]), at: now.addingTimeInterval(-600))
        _ = try archive.record(feed: "Moved", articles: [articles[4]], at: now.addingTimeInterval(-60))
        _ = try archive.record(feed: "Dropped", articles: [articles[5]], at: now.addingTimeInterval(-2 * 86_400))
        try archive.save(FeedState(feed: "Good", lastAttempt: now.addingTimeInterval(-600), lastSuccess: now.addingTimeInterval(-600),
                                   nextPoll: now.addingTimeInterval(300)))
        try archive.save(FeedState(feed: "Broken", errorCount: 3, errorKind: "http_503", errorMessage: "HTTP 503 Service Unavailable",
                                   lastAttempt: now.addingTimeInterval(-120), lastSuccess: now.addingTimeInterval(-7200),
                                   nextPoll: now.addingTimeInterval(900), backoff: 900))
        try archive.save(FeedState(feed: "Gone", errorCount: 1, errorKind: "gone", errorMessage: "HTTP 410 Gone",
                                   lastAttempt: now.addingTimeInterval(-300)))
        try archive.save(FeedState(feed: "Moved", effectiveURL: "https://new-home.example/feed", lastAttempt: now.addingTimeInterval(-60),
                                   lastSuccess: now.addingTimeInterval(-60), nextPoll: now.addingTimeInterval(600)))
        try archive.save(FeedState(feed: "Off", lastAttempt: now.addingTimeInterval(-86_400 * 5), lastSuccess: now.addingTimeInterval(-86_400 * 5)))
        return (dir, config, archivePath)
    }

    @Test func jsonGivesEveryFeedItsStateAndFigures() throws {
        let (dir, config, archivePath) = try Self.scene()
        _ = dir
        // No --archive: the path comes from the config's state directory.
        let result = try NewswatchBinary.run(["status", "--config", config, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["archive"] as? String == archivePath)
        let feeds = try #require(document["feeds"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: feeds.map { ($0["name"] as? String ?? "", $0) })
        #expect(feeds.map { $0["name"] as? String } == ["Good", "Broken", "Gone", "Moved", "Off", "New", "Dropped"])
        #expect(byName["Good"]?["state"] as? String == "ok")
        #expect(byName["Good"]?["articles24h"] as? Int == 3)
        #expect(byName["Good"]?["lastSuccess"] is String)
        #expect(byName["Good"]?["errorKind"] is NSNull)
        #expect(byName["Broken"]?["state"] as? String == "failing")
        #expect(byName["Broken"]?["errorKind"] as? String == "http_503")
        #expect(byName["Broken"]?["httpStatus"] as? Int == 503)
        #expect(byName["Broken"]?["errorCount"] as? Int == 3)
        #expect(byName["Broken"]?["errorMessage"] as? String == "HTTP 503 Service Unavailable")
        #expect(byName["Gone"]?["state"] as? String == "gone")
        #expect(byName["Gone"]?["httpStatus"] as? Int == 410)
        #expect(byName["Moved"]?["state"] as? String == "moved")
        #expect(byName["Moved"]?["movedTo"] as? String == "https://new-home.example/feed")
        #expect(byName["Moved"]?["articles24h"] as? Int == 1)
        #expect(byName["Off"]?["state"] as? String == "disabled")
        #expect(byName["New"]?["state"] as? String == "never polled")
        #expect(byName["New"]?["lastSuccess"] is NSNull)
        #expect(byName["Dropped"]?["state"] as? String == "removed")
        #expect(byName["Dropped"]?["articles24h"] as? Int == 0)
        // Every feed has the same keys, alerts in 24 h (from the alert outbox) among them.
        let keys = Set(feeds[0].keys)
        #expect(feeds.allSatisfy { Set($0.keys) == keys })
        #expect(byName["Dropped"]?["alerts24h"] as? Int == 0)
        let totals = try #require(document["totals"] as? [String: Any])
        #expect(totals["feeds"] as? Int == 6)
        #expect(totals["ok"] as? Int == 1)
        #expect(totals["failing"] as? Int == 1)
        #expect(totals["removed"] as? Int == 1)
        #expect(totals["articles24h"] as? Int == 4)
    }

    @Test func tableIsAlignedWithATotalLine() throws {
        let (dir, config, archivePath) = try Self.scene()
        _ = dir
        let result = try NewswatchBinary.run(["status", "--config", config, "--archive", archivePath])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 9)
        #expect(lines[0].hasPrefix("FEED"))
        // Aligned: the STATE column starts at the same offset in every row.
        let stateColumn = try #require(lines[0].range(of: "STATE")).lowerBound.utf16Offset(in: lines[0])
        for (line, state) in zip(lines[1...7], ["ok", "failing", "gone", "moved", "disabled", "never polled", "removed"]) {
            let start = line.index(line.startIndex, offsetBy: stateColumn)
            #expect(line[start...].hasPrefix(state), "\(line)")
        }
        #expect(lines[2].contains("http_503 ×3: HTTP 503 Service Unavailable"))
        #expect(lines[4].contains("moved to https://new-home.example/feed"))
        #expect(lines[8] == "6 feeds: 1 ok, 1 failing, 1 gone, 1 moved, 1 disabled, 1 never polled, 1 removed; 4 articles and 0 alerts in 24 h")
    }

    @Test func aMissingArchiveSaysTheDaemonHasNotRun() throws {
        let dir = try ScratchDirectory()
        let config = try dir.file("newswatch.toml", Array("[[feed]]\nname = \"A\"\nurl = \"https://a.example/feed\"\n".utf8))
        let missing = dir.url.appendingPathComponent("nothing/archive.sqlite").path
        let result = try NewswatchBinary.run(["status", "--config", config, "--archive", missing])
        #expect(result.status == 1)
        #expect(result.stderr == "newswatch: no archive yet at \(missing): the daemon has not run\n")
        #expect(!FileManager.default.fileExists(atPath: missing))

        let badConfig = try dir.file("bad.toml", Array("[[feed]]\nname = \"A\"\nurll = \"https://a.example/feed\"\n".utf8))
        let invalid = try NewswatchBinary.run(["status", "--config", badConfig, "--archive", missing])
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("urll"))
        #expect(invalid.stderr.contains("config is not valid"))
    }
}
