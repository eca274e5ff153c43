import Foundation
import Testing
@testable import NewswatchDaemon

@Suite struct ArchiveWriterTests {
    /// What ran, in order, on which thread.
    final class Journal: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [String] = []
        private var contexts: Set<String> = []
        func note(_ entry: String) {
            lock.withLock {
                entries.append(entry)
                // Outside every Swift task: on the writer's own thread, not the cooperative pool.
                contexts.insert(withUnsafeCurrentTask { $0 == nil } ? "own thread" : "in a task")
            }
        }
        var order: [String] { lock.withLock { entries } }
        var threads: Set<String> { lock.withLock { contexts } }
    }

    /// Occupies the writer's thread until `release`, so the test can line jobs up behind it.
    func occupy(_ writer: ArchiveWriter, _ journal: Journal, until gate: DispatchSemaphore) -> Task<Void, any Error> {
        Task {
            try await writer.perform(.articles) {
                journal.note("started")
                gate.wait()
            }
        }
    }

    func waitUntil(_ condition: () -> Bool) async {
        for _ in 0..<500 where !condition() { try? await Task.sleep(for: .milliseconds(10)) }
    }

    @Test func runsJobsOnItsOwnThreadBookkeepingBeforeQueuedBatches() async throws {
        let writer = ArchiveWriter(capacity: 2)
        defer { writer.stop() }
        let journal = Journal()
        let gate = DispatchSemaphore(value: 0)
        let first = occupy(writer, journal, until: gate)
        await waitUntil { journal.order == ["started"] }
        let batches = (1...2).map { n in Task { try await writer.perform(.articles) { journal.note("batch \(n)") } } }
        await waitUntil { writer.waiting.articles == 2 }
        #expect(writer.isFull)
        let alerts = Task { try await writer.perform(.bookkeeping) { journal.note("alerts"); return 7 } }
        await waitUntil { writer.waiting.bookkeeping == 1 }
        gate.signal()
        try await first.value
        #expect(try await alerts.value == 7)
        for batch in batches { try await batch.value }
        // One job at a time, in this order: an alert does not wait for the queued batches.
        #expect(journal.order.first == "started")
        #expect(journal.order.dropFirst().first == "alerts")
        #expect(Set(journal.order.dropFirst(2)) == ["batch 1", "batch 2"])
        #expect(journal.threads == ["own thread"])
        #expect(!writer.isFull)
    }

    @Test func closingDropsQueuedBatchesFinishesTheRunningOneAndKeepsBookkeeping() async throws {
        let writer = ArchiveWriter(capacity: 4)
        defer { writer.stop() }
        let journal = Journal()
        let gate = DispatchSemaphore(value: 0)
        let running = occupy(writer, journal, until: gate)
        await waitUntil { journal.order == ["started"] }
        let queued = Task { try await writer.perform(.articles) { journal.note("queued") } }
        await waitUntil { writer.waiting.articles == 1 }

        writer.closeToArticles()
        await #expect(throws: ArchiveWriterStopped.self) { try await queued.value }
        await #expect(throws: ArchiveWriterStopped.self) { try await writer.perform(.articles) { journal.note("late") } }
        gate.signal()
        try await running.value
        try await writer.perform(.bookkeeping) { journal.note("state") }
        #expect(journal.order == ["started", "state"])

        writer.stop()
        await #expect(throws: ArchiveWriterStopped.self) { try await writer.perform(.bookkeeping) { journal.note("after stop") } }
    }

    @Test func errorsOfAJobReachItsCaller() async {
        struct Broken: Error {}
        let writer = ArchiveWriter(capacity: 1)
        defer { writer.stop() }
        await #expect(throws: Broken.self) { try await writer.perform(.bookkeeping) { throw Broken() } }
        #expect(await (try? writer.perform(.articles) { 42 }) == 42)
    }

    @Test func manyJobsShareOneSyncAndNothingToSyncMeansNoSync() async throws {
        let journal = Journal()
        let writer = ArchiveWriter(capacity: 64, syncInterval: .milliseconds(300), sync: { journal.note("sync") })
        defer { writer.stop() }
        try await Task.sleep(for: .milliseconds(400))
        #expect(journal.order.isEmpty, "a sync with nothing written")
        // Forty batches queued at once run back to back, then one sync covers them all.
        let batches = (1...40).map { n in Task { try await writer.perform(.articles) { journal.note("batch \(n)") } } }
        for batch in batches { try await batch.value }
        await waitUntil { journal.order.contains("sync") }
        let syncs = journal.order.filter { $0 == "sync" }.count
        // The first sync comes after the last batch unless the machine stalled the batches for longer
        // than the interval; either way far fewer syncs than batches.
        #expect(syncs >= 1 && syncs <= 3, "\(journal.order)")
        #expect(journal.order.last == "sync")
        try await Task.sleep(for: .milliseconds(500))
        #expect(journal.order.filter { $0 == "sync" }.count == syncs, "synced again with nothing new")
    }

    @Test func stoppingSyncsWhatTheLastJobsWrote() async throws {
        let journal = Journal()
        let writer = ArchiveWriter(capacity: 4, syncInterval: .seconds(60), sync: { journal.note("sync") })
        try await writer.perform(.articles) { journal.note("batch") }
        writer.stop()
        await waitUntil { journal.order.count == 2 }
        #expect(journal.order == ["batch", "sync"])
    }
}
