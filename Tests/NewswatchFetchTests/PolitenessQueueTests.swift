import Testing
@testable import NewswatchFetch

@Suite struct PolitenessQueueTests {
    @Test func perHostLimitHoldsAndHostsTakeTurns() {
        var queue = PolitenessQueue<Int>(perHostLimit: 2, globalLimit: 10)
        for item in 0..<5 { queue.enqueue(item, host: "a") }
        queue.enqueue(100, host: "b")
        var started: [Int] = []
        while let (item, _) = queue.next() { started.append(item) }
        #expect(started == [0, 100, 1])
        #expect(queue.runningCount(host: "a") == 2)
        queue.finished(host: "a")
        #expect(queue.next()?.item == 2)
        #expect(queue.next() == nil)
        #expect(queue.waitingCount == 2)
    }

    @Test func globalLimitHolds() {
        var queue = PolitenessQueue<String>(perHostLimit: 2, globalLimit: 3)
        for host in ["a", "b", "c", "d"] { queue.enqueue(host, host: host) }
        var started: [String] = []
        while let (item, _) = queue.next() { started.append(item) }
        #expect(started == ["a", "b", "c"])
        queue.finished(host: "b")
        #expect(queue.next()?.item == "d")
        #expect(queue.runningTotal == 3)
    }

    @Test func waitingItemsCanBeRemovedAndDrained() {
        var queue = PolitenessQueue<Int>(perHostLimit: 1, globalLimit: 1)
        for item in 0..<4 { queue.enqueue(item, host: item % 2 == 0 ? "a" : "b") }
        #expect(queue.removeWaiting { $0 == 1 } == 1)
        #expect(queue.removeWaiting { $0 == 99 } == nil)
        #expect(queue.next()?.item == 0)
        #expect(queue.drainWaiting().sorted() == [2, 3])
        #expect(queue.next() == nil)
    }
}
