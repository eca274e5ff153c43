import ArgumentParser
import Foundation
import NewswatchFetch
import NewswatchParse

// Both C libraries keep process-wide state whose initialisation is not thread-safe: set it up here,
// before argument parsing or any command can start a thread.
if let failure = CurlLibrary.initialize() {
    FileHandleOutput.standardError.write("newswatch: libcurl could not be initialised: \(failure)\n")
    exit(1)
}
XMLLibrary.initialize()

// The commands that need Swift concurrency run through `AsyncCommand.execute()`: calling `run()` on an
// `any AsyncParsableCommand` from here resolves to the synchronous requirement (which prints help).
do {
    var command = try await Newswatch.asyncParseAsRoot(nil)
    if let asyncCommand = command as? AsyncCommand {
        try await asyncCommand.execute()
    } else {
        try command.run()
    }
} catch {
    Newswatch.exit(withError: error)
}
