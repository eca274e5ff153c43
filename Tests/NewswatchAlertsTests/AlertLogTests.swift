import Foundation
import Testing
import NewswatchRules
@testable import NewswatchAlerts

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct ScratchDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "newswatch-alerts-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

func sampleAlert(_ number: Int = 1, title: String = "Pleite für Wladimir Putin: Nordkoreaner offenbar von Ukraine-Front geflüchtet") -> Alert {
    Alert(
        key: AlertKey(rule: "desertion", story: "story-\(number)", article: "a52d281376681bc4ffff0000"),
        time: Date(timeIntervalSince1970: 1_733_753_103 + Double(number)), severity: .warning, rule: "desertion",
        kind: .match, title: title, source: "news.de", url: "https://www.news.de/politik/123/",
        articleID: "3f2a9c1e0123456789abcdef", isUpdate: false, storyIDs: ["story-\(number)"], sources: ["news.de"],
        articleCount: 1, matched: ["desert*", "geflüchtet"]
    )
}

func lines(_ path: String) -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
}

/// Other suites send this process SIGUSR1 (the reopen and logrotate tests) while these run, and every
/// `AlertLog` in the process then reopens its path before its next line, which takes the place of
/// noticing a rename or a truncation: the counts of rotations noticed are checked only when no such
/// signal arrived during the test. What was written where is checked always.
@Suite struct AlertLogTests {
    @Test func textLineLayout() {
        #expect(AlertLogFormat.text.line(for: sampleAlert(0)) ==
            #"2024-12-09T14:05:03Z WARNING desertion "Pleite für Wladimir Putin: Nordkoreaner offenbar von Ukraine-Front geflüchtet" event=new source=news.de url=https://www.news.de/politik/123/ id=3f2a9c1e matched=desert*,geflüchtet stories=1 sources=1 key=desertion/story-0/a52d281376681bc4"#)
        var grouped = sampleAlert(0, title: "Er sagte \"Nein\"\nund ging")
        grouped.sources = ["news.de", "dpa ticker"]
        grouped.storyIDs = ["a", "b", "c"]
        grouped.isUpdate = true
        #expect(AlertLogFormat.text.line(for: grouped).contains(#" "Er sagte \"Nein\"\nund ging" event=update "#))
        #expect(AlertLogFormat.text.line(for: grouped).contains(#" stories=3 sources=2 feeds="news.de,dpa ticker" key="#))
        let summary = Alert(key: AlertKey("putin/suppressed/1733753100"), time: Date(timeIntervalSince1970: 1_733_753_700),
                            severity: .notice, rule: "putin", kind: .suppressed, title: "3 more suppressed (rate limit 2 per 10m)", suppressed: 3)
        #expect(AlertLogFormat.text.line(for: summary) ==
            #"2024-12-09T14:15:00Z NOTICE putin "3 more suppressed (rate limit 2 per 10m)" kind=suppressed suppressed=3 key=putin/suppressed/1733753100"#)
    }

