import Foundation
import NewswatchParse

// The same libxml2 set-up as the newswatch executable's (Sources/newswatch/main.swift), so the
// figures are the shipped program's.
XMLLibrary.initialize()

// newswatch-bench: the Swift side of `make bench` (bench/run.sh). Prints `key value` lines.
let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: newswatch-bench parse FILE...
           newswatch-bench rules [RULES] [ARTICLES]
           newswatch-bench rules-report [RULES] [ARTICLES]
           newswatch-bench archive N [PATH]
           newswatch-bench extract OUTDIR PAGE...
    """

do {
    switch arguments.first {
    case "parse" where arguments.count > 1:
        try ParseBenchmark.run(Array(arguments.dropFirst()))
    case "rules":
        try RulesBenchmark.run(ruleCount: arguments.count > 1 ? Int(arguments[1]) ?? 1_000 : 1_000,
                               articleCount: arguments.count > 2 ? Int(arguments[2]) ?? 10_000 : 10_000)
    case "rules-report":
        try RulesReport.run(ruleCount: arguments.count > 1 ? Int(arguments[1]) ?? 1_000 : 1_000,
                            articleCount: arguments.count > 2 ? Int(arguments[2]) ?? 10_000 : 10_000)
    case "archive" where arguments.count > 1:
        guard let count = Int(arguments[1]), count > 0 else { throw BenchUsageError(text: usage) }
        try ArchiveBenchmark.run(count: count, path: arguments.count > 2 ? arguments[2] : "bench-archive.sqlite")
    case "extract" where arguments.count > 2:
        try ExtractBenchmark.run(outputDirectory: arguments[1], files: Array(arguments.dropFirst(2)))
    default:
        throw BenchUsageError(text: usage)
    }
} catch {
    FileHandle.standardError.write(Data("newswatch-bench: \(error)\n".utf8))
    exit(1)
}

struct BenchUsageError: Error, CustomStringConvertible {
    let text: String
    var description: String { text }
}
