import Foundation
import Testing
@testable import NewswatchScheduler

@Suite struct PollPlanTests {
    let now = Date(timeIntervalSince1970: 1_733_753_100)
    let plan = PollPlan(interval: 900, minimumInterval: 120, maximumInterval: 21_600, maximumBackoff: 21_600)

    func history(gap: TimeInterval, count: Int = 6) -> PollHistory {
        var history = PollHistory()
        for i in 0..<count { history.rate.record(newArticles: 1, at: now.addingTimeInterval(Double(i) * gap)) }
        return history
    }

    @Test func aNewFeedUsesItsInterval() {
        #expect(plan.nextPoll(after: now, history: PollHistory(), random: { 0.5 }) == now.addingTimeInterval(900))
    }

    @Test func jitterSpreadsFeedsWithinTenPercent() {
        #expect(plan.nextPoll(after: now, history: PollHistory(), random: { 0 }) == now.addingTimeInterval(810))
        #expect(plan.nextPoll(after: now, history: PollHistory(), random: { 0.999_999 }).timeIntervalSince(now) > 989)
    }

    @Test func aBusyFeedIsPolledMoreOftenThanAQuietOne() {
        let busy = plan.healthyInterval(history(gap: 300))
        let quiet = plan.healthyInterval(history(gap: 7 * 86_400))
        #expect(busy < 900)
        #expect(busy >= 120)
        #expect(quiet > 900)
        #expect(quiet <= 3600, "the adaptive factor is at most 4")
        #expect(busy == 225, "a quarter of the interval is the floor of the adaptive factor")
    }

    @Test func twoObservationsAreNotYetARhythm() {
        #expect(plan.healthyInterval(history(gap: 60, count: 3)) == 900)
    }

    @Test func theFeedsOwnTTLIsALowerBound() {
        var busy = history(gap: 60)
        busy.feedMinimumInterval = 1800
        #expect(plan.healthyInterval(busy) == 1800)
    }

    @Test func cacheControlDelaysButNeverBeyondTheMaximum() {
        var history = PollHistory()
        history.freshUntil = now.addingTimeInterval(3000)
        #expect(plan.nextPoll(after: now, history: history, random: { 0.5 }) == now.addingTimeInterval(3000))
        history.freshUntil = now.addingTimeInterval(30 * 86_400)
        #expect(plan.nextPoll(after: now, history: history, random: { 0.5 }) == now.addingTimeInterval(900))
    }

    @Test func failuresBackOffExponentiallyToTheCapAndNeverStop() {
        #expect(plan.backoff(failures: 1) == 900)
        #expect(plan.backoff(failures: 2) == 1800)
        #expect(plan.backoff(failures: 3) == 3600)
        #expect(plan.backoff(failures: 5) == 14_400)
        #expect(plan.backoff(failures: 6) == 21_600)
        #expect(plan.backoff(failures: 10_000) == 21_600)
        var history = PollHistory()
        history.failures = 10_000
        #expect(plan.nextPoll(after: now, history: history, random: { 0.5 }) == now.addingTimeInterval(21_600))
    }

    @Test func retryAfterIsHonoured() {
        var history = PollHistory()
        history.failures = 1
        history.retryAfter = now.addingTimeInterval(7200)
        #expect(plan.nextPoll(after: now, history: history, random: { 0.5 }) == now.addingTimeInterval(7200))
        history.retryAfter = now.addingTimeInterval(365 * 86_400)
        #expect(plan.nextPoll(after: now, history: history, random: { 0.5 }) == now.addingTimeInterval(21_600))
    }
}

@Suite struct PollQueueTests {
    let t0 = Date(timeIntervalSince1970: 0)

    @Test func givesDueFeedsEarliestFirst() {
        var queue = PollQueue<String>()
        queue.schedule("c", at: t0.addingTimeInterval(30))
        queue.schedule("a", at: t0.addingTimeInterval(10))
        queue.schedule("b", at: t0.addingTimeInterval(20))
        #expect(queue.nextDueTime() == t0.addingTimeInterval(10))
        #expect(queue.takeDue(at: t0.addingTimeInterval(25)) == ["a", "b"])
        #expect(queue.count == 1)
        #expect(queue.takeDue(at: t0.addingTimeInterval(25)) == [])
    }

    @Test func takesAtMostTheLimitAndLeavesTheRestDue() {
        var queue = PollQueue<String>()
        queue.schedule("c", at: t0.addingTimeInterval(30))
        queue.schedule("a", at: t0.addingTimeInterval(10))
        queue.schedule("b", at: t0.addingTimeInterval(20))
        #expect(queue.takeDue(at: t0.addingTimeInterval(40), limit: 2) == ["a", "b"])
        #expect(queue.dueTime(of: "c") == t0.addingTimeInterval(30))
        #expect(queue.takeDue(at: t0.addingTimeInterval(40), limit: 0) == [])
        #expect(queue.takeDue(at: t0.addingTimeInterval(40), limit: 5) == ["c"])
    }

    @Test func reschedulingAndRemovingLeaveNoGhosts() {
        var queue = PollQueue<String>()
        queue.schedule("a", at: t0.addingTimeInterval(10))
        queue.schedule("a", at: t0.addingTimeInterval(100))
        queue.schedule("b", at: t0.addingTimeInterval(20))
        queue.remove("b")
        #expect(queue.nextDueTime() == t0.addingTimeInterval(100))
        #expect(queue.takeDue(at: t0.addingTimeInterval(50)) == [])
        #expect(queue.takeDue(at: t0.addingTimeInterval(100)) == ["a"])
        #expect(queue.isEmpty)
    }

    @Test func staysOrderedUnderManyFeeds() {
        var queue = PollQueue<Int>()
        var generator = SystemRandomNumberGenerator()
        for feed in 0..<2000 { queue.schedule(feed, at: t0.addingTimeInterval(Double.random(in: 0..<1000, using: &generator))) }
        for feed in stride(from: 0, to: 2000, by: 3) { queue.remove(feed) }
        let due = queue.takeDue(at: t0.addingTimeInterval(1000))
        #expect(due.count == 2000 - 667)
        #expect(queue.isEmpty)
    }
}

@Suite struct PublishingRateTests {
    @Test func averagesTheGapBetweenNewArticles() {
        var rate = PublishingRate()
        let t0 = Date(timeIntervalSince1970: 0)
        rate.record(newArticles: 1, at: t0)
        #expect(rate.meanGap == nil)
        rate.record(newArticles: 0, at: t0.addingTimeInterval(100))
        rate.record(newArticles: 2, at: t0.addingTimeInterval(600))
        #expect(rate.meanGap == 300)
        #expect(!rate.isEstablished)
    }
}
