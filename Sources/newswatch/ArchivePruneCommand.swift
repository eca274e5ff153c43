import ArgumentParser
import Foundation
import NewswatchArchive

extension ArchiveCommand {
    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Drop the text of old articles, keeping their ids so feeds do not bring them back.",
            discussion: "What `retention = \"365d\"` does: `newswatch archive prune --older-than 365d`."
        )

        @Option(name: .customLong("older-than"), help: ArgumentHelp("Articles first seen before then.", valueName: "age|time"))
        var olderThan: SinceArgument

        @OptionGroup var archive: ArchiveLocation

        func run() throws {
            try reportingFailures {
                let opened = try archive.openExisting()
                let count = try archiveFailures { try opened.prune(firstSeenBefore: olderThan.date) }
                try archiveFailures { try opened.syncToDisk() }
                FileHandleOutput.standardOutput.write("\(opened.path): pruned \(count) articles\n")
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete an article and leave a tombstone, so no feed adds it again.")

        @Argument(help: "The article id or a unique prefix of it (8+ hex digits).")
        var id: String

        @OptionGroup var archive: ArchiveLocation

        func run() throws {
            try reportingFailures {
                let opened = try archive.openExisting()
                let found = try archiveFailures { try opened.article(idPrefix: id) }
                _ = try archiveFailures { try opened.delete(found.id) }
                FileHandleOutput.standardOutput.write("deleted \(found.id.hex): \(found.article.title)\n")
            }
        }
    }
}
