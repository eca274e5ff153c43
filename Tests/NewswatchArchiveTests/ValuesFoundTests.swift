import Foundation
import GRDB
@testable import NewswatchArchive
import NewswatchTestSupport
import Testing

/// `valuesFound` pads its `IN` lists to a power of two with a repeated value, so its statements can be
/// cached: whatever the number asked, it must find exactly the values present, and keep the shapes few.
@Suite struct ValuesFoundTests {
    @Test func paddedCountsArePowersOfTwoNotBelowTheCount() {
        #expect([1, 2, 3, 4, 5, 20, 32, 33, 500].map(Database.paddedCount) == [1, 2, 4, 4, 8, 32, 32, 64, 512])
    }

    @Test func findsExactlyThePresentValuesForEveryCount() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (feed TEXT, v TEXT)")
            for index in stride(from: 0, to: 1_300, by: 3) {
                try db.execute(sql: "INSERT INTO t VALUES ('a', ?), ('b', ?)", arguments: ["v\(index)", "v\(index + 1)"])
            }
        }
        var random = SeededRandom(seed: 13)
        for count in Array(1...40) + [63, 64, 65, 499, 500, 501, 1_200] {
            let asked = (0..<count).map { _ in "v\(random.next() % 1_400)" }
            let found = try queue.read { db in
                try db.valuesFound(among: asked, leading: ["a"]) { "SELECT v FROM t WHERE feed = ? AND v IN (\($0))" }
            }
            let expected = Set(asked.filter { Int($0.dropFirst())! % 3 == 0 && Int($0.dropFirst())! < 1_300 })
            #expect(found == expected, "\(count) values asked")
        }
    }
}
