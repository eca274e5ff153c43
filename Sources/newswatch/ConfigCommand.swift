import ArgumentParser
import NewswatchConfig
import NewswatchRules

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with the config file.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate the config file and everything it includes, like nginx -t.",
            discussion: """
                Reads PATH (default: $CONFIGURATION_DIRECTORY/newswatch.toml, else \
                /etc/newswatch/newswatch.toml) and the files it includes, and checks every key, type, \
                value and rule query, that feed and rule names are unique, that local feed files are readable and \
                that the state directory, archive and alert log are writable. Prints every problem as \
                FILE:LINE:COLUMN: KEY: problem, a rule query's error at its column in the file. Exit \
                status 0 when the config is valid, 1 when it is not.
                """
        )

        @Argument(help: "The config file.")
        var path: String?

        func run() throws {
            let loader = ConfigurationLoader()
            let path = self.path ?? loader.defaultPath
            let problems: [ConfigProblem]
            var summary = ""
            do {
                let config = try loader.load(path: path)
                var found: [ConfigProblem] = []
                do {
                    _ = try RuleCompiler.compile(config)
                } catch {
                    found += error.problems
                }
                problems = found + config.unwritablePaths(configFile: path)
                summary = "\(config.feeds.count) feeds, \(config.rules.count) rules, \(config.files.count) files"
            } catch {
                problems = error.problems
            }
            if problems.isEmpty {
                FileHandleOutput.standardOutput.write("newswatch: \(path): config is valid (\(summary))\n")
                return
            }
            for problem in problems { FileHandleOutput.standardError.write("\(problem)\n") }
            FileHandleOutput.standardError.write("newswatch: \(path): \(problems.count) problem\(problems.count == 1 ? "" : "s"); config is not valid\n")
            throw ExitCode(1)
        }
    }
}
