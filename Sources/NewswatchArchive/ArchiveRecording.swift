import Foundation
import GRDB
import NewswatchNormalize

extension Archive {
    /// Archives the items of one poll of `feed`, in ONE write transaction: either every article and
    /// sighting of the poll is stored, or (on any error) none is. Returns one outcome per article, in
    /// order; an outcome's `id` is the stored text's, which differs from the item's when lines learned
    /// as furniture were taken out. The feed's publishing statistics (`FeedState`) and the learned
    /// furniture are updated in the same transaction. The articles' search entries are written after
    /// it, in a transaction of their own (`SearchIndexer`).
    public func record(feed: String, articles: [Article], at time: Date = Date()) throws -> [ArchiveOutcome] {
        try record(PreparedPoll(unprepared: articles, feed: feed), at: time)
    }

    /// Archives a poll prepared by `prepare(feed:articles:)`, as `record(feed:articles:at:)` does: the same
    /// outcomes and the same rows, with the work done already taken from `poll`.
    public func record(_ poll: PreparedPoll, at time: Date = Date()) throws -> [ArchiveOutcome] {
        let (feed, articles) = (poll.feed, poll.articles)
        // A preparation is used as it was made: with the furniture candidates this archive counts.
        let prepared = poll.furnitureLearning == (options.furnitureThreshold > 0)
            ? poll.prepared : Array(repeating: nil, count: articles.count)
        let now = StoredTime.seconds(time)
        var searchEntries: NewSearchEntries?
        let outcomes = try write { db in
            let recorder = ArticleRecorder(db: db, options: options, window: nearDuplicateWindow)
            searchEntries = recorder.searchEntries
            let furniture = options.furnitureThreshold > 0 ? LearnedFurniture(db: db, threshold: options.furnitureThreshold) : nil
            let sightings = zip(articles, poll.keys).map { article, key in
                ArticleRecorder.Seen(
                    feed: feed, itemKey: key.key, urlIdentifiesItem: key.urlIdentifiesItem,
                    url: article.url ?? "", guid: article.guid ?? "", firstSeen: now, lastSeen: now)
            }
            // Each new text is folded once (here, unless prepared), for both the furniture count and the recording.
            var texts = [FoldedText?](repeating: nil, count: articles.count)
            // And its furniture candidates taken once, for the count and the lookup.
            var candidates = [Set<String>?](repeating: nil, count: articles.count)
            var unknown = [Bool](repeating: false, count: articles.count)
            if let furniture {
                // Learn from this poll's new texts before hashing any of them (see LearnedFurniture).
                // Which are new is asked once for the poll: counting changes none of the answers.
                let known = try recorder.knownIDs(articles.map(\.id))
                for (index, (article, seen)) in zip(articles, sightings).enumerated() where !known.contains(article.id) {
                    unknown[index] = true
                    let source = article.source ?? feed
                    if let prepared = prepared[index] {
                        try furniture.count(prepared.candidates, source: source, item: prepared.item, at: now)
                        continue
                    }
                    let text = FoldedText(article)
                    let lines = LearnedFurniture.candidateLines(of: text)
                    texts[index] = text
                    candidates[index] = lines
                    try furniture.count(lines.map(LearnedFurniture.Candidate.init), source: source,
                                        item: LearnedFurniture.itemReference(feed: seen.feed, itemKey: seen.itemKey, id: article.id), at: now)
                }
            }
            // A poll with several new texts: which of their item keys and URLs were ever seen, read
            // once (most were not: a new article's item is new), instead of two lookups per article.
            let newItems = zip(sightings, unknown).filter(\.1).map(\.0)
            if newItems.count >= 4 {
                try recorder.pollItems.load(db, feed: feed, itemKeys: newItems.map(\.itemKey),
                                            urls: newItems.filter(\.urlIdentifiesItem).map(\.url))
            }
            var outcomes: [ArchiveOutcome] = []
            outcomes.reserveCapacity(articles.count)
            // The ids this poll has stored or received so far: a text found unknown above is still
            // unknown when it comes to be recorded unless one of them is its id (a repeat in the poll).
            var filed: Set<ContentHash> = []
            for (index, (article, seen)) in zip(articles, sightings).enumerated() {
                let knownToBeNew = unknown[index] && !filed.contains(article.id)
                let outcome = try recorder.record(article, seen: seen, furniture: furniture, source: article.source ?? feed,
                                                  text: texts[index], candidates: candidates[index], knownToBeNew: knownToBeNew,
                                                  prepared: prepared[index], guess: furnitureGuess)
                filed.insert(article.id)
                filed.insert(outcome.id)
                outcomes.append(outcome)
            }
            try FeedStateStore(db: db).countPoll(
                feed: feed, at: now, items: articles.count,
                newArticles: outcomes.filter(\.storedNewText).count)
            return outcomes
        }
        committed(searchEntries)
        return outcomes
    }
}
