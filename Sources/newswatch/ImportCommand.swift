import ArgumentParser
import Foundation
import NewswatchArchive

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add the articles of a JSON-lines file (from `newswatch export`) to the archive.",
        discussion: "Idempotent: articles already archived are not added again, so importing twice adds nothing."
    )

    @Argument(help: "A .jsonl file: one Article JSON per line.")
    var file: String

    @Option(name: .customLong("batch-size"), help: ArgumentHelp("Articles per transaction.", visibility: .hidden))
    var batchSize: Int = 500

    @OptionGroup var archive: ArchiveLocation

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        try reportingFailures {
            guard FileManager.default.fileExists(atPath: file) else { throw CommandFailure(file, "no such file") }
            let opened = try archive.open()
            let summary = try archiveFailures { try opened.importArticles(from: file, batchSize: batchSize) }
            // The archive commits without an fsync (see `Archive`); what the summary reports is on disk.
            try archiveFailures { try opened.syncToDisk() }
            FileHandleOutput.standardOutput.write(
                "\(file): \(summary.lines) articles read, \(summary.added) added, \(summary.alreadyThere) already archived, \(summary.tombstoned) deleted before (not re-added)\n")
        }
    }
}