    @Test func jsonLineHasEveryField() throws {
        let line = AlertLogFormat.json.line(for: sampleAlert(0))
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["time"] as? String == "2024-12-09T14:05:03Z")
        #expect(object["severity"] as? String == "warning")
        #expect(object["rule"] as? String == "desertion")
        #expect(object["key"] as? String == "desertion/story-0/a52d281376681bc4")
        #expect(object["article_id"] as? String == "3f2a9c1e0123456789abcdef")
        #expect(object["story_ids"] as? [String] == ["story-0"])
        #expect(object["matched"] as? [String] == ["desert*", "geflüchtet"])
        #expect(object["url"] as? String == "https://www.news.de/politik/123/")
        #expect(object["is_update"] as? Bool == false)
    }

    @Test func appendsOneLinePerAlertAndFindsKeys() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("alerts.log")
        try Data("an older line\n".utf8).write(to: URL(fileURLWithPath: path))
        let log = try AlertLog(path: path)
        try log.deliver(sampleAlert(1))
        try log.deliver(sampleAlert(2))
        // Written through at once: another reader sees both lines without a close.
        #expect(lines(path).count == 3)
        #expect(lines(path)[0] == "an older line")
        #expect(log.hasDelivered(sampleAlert(2).key))
        #expect(!log.hasDelivered(sampleAlert(3).key))

        let json = try AlertLog(path: scratch.file("alerts.jsonl"), format: .json)
        try json.deliver(sampleAlert(4))
        #expect(json.hasDelivered(sampleAlert(4).key))
        #expect(!json.hasDelivered(sampleAlert(1).key))
    }

    @Test func refusesAPathItCannotOpen() {
        #expect(throws: AlertLogError.self) { try AlertLog(path: "/nonexistent-dir/alerts.log") }
        do {
            _ = try AlertLog(path: "/nonexistent-dir/alerts.log")
        } catch {
            #expect(error.description == "/nonexistent-dir/alerts.log: cannot open for appending: No such file or directory")
        }
    }

    @Test func survivesRotationByRename() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("alerts.log")
        let signals = ReopenSignal.received
        let log = try AlertLog(path: path)
        for n in 0..<50 { try log.write(line: "line \(n)") }
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        for n in 50..<100 { try log.write(line: "line \(n)") }
        try FileManager.default.moveItem(atPath: path, toPath: path + ".2")
        for n in 100..<120 { try log.write(line: "line \(n)") }
        #expect(lines(path + ".1") == (0..<50).map { "line \($0)" })
        #expect(lines(path + ".2") == (50..<100).map { "line \($0)" })
        #expect(lines(path) == (100..<120).map { "line \($0)" })
        if ReopenSignal.received == signals { #expect(log.rotationsNoticed.renamed == 2) }
        // Removed outright: a new file at the path.
        try FileManager.default.removeItem(atPath: path)
        try log.write(line: "after removal")
        #expect(lines(path) == ["after removal"])
    }

    @Test func survivesCopyTruncate() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("alerts.log")
        let signals = ReopenSignal.received
        let log = try AlertLog(path: path)
        for n in 0..<80 { try log.deliver(sampleAlert(n)) }
        // What logrotate's copytruncate does: copy, then truncate the file in place.
        try FileManager.default.copyItem(atPath: path, toPath: path + ".1")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 0)
        try handle.close()
        for n in 80..<100 { try log.deliver(sampleAlert(n)) }
        let all = lines(path + ".1") + lines(path)
        #expect(all == (0..<100).map { AlertLogFormat.text.line(for: sampleAlert($0)) })
        // No hole of NUL bytes where the old end was.
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(!bytes.contains(0))
        if ReopenSignal.received == signals { #expect(log.rotationsNoticed.truncated == 1) }
    }

    @Test func reopensOnRequest() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("alerts.log")
        let signals = ReopenSignal.received
        let log = try AlertLog(path: path)
        try log.write(line: "one")
        // A hard link keeps the inode at the path, so only the request makes it reopen.
        try FileManager.default.moveItem(atPath: path, toPath: path + ".old")
        try FileManager.default.linkItem(atPath: path + ".old", toPath: path)
        try log.write(line: "two")
        if ReopenSignal.received == signals { #expect(log.rotationsNoticed.renamed == 0) }
        try FileManager.default.removeItem(atPath: path)
        FileManager.default.createFile(atPath: path, contents: Data())
        log.reopen()
        try log.write(line: "three")
        #expect(lines(path + ".old") == ["one", "two"])
        #expect(lines(path) == ["three"])
    }

    @Test func reopensOnSIGUSR1() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("alerts.log")
        let log = try AlertLog(path: path)
        ReopenSignal.install()
        try log.write(line: "before")
        try FileManager.default.moveItem(atPath: path, toPath: path + ".old")
        try FileManager.default.linkItem(atPath: path + ".old", toPath: path)
        try FileManager.default.removeItem(atPath: path)
        FileManager.default.createFile(atPath: path, contents: Data())
        let before = ReopenSignal.received
        // To the process, as logrotate sends it: a thread that does not block it runs the handler.
        kill(getpid(), SIGUSR1)
        for _ in 0..<400 where ReopenSignal.received == before { usleep(5_000) }
        // At least ours: the logrotate tests running beside this one send the same signal.
        #expect(ReopenSignal.received > before)
        try log.write(line: "after")
        #expect(lines(path + ".old") == ["before"])
        #expect(lines(path) == ["after"])
    }

    @Test func concurrentWritersNeverInterleaveLines() async throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("alerts.log")
        let log = try AlertLog(path: path)
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for n in 0..<200 { try? log.deliver(sampleAlert(writer * 1000 + n)) }
                }
            }
        }
        let written = Set(lines(path))
        let expected = Set((0..<4).flatMap { w in (0..<200).map { AlertLogFormat.text.line(for: sampleAlert(w * 1000 + $0)) } })
        #expect(written == expected)
    }
}
