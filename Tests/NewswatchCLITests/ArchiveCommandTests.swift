import Foundation
import NewswatchArchive
import NewswatchNormalize
import NewswatchTestSupport
import Testing

/// The archive commands, run as the real binary against real archive files.
@Suite struct ArchiveCommandTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    @Test func importSearchShowExportAndStats() throws {
        let dir = try ArchiveCLITemporaryDirectory()
        let archivePath = dir.file("archive.sqlite")
        let seeds = try ArchiveCLISeeds.all()
        let file = dir.file("seeds.jsonl")
        try ArchiveCLISeeds.writeJSONLines(seeds, to: file)

        let imported = try ArchiveCLI.run(["import", file, "--archive", archivePath])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("5 articles read, 5 added"))
        let again = try ArchiveCLI.run(["import", file, "--archive", archivePath])
        #expect(again.stdout.contains("5 articles read, 0 added, 5 already archived"))

        let search = try ArchiveCLI.run(["search", "fluchtlinge", "--archive", archivePath])
        #expect(search.status == 0, "\(search.stderr)")
        #expect(search.stdout.hasPrefix(String(seeds[2].id.hex.prefix(12))))
        #expect(search.stdout.contains("«Flüchtlinge»"))

        let json = try ArchiveCLI.run(["search", "Putin", "--json", "--source", "news.de", "--archive", archivePath])
        let hits = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        let fromNewsDe = seeds.filter { $0.source == "news.de" }
        #expect(!fromNewsDe.isEmpty)
        #expect(hits?.count == fromNewsDe.count)
        #expect(Set(hits?.compactMap { $0["id"] as? String } ?? []) == Set(fromNewsDe.map(\.id.hex)))
        #expect(hits?.first?["firstSeen"] is String)

        let show = try ArchiveCLI.run(["show", String(seeds[3].id.hex.prefix(8)), "--archive", archivePath])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout == PlainTextArticleWriter().write(seeds[3]))
        // The text form reads back to the same article.
        #expect(try PlainTextArticleReader().read(show.stdout).id == seeds[3].id)

        let showJSON = try ArchiveCLI.run(["show", seeds[3].id.hex, "--json", "--archive", archivePath])
        #expect(try JSONDecoder().decode(Article.self, from: Data(showJSON.stdout.utf8)).id == seeds[3].id)

        let export = try ArchiveCLI.run(["export", "--archive", archivePath])
        #expect(export.stdout.split(separator: "\n").count == 5)
        let copy = dir.file("copy.sqlite")
        let exported = dir.file("exported.jsonl")
        try Data(export.stdout.utf8).write(to: URL(fileURLWithPath: exported))
        #expect(try ArchiveCLI.run(["import", exported, "--archive", copy]).stdout.contains("5 added"))

        let text = try ArchiveCLI.run(["export", "--format", "text", "--since", "1d", "--archive", archivePath])
        #expect(text.stdout.components(separatedBy: "\u{0C}").count == 5)

        let stats = try ArchiveCLI.run(["archive", "stats", "--archive", archivePath])
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.stdout.contains("articles      5"))
        let statsJSON = try ArchiveCLI.run(["archive", "stats", "--json", "--archive", archivePath])
        let document = try JSONSerialization.jsonObject(with: Data(statsJSON.stdout.utf8)) as? [String: Any]
        #expect(document?["articles"] as? Int == 5)
        #expect(document?["sightings"] as? Int == 5)
    }

    @Test func badArchivesAndIDsGiveOneLineNamingThem() throws {
        let dir = try ArchiveCLITemporaryDirectory()
        let notSQLite = dir.file("notes.txt")
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: notSQLite))
        let refused = try ArchiveCLI.run(["archive", "stats", "--archive", notSQLite])
        #expect(refused.status == 1)
        #expect(refused.stderr == "newswatch: \(notSQLite): is not an SQLite database (a newswatch archive is an SQLite file; move this file away or choose another path with --archive)\n")

        let missing = dir.file("nothing-here.sqlite")
        let absent = try ArchiveCLI.run(["search", "Putin", "--archive", missing])
        #expect(absent.status == 1)
        #expect(absent.stderr.hasPrefix("newswatch: \(missing): no archive here"))
        #expect(!FileManager.default.fileExists(atPath: missing))

        let archivePath = dir.file("archive.sqlite")
        let file = dir.file("one.jsonl")
        try ArchiveCLISeeds.writeJSONLines([try ArchiveCLISeeds.article(0)], to: file)
        _ = try ArchiveCLI.run(["import", file, "--archive", archivePath])
        let short = try ArchiveCLI.run(["show", "abc", "--archive", archivePath])
        #expect(short.status == 1)
        #expect(short.stderr.contains("abc: not an article id"))
        let unknown = try ArchiveCLI.run(["show", "00000000", "--archive", archivePath])
        #expect(unknown.stderr.contains("00000000: no article with this id"))

        let badLines = dir.file("bad.jsonl")
        try Data("{\"title\": \"ok\", \"body\": []}\nnot json\n".utf8).write(to: URL(fileURLWithPath: badLines))
        let bad = try ArchiveCLI.run(["import", badLines, "--archive", archivePath])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("newswatch: \(badLines):2: not an article"))
    }

    @Test func pruneAndDelete() throws {
        let dir = try ArchiveCLITemporaryDirectory()
        let archivePath = dir.file("archive.sqlite")
        let file = dir.file("seeds.jsonl")
        let seeds = try ArchiveCLISeeds.all()
        try ArchiveCLISeeds.writeJSONLines(seeds, to: file)
        _ = try ArchiveCLI.run(["import", file, "--archive", archivePath])

        let deleted = try ArchiveCLI.run(["archive", "delete", String(seeds[0].id.hex.prefix(10)), "--archive", archivePath])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.hasPrefix("deleted \(seeds[0].id.hex)"))
        let reimport = try ArchiveCLI.run(["import", file, "--archive", archivePath])
        #expect(reimport.stdout.contains("0 added, 4 already archived, 1 deleted before"))

        let none = try ArchiveCLI.run(["archive", "prune", "--older-than", "1d", "--archive", archivePath])
        #expect(none.stdout.hasSuffix("pruned 0 articles\n"))
        let all = try ArchiveCLI.run(["archive", "prune", "--older-than", "0s", "--archive", archivePath])
        #expect(all.stdout.hasSuffix("pruned 4 articles\n"), "\(all.stdout)\(all.stderr)")
        let bad = try ArchiveCLI.run(["archive", "prune", "--older-than", "soon", "--archive", archivePath])
        #expect(bad.status != 0)
    }

    @Test func theDefaultArchiveIsInTheStateDirectory() throws {
        let dir = try ArchiveCLITemporaryDirectory()
        let file = dir.file("one.jsonl")
        try ArchiveCLISeeds.writeJSONLines([try ArchiveCLISeeds.article(1)], to: file)
        let state = dir.file("state")
        let result = try ArchiveCLI.run(["import", file], environment: ["STATE_DIRECTORY": state])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: state + "/archive.sqlite"))
        let cwd = try ArchiveCLI.run(["import", file], environment: [:], directory: dir.path)
        #expect(cwd.status == 0, "\(cwd.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.file("var/archive.sqlite")))
    }

    /// Another process (a long import in one transaction) holds the write lock: a poll fails after the
    /// busy timeout with an error naming the file, and goes through once the lock is gone.
    @Test func anArchiveLockedByAnotherProcessGivesALockedError() throws {
        let dir = try ArchiveCLITemporaryDirectory()
        let archivePath = dir.file("archive.sqlite")
        let file = dir.file("many.jsonl")
        try ArchiveCLISeeds.writeJSONLines(ArchiveCLISeeds.synthetic(count: 600), to: file)
        let archive = try Archive(path: archivePath, options: ArchiveOptions(busyTimeout: 0.1))
        let seed = try ArchiveCLISeeds.article(0)

        let importer = try ArchiveCLI.start(["import", file, "--batch-size", "100000", "--archive", archivePath])
        var lockedError: ArchiveError?
        let deadline = Date().addingTimeInterval(20)
        while lockedError == nil, importer.isRunning, Date() < deadline {
            do {
                _ = try archive.feedState("probe")
                try archive.save(FeedState(feed: "probe"))
                usleep(20_000)
            } catch let error as ArchiveError {
                lockedError = error
            }
        }
        importer.waitUntilExit()
        #expect(lockedError == .locked(path: archivePath, seconds: 0.1))
        #expect(lockedError?.description.hasPrefix("\(archivePath): is locked by another process") == true)
        #expect(try archive.record(feed: "news.de", articles: [seed]).map(\.kind) == [.new])
        #expect(try archive.stats().articles == 601)
    }

    /// A writer killed with SIGKILL at random points of a large import: every time, the file is sound,
    /// holds whole batches only (one transaction each), and nothing twice; a final import completes it.
    @Test func aWriterKilledMidBatchLeavesASoundArchive() throws {
        let dir = try ArchiveCLITemporaryDirectory()
        let archivePath = dir.file("archive.sqlite")
        let file = dir.file("many.jsonl")
        let total = 800
        let batch = 100
        try ArchiveCLISeeds.writeJSONLines(ArchiveCLISeeds.synthetic(count: total), to: file)

        var generator = SystemRandomNumberGenerator()
        var counts: [Int] = []
        for _ in 0..<4 {
            let process = try ArchiveCLI.start(["import", file, "--batch-size", "\(batch)", "--archive", archivePath])
            usleep(UInt32.random(in: 100_000...1_500_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let archive = try Archive(path: archivePath)
            #expect(try archive.integrityCheck() == "ok")
            let stats = try archive.stats()
            #expect(stats.articles % batch == 0 || stats.articles == total, "\(stats.articles) articles: a batch was half-written")
            #expect(stats.sightings == stats.articles)
            counts.append(stats.articles)
            print("killed import left \(stats.articles) articles")
        }
        let finish = try ArchiveCLI.run(["import", file, "--batch-size", "\(batch)", "--archive", archivePath])
        #expect(finish.status == 0, "\(finish.stderr)")
        let archive = try Archive(path: archivePath)
        #expect(try archive.integrityCheck() == "ok")
        #expect(try archive.stats().articles == total)
        #expect(try archive.stats().sightings == total)
        #expect(counts == counts.sorted(), "committed batches were lost: \(counts)")
    }

    /// The search index is written after the import's batches (once, at its end, for a file this
    /// size): a writer killed in between leaves committed articles without search entries, and the
    /// next open writes them, so the last committed article is found.
    @Test func articlesOfAKilledWriterAreSearchableAfterTheNextOpen() throws {
        let dir = try ArchiveCLITemporaryDirectory()
        let archivePath = dir.file("archive.sqlite")
        let file = dir.file("many.jsonl")
        let total = 800
        try ArchiveCLISeeds.writeJSONLines(ArchiveCLISeeds.synthetic(count: total), to: file)

        var committed = 0
        // Longer and longer until a batch was committed: a loaded machine starts the binary slowly.
        for delay in [300_000, 600_000, 1_200_000, 2_400_000, 4_800_000, 9_600_000] as [UInt32] where committed == 0 {
            let process = try ArchiveCLI.start(["import", file, "--batch-size", "100", "--archive", archivePath])
            usleep(delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            committed = try Archive(path: archivePath).stats().articles
        }
        try #require(committed > 0, "no batch was committed before the kills")
        let archive = try Archive(path: archivePath)
        #expect(try archive.integrityCheck() == "ok")
        let last = committed - 1
        let hits = try archive.search(query: "meldung \(last)")
        #expect(hits.map(\.title).contains { $0.hasPrefix("Meldung \(last):") }, "\(committed) articles, hits \(hits.map(\.title))")
        #expect(try archive.search(query: "meldung", limit: total).count == committed)
    }
}

// MARK: - Helpers (prefixed: other suites of this target have their own)

enum ArchiveCLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        let beside = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("newswatch")
        if let beside, FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/newswatch")
    }

    static func start(_ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
                      stdout: FileHandle? = nil, stderr: FileHandle? = nil) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = environment ?? ProcessInfo.processInfo.environment
        if environment == nil { env["STATE_DIRECTORY"] = nil }
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardOutput = stdout ?? FileHandle.nullDevice
        process.standardError = stderr ?? FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs the binary to its end; its output goes through files, which never block the child.
    static func run(_ arguments: [String], environment: [String: String]? = nil, directory: String? = nil) throws -> Result {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent("newswatch-cli-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: base + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: base + ".out")
            try? FileManager.default.removeItem(atPath: base + ".err")
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".err"))
        let process = try start(arguments, environment: environment, directory: directory, stdout: out, stderr: err)
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(status: process.terminationStatus,
                      stdout: try String(contentsOfFile: base + ".out", encoding: .utf8),
                      stderr: try String(contentsOfFile: base + ".err", encoding: .utf8))
    }
}

