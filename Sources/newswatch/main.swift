import ArgumentParser
import Foundation
import NewswatchParse

// libxml2 keeps process-wide state whose initialisation is not thread-safe: set it up here, before
// argument parsing or any command can start a thread. libcurl is set up by the first `FeedFetcher`
// (`CurlLibrary.initialize()`), so commands that fetch nothing do not pay for it (nor OpenSSL's set-up).
XMLLibrary.initialize()

// The commands that need Swift concurrency run through `AsyncCommand.execute()`: calling `run()` on an
// `any AsyncParsableCommand` from here resolves to the synchronous requirement (which prints help).
// The cast names the one such command: a cast to a protocol would look through every conformance
// record of the binary (some 7,000 with the static runtime) at every start.
do {
    var command = try await Newswatch.asyncParseAsRoot(nil)
    if let asyncCommand = command as? RunCommand {
        try await asyncCommand.execute()
    } else {
        try command.run()
    }
} catch {
    Newswatch.exit(withError: error)
}
