import Foundation
import NewswatchConfig

/// `feeds.d/opml-import.toml` beside the config file: where `feeds import` writes, keeping what
/// was there so a failed write can be undone.
final class FeedFileLocation {
    /// Absolute, as `Configuration.files` lists it.
    let path: String
    /// As the user named the config's folder, for messages.
    let shown: String
    private var previous: Data?
    private var existed = false

    init(configPath: String) {
        let absoluteConfig = ((configPath.hasPrefix("/") ? configPath
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(configPath)) as NSString).standardizingPath
        path = (((absoluteConfig as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("feeds.d/opml-import.toml") as NSString).standardizingPath
        let shownDirectory = (configPath as NSString).deletingLastPathComponent
        shown = shownDirectory.isEmpty ? "feeds.d/opml-import.toml" : (shownDirectory as NSString).appendingPathComponent("feeds.d/opml-import.toml")
    }

    /// The feeds an earlier import wrote.
    func loadFeeds() throws -> [FeedSettings] {
        do {
            return try ConfigurationLoader().load(path: path).feeds
        } catch {
            for problem in error.problems { FileHandleOutput.standardError.write("\(problem)\n") }
            throw CommandFailure(shown, "is not a valid feed file; fix it or move it away before importing")
        }
    }

    /// Appends `tables`, replacing the file in one rename so a reader never sees half of it.
    func append(_ tables: String) throws {
        let manager = FileManager.default
        existed = manager.fileExists(atPath: path)
        previous = existed ? manager.contents(atPath: path) : nil
        var text = previous.map { String(decoding: $0, as: UTF8.self) }
            ?? "# Feeds imported from OPML by `newswatch feeds import`; edit freely.\n"
        if !text.hasSuffix("\n") { text += "\n" }
        text += "\n" + tables
        do {
            try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let temporary = path + ".tmp-\(getpid())"
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? manager.removeItem(atPath: temporary)
                throw CommandFailure(shown, "cannot be written: \(reason)")
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(shown, "cannot be written: \(error.localizedDescription)")
        }
    }

    /// Puts back what `append` replaced.
    func restore() throws {
        if let previous {
            try previous.write(to: URL(fileURLWithPath: path))
        } else if !existed {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
