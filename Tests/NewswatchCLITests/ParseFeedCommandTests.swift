import Foundation
import Testing

/// `newswatch parse` on feeds, run as the real binary.
@Suite struct ParseFeedCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        let beside = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("newswatch")
        if let beside, FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return root.appendingPathComponent(".build/debug/newswatch")
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test func printsTheSeedFeedAsJSON() throws {
        let result = try Self.run(["parse", "--json", Self.root.appendingPathComponent("seeds/news.de.rss").path])
        #expect(result.status == 0, "\(result.error)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let feed = try #require(document["feed"] as? [String: Any])
        #expect(feed["format"] as? String == "rss2.0")
        #expect(feed["title"] as? String == "news.de - Politik")
        let articles = try #require(document["articles"] as? [[String: Any]])
        #expect(articles.count == 5)
        #expect(articles.allSatisfy { ($0["id"] as? String)?.count == 64 && $0["body"] is [Any] && $0["published"] is String })
        #expect(document["warnings"] as? [String] == [])
    }

    @Test func refusesWhatIsNoFeedWithOneLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("newswatch-parse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(String, String, String)] = [
            ("page.html", "<!DOCTYPE html><html><body><p>Hallo</p></body></html>", "no article found: "),
            ("data.json", "{\"a\": 1}", "not a JSON Feed"),
            ("lol.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"b\">]><rss/>", "declares entities"),
        ]
        for (name, content, reason) in cases {
            let file = directory.appendingPathComponent(name)
            try Data(content.utf8).write(to: file)
            let result = try Self.run(["parse", "--json", file.path])
            #expect(result.status == 1)
            #expect(result.output.isEmpty)
            #expect(result.error.contains(name) && result.error.contains(reason), "\(result.error)")
            #expect(result.error.split(separator: "\n").count == 1)
        }
    }
}
