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

Newswatch.main()
