import Foundation
import NewswatchConfig

/// The moment up to which the rules have seen every archived article, with every alert they decided
/// recorded and nothing left waiting in a group: written beside the archive when the daemon exits
/// cleanly. The start-up replay exists for crashes (matches lost in a `group_wait`, articles archived
/// just before the rules saw them); after a clean exit it only needs what was archived after the
/// checkpoint, which is nothing, instead of every article of the last minutes.
///
/// Taken (read and removed) at start, so a crash in that run leaves none and the next start replays
/// the whole window as before. It holds only for the rules it was written with: after an edit of the
/// rules while the daemon was stopped, the recent articles go through the new rules as before.
struct RulesCheckpoint: Equatable {
    var time: Date
    var rulesFingerprint: UInt64

    /// Beside the archive it describes.
    static func path(archive: String) -> String {
        archive + ".rules-checkpoint"
    }

    /// What a config's rules are, as far as the checkpoint is concerned: any change to any rule
    /// (query, filters, timings, enabled, even where it is written) gives another value. FNV-1a, so
    /// the value is the same in every process (Swift's `Hasher` is seeded per process).
    static func fingerprint(_ rules: [RuleSettings]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in String(reflecting: rules).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Reads the checkpoint at `path` and removes it; nil when there is none or it cannot be read.
    static func take(at path: String) -> RulesCheckpoint? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        unlink(path)
        var time: Double?
        var rules: UInt64?
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "time": time = Double(parts[1])
            case "rules": rules = UInt64(parts[1], radix: 16)
            default: continue
            }
        }
        guard let time, let rules else { return nil }
        return RulesCheckpoint(time: Date(timeIntervalSince1970: time), rulesFingerprint: rules)
    }

    func write(to path: String) throws {
        let text = "time \(time.timeIntervalSince1970)\nrules \(String(rulesFingerprint, radix: 16))\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
