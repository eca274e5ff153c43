import Foundation
@testable import NewswatchConfig
import Testing

@Suite struct FeedTableWriterTests {
    @Test func everyStringReadsBackThroughTheParser() throws {
        let awkward = "quote \" backslash \\ tab \t newline \n cr \r bell \u{07} del \u{7F} ü 🗞"
        let feeds = [
            FeedSettings(name: awkward, location: .url("https://example.org/?a=\"1\"&b=\\"), interval: ConfigDuration("1h30m"),
                         tags: [awkward, "plain"], enabled: false, origin: "x"),
            FeedSettings(name: "Local", location: .path("/srv/feeds/a b.rss"), origin: "x"),
        ]
        let text = FeedTableWriter().tables(feeds, comments: [awkward: ["site: https://example.org/\nsecond line"]])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feed-table-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("feeds.toml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let loaded = try ConfigurationLoader(environment: [:]).load(path: path).feeds
        #expect(loaded.count == 2)
        #expect(loaded[0].name == awkward)
        #expect(loaded[0].location == feeds[0].location)
        #expect(loaded[0].tags == [awkward, "plain"])
        #expect(loaded[0].interval == ConfigDuration(seconds: 5400))
        #expect(loaded[0].enabled == false)
        #expect(loaded[1].location == .path("/srv/feeds/a b.rss"))
        #expect(text.hasPrefix("# site: https://example.org/ second line\n[[feed]]\n"))
    }
}
