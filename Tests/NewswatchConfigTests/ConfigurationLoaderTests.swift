import Foundation
import Testing
@testable import NewswatchConfig

final class ConfigFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("newswatch-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("feeds.d"), withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

@Suite struct ConfigurationLoaderTests {
    let loader = ConfigurationLoader(environment: ["STATE_DIRECTORY": "/var/lib/nw-test", "LOGS_DIRECTORY": "/var/log/nw-test"])

    func problems(_ text: String) throws -> [ConfigProblem] {
        let folder = try ConfigFolder()
        let path = try folder.write("newswatch.toml", text)
        do {
            _ = try loader.load(path: path)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func readsAFullConfig() throws {
        let folder = try ConfigFolder()
        try folder.write("feeds.d/tagesschau.toml", """
            [[feed]]
            name = "tagesschau"
            url = "https://www.tagesschau.de/xml/rss2/"
            """)
        let path = try folder.write("newswatch.toml", """
            include = ["feeds.d/*.toml"]

            [daemon]
            alert_format = "json"
            per_host = 3
            timeout = "45s"
            max_size = "5MiB"
            retention = "365d"

            [[feed]]
            name = "news.de"
            path = "../seeds/news.de.rss"
            interval = "10m"
            tags = ["de"]
            auth = { user = "me", password = "secret" }

            [[rule]]
            name = "desertion"
            query = "desert* OR fahnenflucht"
            severity = "critical"
            on = "both"
            cooldown = "6h"
            rate_limit = "10/1h"

            [[rule]]
            name = "burst"
            query = "putin"
            rate_limit = { count = 3, per = "10m" }
            min_count = 5
            window = "1h"

            [[feed_health]]
            name = "feed-failing"
            kind = "failing"
            longer_than = "2h"
            """)
        let config = try loader.load(path: path)
        #expect(config.daemon.stateDirectory == "/var/lib/nw-test")
        #expect(config.daemon.archivePath == "/var/lib/nw-test/archive.sqlite")
        #expect(config.daemon.alertLogPath == "/var/log/nw-test/alerts.log")
        #expect(config.daemon.alertFormat == .json)
        #expect(config.daemon.perHost == 3)
        #expect(config.daemon.timeout.seconds == 45)
        #expect(config.daemon.maxSize.bytes == 5 * 1_048_576)
        #expect(config.daemon.retention?.seconds == 31_536_000.0)
        #expect(config.feeds.map(\.name) == ["news.de", "tagesschau"])
        let parent = folder.url.deletingLastPathComponent().appendingPathComponent("seeds/news.de.rss").standardizedFileURL.path
        #expect(config.feeds[0].location == .path(parent))
        #expect(config.feeds[0].interval?.seconds == 600)
        #expect(config.feeds[0].username == "me")
        #expect(config.feeds[1].location == .url("https://www.tagesschau.de/xml/rss2/"))
        #expect(config.feeds[1].origin.hasSuffix("feeds.d/tagesschau.toml:1"))
        #expect(config.rules.count == 2)
        #expect(config.rules[0].severity == .critical)
        #expect(config.rules[0].on == .both)
        #expect(config.rules[0].rateLimit?.count == 10)
        #expect(config.rules[1].rateLimit == .init(count: 3, per: ConfigDuration(seconds: 600)))
        #expect(config.rules[1].minCount == 5)
        #expect(config.feedHealth?.first?.kind == .failing)
        #expect(config.feedHealth?.first?.longerThan?.seconds == 7200)
        #expect(config.files.count == 2)
    }

    @Test func aTypoIsAnErrorWithLineAndAHint() throws {
        let found = try problems("""
            [[feed]]
            name = "x"
            url = "https://example.com/feed"
            intervall = "10m"
            """)
        #expect(found.count == 1)
        #expect(found.first?.position?.line == 4)
        #expect(found.first?.key == "feed[1].intervall")
        #expect(found.first?.description.contains("unknown key (did you mean interval?)") == true)
        #expect(found.first?.description.hasSuffix("newswatch.toml:4:1: feed[1].intervall: unknown key (did you mean interval?)") == true)
    }

    @Test func wrongTypesAndValuesAreListedAllAtOnce() throws {
        let found = try problems("""
            [daemon]
            per_host = "two"
            timeout = "soon"
            alert_format = "xml"

            [[feed]]
            url = "ftp://example.com/feed"

            [[rule]]
            name = "r"
            rate_limit = "lots"
            """)
        let keys = found.compactMap(\.key)
        #expect(keys.contains("daemon.per_host"))
        #expect(keys.contains("daemon.timeout"))
        #expect(keys.contains("daemon.alert_format"))
        #expect(keys.contains("feed[1].name"))
        #expect(keys.contains("feed[1].url"))
        #expect(keys.contains("rule[1].query"))
        #expect(keys.contains("rule[1].rate_limit"))
        #expect(found.first { $0.key == "daemon.per_host" }?.message == "expected a whole number, found a string")
        #expect(found.first { $0.key == "daemon.per_host" }?.position?.line == 2)
    }

    @Test func syntaxErrorsNameTheFileAndLine() throws {
        let found = try problems("[daemon]\nper_host = 2\nuser_agent = \"unterminated\n")
        #expect(found.count == 1)
        #expect(found[0].position?.line == 3)
        #expect(found[0].description.contains("newswatch.toml:3:"))
    }

    @Test func duplicateFeedNamesAreRefused() throws {
        let found = try problems("""
            [[feed]]
            name = "a"
            url = "https://a.example/feed"
            [[feed]]
            name = "a"
            url = "https://b.example/feed"
            """)
        #expect(found.count == 1)
        #expect(found[0].message.contains("a second feed named \"a\""))
        #expect(found[0].position?.line == 4)
    }

    @Test func aMissingFileIsNamed() {
        do {
            _ = try loader.load(path: "/nonexistent/newswatch.toml")
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.description == "/nonexistent/newswatch.toml: no such file")
        }
    }

    // Found by `make fuzz` (config-loader): reading an empty file through FileManager.contents(atPath:)
    // leaked 4 KiB each time; under `make test-asan` LeakSanitizer fails the run if it comes back.
    @Test func anEmptyFileIsAConfigOfDefaultsEveryTime() throws {
        let folder = try ConfigFolder()
        let path = try folder.write("newswatch.toml", "")
        for _ in 0..<100 {
            let configuration = try loader.load(path: path)
            #expect(configuration.feeds.isEmpty)
            #expect(configuration.daemon.archivePath == "/var/lib/nw-test/archive.sqlite")
        }
    }

    @Test func defaultsFollowSystemdDirectories() {
        #expect(ConfigurationLoader(environment: ["CONFIGURATION_DIRECTORY": "/etc/nw:/etc/other"]).defaultPath == "/etc/nw/newswatch.toml")
        #expect(ConfigurationLoader(environment: [:]).defaultPath == "/etc/newswatch/newswatch.toml")
    }

    @Test func durationsAndSizes() {
        #expect(ConfigDuration("1h30m")?.seconds == 5400)
        #expect(ConfigDuration("90s")?.description == "1m30s")
        #expect(ConfigDuration("7d")?.seconds == 604_800)
        #expect(ConfigDuration("15 minutes") == nil)
        #expect(ConfigDuration("") == nil)
        #expect(ConfigByteSize("10MiB")?.bytes == 10_485_760)
        #expect(ConfigByteSize("1GB")?.bytes == 1_000_000_000)
        #expect(ConfigByteSize("many") == nil)
    }
}
