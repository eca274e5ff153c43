/// Transfers waiting for a slot: at most `perHostLimit` running per host and `globalLimit` in all.
/// Hosts take turns (round robin), so a thousand feeds on one server do not starve the others.
/// Pure bookkeeping; the transfer loop owns one.
struct PolitenessQueue<Item> {
    let perHostLimit: Int
    let globalLimit: Int
    private var waiting: [String: FIFO] = [:]
    /// Hosts with waiting items, in turn order.
    private var turns: [String] = []
    private var running: [String: Int] = [:]
    private(set) var runningTotal = 0

    init(perHostLimit: Int, globalLimit: Int) {
        precondition(perHostLimit > 0 && globalLimit > 0, "a limit of zero would never run anything")
        self.perHostLimit = perHostLimit
        self.globalLimit = globalLimit
    }

    var waitingCount: Int { waiting.values.reduce(0) { $0 + $1.count } }

    func runningCount(host: String) -> Int { running[host, default: 0] }

    mutating func enqueue(_ item: Item, host: String) {
        if waiting[host] == nil {
            waiting[host] = FIFO()
            turns.append(host)
        }
        waiting[host]!.push(item)
    }

    /// The next item allowed to start, its slot taken; nil when every waiting host is at its limit
    /// or the global limit is reached. Call `finished(host:)` when it ends.
    mutating func next() -> (item: Item, host: String)? {
        guard runningTotal < globalLimit else { return nil }
        guard let turn = turns.firstIndex(where: { running[$0, default: 0] < perHostLimit }) else { return nil }
        let host = turns.remove(at: turn)
        let item = waiting[host]!.pop()
        if waiting[host]!.count == 0 {
            waiting[host] = nil
        } else {
            turns.append(host)
        }
        running[host, default: 0] += 1
        runningTotal += 1
        return (item, host)
    }

    mutating func finished(host: String) {
        guard let count = running[host], count > 0 else {
            assertionFailure("finished a transfer for \(host) that was not running")
            return
        }
        running[host] = count == 1 ? nil : count - 1
        runningTotal -= 1
    }

    /// Takes out a waiting item (a cancelled fetch); nil when none matches.
    mutating func removeWaiting(where matches: (Item) -> Bool) -> Item? {
        for (host, var fifo) in waiting {
            guard let item = fifo.remove(where: matches) else { continue }
            if fifo.count == 0 {
                waiting[host] = nil
                turns.removeAll { $0 == host }
            } else {
                waiting[host] = fifo
            }
            return item
        }
        return nil
    }

    /// Empties the queue (shutdown), returning what was waiting.
    mutating func drainWaiting() -> [Item] {
        let items = turns.flatMap { waiting[$0]!.items }
        waiting = [:]
        turns = []
        return items
    }

    private struct FIFO {
        private var storage: [Item] = []
        private var head = 0

        var count: Int { storage.count - head }
        var items: [Item] { Array(storage[head...]) }

        mutating func push(_ item: Item) { storage.append(item) }

        mutating func pop() -> Item {
            let item = storage[head]
            head += 1
            if head > 64 && head * 2 > storage.count {
                storage.removeFirst(head)
                head = 0
            }
            return item
        }

        mutating func remove(where matches: (Item) -> Bool) -> Item? {
            guard let index = storage[head...].firstIndex(where: matches) else { return nil }
            return storage.remove(at: index)
        }
    }
}
