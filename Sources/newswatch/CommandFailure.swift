import ArgumentParser
import Foundation

/// Text to standard output or standard error without Foundation's buffering surprises.
enum FileHandleOutput {
    case standardOutput, standardError

    func write(_ text: String) {
        let handle = self == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(text.utf8))
    }
}

/// A failure the user can act on: one line on standard error, `newswatch: SUBJECT: problem`, and exit
/// status 1. Never a stack trace.
struct CommandFailure: Error {
    let message: String

    init(_ subject: String, _ problem: String) {
        message = "\(subject): \(problem)"
    }

    init(_ message: String) {
        self.message = message
    }
}

extension ParsableCommand {
    /// Runs `body`, turning a `CommandFailure` into its line on stderr and exit status 1.
    func reportingFailures(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as CommandFailure {
            FileHandleOutput.standardError.write("newswatch: \(failure.message)\n")
            throw ExitCode(1)
        }
    }
}