enum ArchiveCLISeeds {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds")

    static func article(_ index: Int) throws -> Article {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".txt") }.sorted()
        let text = try String(contentsOf: directory.appendingPathComponent(files[index]), encoding: .utf8)
        var article = try PlainTextArticleReader().read(text, fetched: Date().addingTimeInterval(-3600))
        article.fetched = Date(timeIntervalSince1970: article.fetched.timeIntervalSince1970.rounded(.down))
        article.url = "https://www.news.de/politik/seed-\(index)/"
        article.guid = "news.de-\(index)"
        return article
    }

    static func all() throws -> [Article] { try (0..<5).map(article) }

    /// Distinct generated articles: each its own words, so none is a near-duplicate of another.
    static func synthetic(count: Int) -> [Article] {
        var generator = SeededRandom(seed: 42)
        let syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zu", "pi", "da", "fe", "go", "hu"]
        func word() -> String { (0..<3).map { _ in syllables[Int(generator.next() % UInt64(syllables.count))] }.joined() }
        func sentence() -> String { (0..<12).map { _ in word() }.joined(separator: " ") + "." }
        return (0..<count).map { i in
            Article(
                title: "Meldung \(i): " + (0..<6).map { _ in word() }.joined(separator: " "),
                body: (0..<4).map { _ in .paragraph((0..<3).map { _ in sentence() }.joined(separator: " ")) },
                url: "https://example.org/meldung/\(i)", guid: "meldung-\(i)", source: "example.org",
                fetched: Date(timeIntervalSince1970: 1_733_760_000 + Double(i)))
        }
    }

    static func writeJSONLines(_ articles: [Article], to file: String) throws {
        let encoder = Article.jsonEncoder(pretty: false)
        var data = Data()
        for article in articles {
            data.append(try encoder.encode(article))
            data.append(UInt8(ascii: "\n"))
        }
        try data.write(to: URL(fileURLWithPath: file))
    }
}

final class ArchiveCLITemporaryDirectory {
    let path: String

    init() throws {
        let template = (NSTemporaryDirectory() as NSString).appendingPathComponent("newswatch-cli-XXXXXX")
        var bytes = Array(template.utf8CString)
        guard mkdtemp(&bytes) != nil else { throw POSIXError(.EIO) }
        path = String(decoding: bytes.prefix(while: { $0 != 0 }).map(UInt8.init(bitPattern:)), as: UTF8.self)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
