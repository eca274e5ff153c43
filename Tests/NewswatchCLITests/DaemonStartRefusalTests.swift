import Foundation
import Testing

/// What `newswatch run` does when the places it writes are unusable: it does not start, exits 1, and
/// says in one line which file is wrong and how — never a crash, never a half-started daemon.
@Suite struct DaemonStartRefusalTests {
    func start(_ daemon: DaemonHarness) throws -> NewswatchBinary.Outcome {
        try daemon.writeConfig("[daemon]\nallow_private_networks = true\n")
        return try NewswatchBinary.run(["run", "--config", daemon.configPath], environment: daemon.directories)
    }

    @Test func aDamagedArchiveIsNamedAndTheDaemonDoesNotStart() throws {
        let daemon = try DaemonHarness()
        try FileManager.default.createDirectory(atPath: daemon.stateDirectory, withIntermediateDirectories: true)
        let archive = daemon.stateDirectory + "/archive.sqlite"
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: archive))
        let outcome = try start(daemon)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("newswatch: archive: \(archive)"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        // Refusing is not repairing: the file is left as it was for the user to look at.
        #expect(try Data(contentsOf: URL(fileURLWithPath: archive)) == Data(repeating: 0x5A, count: 8192))
    }

    @Test func anAlertLogThatCannotBeOpenedIsNamedAndTheDaemonDoesNotStart() throws {
        let daemon = try DaemonHarness()
        // A folder where the log file should be.
        try FileManager.default.createDirectory(atPath: daemon.alertLogPath, withIntermediateDirectories: true)
        let outcome = try start(daemon)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("newswatch: alert log: \(daemon.alertLogPath)"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
    }
}
