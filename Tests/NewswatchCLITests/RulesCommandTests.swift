import Foundation
import Testing

/// `newswatch rules …`, run as the real binary.
@Suite struct RulesCommandTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built binary sits beside the test bundle.
    static let binary: URL = {
        let bundle = Bundle.main.bundleURL.pathExtension == "xctest" ? Bundle.main.bundleURL : URL(fileURLWithPath: CommandLine.arguments[0])
        var directory = bundle.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("newswatch").path) {
            directory = root.appendingPathComponent(".build/debug")
        }
        return directory.appendingPathComponent("newswatch")
    }()

    struct Run {
        let status: Int32
        let output: String
        let errors: String
    }

    func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = Self.root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self), errors: String(decoding: errors, as: UTF8.self))
    }

    @Test func checkAcceptsTheExampleRules() throws {
        let result = try run(["rules", "check", "Config/newswatch.toml"])
        #expect(result.status == 0)
        #expect(result.output.hasSuffix("Config/newswatch.toml: 4 rules, 5 feed-health rules, valid\n"))
        #expect(result.errors.isEmpty)
    }

    @Test func checkNamesFileRuleColumnAndExpectation() throws {
        let file = NSTemporaryDirectory() + "newswatch-rules-\(UUID().uuidString).toml"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data("[[rule]]\nname = \"syria\"\nquery = 'putin AND (assad OR'\n".utf8).write(to: URL(fileURLWithPath: file))
        let result = try run(["rules", "check", file])
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.errors == "newswatch: \(file):3:29: rule syria: query: column 20 of the query: expected a term, a \"phrase\", a /regex/ or (, found the end of the query\n")
    }

    @Test func matchShowsWhichSeedsFireWithTheirTerms() throws {
        let seeds = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("seeds").path)
            .filter { $0.hasSuffix(".txt") }.sorted().map { "seeds/" + $0 }
        let result = try run(["rules", "match", "Config/newswatch.toml"] + seeds)
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        let desertion = lines.filter { $0.contains(": desertion matched=") }
        #expect(desertion.count == 2)
        #expect(desertion[0].hasPrefix("seeds/000_"))
        #expect(desertion[0].contains("desert*(desertionen,desertieren)"))
        #expect(desertion[1].hasPrefix("seeds/004_"))
        #expect(lines.filter { $0.contains("putin-syria matched=") }.map { String($0.prefix(9)) } == ["seeds/003"])
    }
}
