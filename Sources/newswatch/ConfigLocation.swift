import ArgumentParser
import Foundation
import NewswatchConfig

/// `--config PATH`, shared by the commands that read the config file.
struct ConfigLocation: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp(
        "The config file.",
        discussion: "Default: $CONFIGURATION_DIRECTORY/newswatch.toml, else /etc/newswatch/newswatch.toml.",
        valueName: "path"))
    var path: String?

    var resolvedPath: String { path ?? ConfigurationLoader().defaultPath }

    /// Loads the config; an invalid one lists every problem on stderr and fails with one summary line.
    func load() throws -> Configuration {
        let path = resolvedPath
        do {
            return try ConfigurationLoader().load(path: path)
        } catch {
            let problems = error.problems
            if problems.count == 1, let only = problems.first, only.position == nil, only.key == nil {
                throw CommandFailure(only.file, only.message)
            }
            for problem in problems { FileHandleOutput.standardError.write("\(problem)\n") }
            throw CommandFailure(path, "config is not valid (\(problems.count) problem\(problems.count == 1 ? "" : "s"); see `newswatch config check`)")
        }
    }
}
