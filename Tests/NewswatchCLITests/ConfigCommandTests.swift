import Foundation
import Testing

@Suite struct ConfigCommandTests {
    let environment = ["STATE_DIRECTORY": "/tmp/nw-config-check-state", "LOGS_DIRECTORY": "/tmp/nw-config-check-logs"]

    @Test func theShippedConfigIsValid() throws {
        let outcome = try NewswatchBinary.run(["config", "check", "Config/newswatch.toml"], environment: environment)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("config is valid (7 feeds, 4 rules"))
    }

    @Test func listsEveryProblemWithFileLineAndKey() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.file("newswatch.toml", Array("""
            [daemon]
            per_host = "two"

            [[feed]]
            name = "a"
            url = "https://a.example/feed"
            intervall = "10m"

            [[rule]]
            name = "syria"
            query = 'putin AND (assad OR'
            """.utf8))
        let outcome = try NewswatchBinary.run(["config", "check", path], environment: environment)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("\(path):2:12: daemon.per_host: expected a whole number, found a string"))
        #expect(outcome.stderr.contains("\(path):7:1: feed[1].intervall: unknown key (did you mean interval?)"))
        #expect(outcome.stderr.hasSuffix("newswatch: \(path): 2 problems; config is not valid\n"))

        // With the typos fixed, the query's error points at its column in the file.
        let fixed = try scratch.file("fixed.toml", Array("[[rule]]\nname = \"syria\"\nquery = 'putin AND (assad OR'\n".utf8))
        let second = try NewswatchBinary.run(["config", "check", fixed], environment: environment)
        #expect(second.status == 1)
        #expect(second.stderr.contains("\(fixed):3:29: rule syria: query: column 20 of the query: expected a term"))
    }

    @Test func unwritablePlacesAreProblems() throws {
        let scratch = try ScratchDirectory()
        // Even root cannot make a folder inside a regular file.
        let blocker = try scratch.file("blocker", Array("x".utf8))
        let path = try scratch.file("newswatch.toml", Array("[daemon]\nstate_directory = \"\(blocker)/state\"\n".utf8))
        let outcome = try NewswatchBinary.run(["config", "check", path], environment: environment)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("daemon.state_directory: \(blocker)/state: \(blocker) is a file, not a folder"))
    }
}
