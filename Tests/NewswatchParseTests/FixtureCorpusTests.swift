import Foundation
import NewswatchNormalize
import Testing
@testable import NewswatchParse

/// The fixture corpus: every `Fixtures/NAME.{xml,rss,atom,json,…}` has a `NAME.expected.json` beside it
/// that states the facts the parse must give. The expectation is a subset of `newswatch parse --json`
/// output: every key it names must match; `articles` are compared by position and `article_count`
/// gives their number; `warnings` lists text that some warning must contain; `error` text that the
/// refusal must contain. `charset`, `base_url` and `max_bytes` are passed to the parser.
@Suite struct FixtureCorpusTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { !$0.hasSuffix(".expected.json") && !$0.hasPrefix(".") }.sorted()
    }

    @Test func corpusIsLargeAndComplete() {
        #expect(Self.names.count >= 60)
        for name in Self.names {
            let expected = Self.directory.appendingPathComponent(Self.stem(name) + ".expected.json")
            #expect(FileManager.default.fileExists(atPath: expected.path), "\(name) has no .expected.json")
        }
    }

    static func stem(_ name: String) -> String {
        (name as NSString).deletingPathExtension
    }

    @Test(arguments: FixtureCorpusTests.names)
    func fixture(_ name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent(name)))
        let expectedData = try Data(contentsOf: Self.directory.appendingPathComponent(Self.stem(name) + ".expected.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: expectedData) as? [String: Any], "\(name): expectation is not an object")
        let parser = DocumentParser(maximumBytes: expected["max_bytes"] as? Int ?? DocumentParser.defaultMaximumBytes)
        let fetched = Date(timeIntervalSince1970: 1_733_750_000)

        let document: ParsedDocument
        do {
            document = try parser.parse(bytes, charset: expected["charset"] as? String, baseURL: expected["base_url"] as? String, fetched: fetched)
        } catch let error as DocumentError {
            let wanted = try #require(expected["error"] as? String, "\(name): refused unexpectedly: \(error.description)")
            #expect(error.description.contains(wanted), "\(name): error \"\(error.description)\" lacks \"\(wanted)\"")
            return
        }
        if let wanted = expected["error"] as? String {
            Issue.record("\(name): parsed, but \"\(wanted)\" was expected")
            return
        }
        let actual = try JSONSerialization.jsonObject(with: Article.jsonEncoder().encode(document)) as! [String: Any]

        if let count = expected["article_count"] as? Int {
            #expect(document.articles.count == count, "\(name): \(document.articles.count) articles, expected \(count)")
        }
        if let feed = expected["feed"] as? [String: Any] {
            Self.match(feed, actual["feed"], path: "\(name): feed")
        }
        if let articles = expected["articles"] as? [Any] {
            let actualArticles = actual["articles"] as? [Any] ?? []
            #expect(actualArticles.count >= articles.count, "\(name): only \(actualArticles.count) articles")
            for (index, article) in articles.enumerated() where index < actualArticles.count {
                Self.match(article, actualArticles[index], path: "\(name): articles[\(index)]")
            }
        }
        for wanted in expected["warnings"] as? [String] ?? [] {
            #expect(document.warnings.contains { $0.contains(wanted) }, "\(name): no warning contains \"\(wanted)\"; warnings: \(document.warnings)")
        }
        if expected["no_warnings"] as? Bool == true {
            #expect(document.warnings.isEmpty, "\(name): unexpected warnings \(document.warnings)")
        }
    }

    /// Every key of `expected` matches `actual`; `null` means the key must be absent.
    static func match(_ expected: Any, _ actual: Any?, path: String) {
        switch expected {
        case let object as [String: Any]:
            guard let actualObject = actual as? [String: Any] else {
                Issue.record("\(path): expected an object, got \(String(describing: actual))")
                return
            }
            for (key, value) in object {
                if value is NSNull {
                    #expect(actualObject[key] == nil, "\(path).\(key): expected absent, got \(String(describing: actualObject[key]))")
                } else {
                    match(value, actualObject[key], path: "\(path).\(key)")
                }
            }
        case let array as [Any]:
            guard let actualArray = actual as? [Any] else {
                Issue.record("\(path): expected \(array), got \(String(describing: actual))")
                return
            }
            #expect(array.count == actualArray.count, "\(path): \(actualArray.count) elements, expected \(array.count): \(actualArray)")
            for (index, element) in array.enumerated() where index < actualArray.count {
                match(element, actualArray[index], path: "\(path)[\(index)]")
            }
        default:
            let same = (expected as? NSObject)?.isEqual(actual) ?? false
            #expect(same, "\(path): expected \(expected), got \(String(describing: actual))")
        }
    }
}
