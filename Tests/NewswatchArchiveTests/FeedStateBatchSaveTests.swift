import Foundation
import NewswatchArchive
import Testing

@Suite struct FeedStateBatchSaveTests {
    @Test func savesManyFeedsInOneGoAsEachAloneWould() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let now = Date(timeIntervalSince1970: 1_733_760_000)
        var old = FeedState(feed: "b")
        old.etag = "\"old\""
        try archive.save(old)
        let states = (0..<3).map { index in
            var state = FeedState(feed: ["a", "b", "c"][index])
            state.etag = "\"v\(index)\""
            state.lastModified = "Mon, 09 Dec 2024 14:0\(index):00 GMT"
            state.lastAttempt = now
            state.nextPoll = now.addingTimeInterval(Double(600 * (index + 1)))
            return state
        }
        try archive.save(states)
        try archive.save([FeedState]())
        #expect(try archive.feedStates().sorted { $0.feed < $1.feed } == states)
        #expect(try Archive(path: archive.path).feedState("b") == states[1])
    }
}
