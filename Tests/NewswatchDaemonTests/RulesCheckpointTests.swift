import Foundation
import NewswatchConfig
import Testing
@testable import NewswatchDaemon

@Suite struct RulesCheckpointTests {
    func folder() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("newswatch-checkpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func rules(_ toml: String, in folder: String) throws -> [RuleSettings] {
        let path = (folder as NSString).appendingPathComponent("newswatch.toml")
        try Data("[daemon]\nstate_directory = \"\(folder)\"\n\(toml)".utf8).write(to: URL(fileURLWithPath: path))
        return try ConfigurationLoader(environment: [:]).load(path: path).rules
    }

    @Test func isTakenOnceAndHoldsItsTimeAndRules() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = RulesCheckpoint.path(archive: (folder as NSString).appendingPathComponent("archive.sqlite"))
        #expect(RulesCheckpoint.take(at: path) == nil)
        let written = RulesCheckpoint(time: Date(timeIntervalSince1970: 1_764_000_000.25), rulesFingerprint: 0xfeed_beef_0000_0001)
        try written.write(to: path)
        #expect(RulesCheckpoint.take(at: path) == written)
        // Taken means gone: a crash after this start must not find it.
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(RulesCheckpoint.take(at: path) == nil)
        // A damaged file is no checkpoint (the start replays the whole window), and is removed too.
        try Data("time soon\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(RulesCheckpoint.take(at: path) == nil)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func theFingerprintChangesWithAnyRuleAndOnlyThen() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let one = "[[rule]]\nname = \"a\"\nquery = 'putin*'\n"
        let first = RulesCheckpoint.fingerprint(try rules(one, in: folder))
        #expect(RulesCheckpoint.fingerprint(try rules(one, in: folder)) == first)
        #expect(RulesCheckpoint.fingerprint(try rules("[[rule]]\nname = \"a\"\nquery = 'assad*'\n", in: folder)) != first)
        #expect(RulesCheckpoint.fingerprint(try rules(one + "group_wait = \"1m\"\n", in: folder)) != first)
        #expect(RulesCheckpoint.fingerprint(try rules(one + "enabled = false\n", in: folder)) != first)
        #expect(RulesCheckpoint.fingerprint(try rules("", in: folder)) != first)
    }
}
