import ArgumentParser
import Foundation
import NewswatchArchive
import NewswatchConfig
import NewswatchNormalize

/// `--archive PATH`, shared by the commands that read or write the archive.
struct ArchiveLocation: ParsableArguments {
    @Option(name: .customLong("archive"), help: ArgumentHelp(
        "The archive file.", discussion: "Default: $STATE_DIRECTORY/archive.sqlite, else ./var/archive.sqlite.",
        valueName: "path"))
    var path: String?

    var resolvedPath: String { path ?? Archive.defaultPath() }

    /// Opens the archive for writing, creating it when missing.
    func open() throws -> Archive {
        try Self.open(resolvedPath, access: .readWrite)
    }

    /// Opens an archive that must already exist, for writing: reading a path with nothing there is a
    /// mistake to report, not a reason to create an empty file.
    func openExisting() throws -> Archive {
        try Self.open(try existingPath(), access: .reading)
    }

    /// Opens an archive that must already exist, to read it: while the daemon or an import holds the
    /// write lock, this neither waits for it nor fails (see `ArchiveAccess.reading`).
    func openForReading() throws -> Archive {
        try Self.open(try existingPath(), access: .reading)
    }

    private func existingPath() throws -> String {
        guard FileManager.default.fileExists(atPath: resolvedPath) else {
            throw CommandFailure(resolvedPath, "no archive here (nothing archived yet, or give --archive PATH)")
        }
        return resolvedPath
    }

    static func open(_ path: String, access: ArchiveAccess) throws -> Archive {
        do {
            return try Archive(path: path, access: access)
        } catch let error as ArchiveError {
            throw CommandFailure(error.description)
        }
    }
}

/// Runs an archive operation, turning its errors into `CommandFailure`s.
func archiveFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ArchiveError {
        throw CommandFailure(error.description)
    } catch let error as ImportError {
        throw CommandFailure(error.description)
    }
}

/// `--since`: an age (`90m`, `12h`, `7d`, `2w`) or an RFC 3339 time.
struct SinceArgument: ExpressibleByArgument {
    let date: Date

    init?(argument: String) {
        if let date = RFC3339.date(from: argument) {
            self.date = date
            return
        }
        // An age is written like every duration of the config.
        guard let age = ConfigDuration(argument) else { return nil }
        date = Date().addingTimeInterval(-age.seconds)
    }

    static var defaultValueDescription: String { "an age such as 7d, 12h, 90m, or an RFC 3339 time" }
}
