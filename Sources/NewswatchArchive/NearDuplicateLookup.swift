import Foundation
import NewswatchNormalize

extension Archive {
    /// The archived article that `article`, seen at `time`, would be filed as a near-duplicate of,
    /// or nil: the lookup `record` makes (MinHash band keys, then the SimHash distance, within the
    /// near-duplicate window), read-only. The benchmark times it apart from a whole `record`.
    public func nearDuplicate(of article: Article, at time: Date = Date()) throws -> ContentHash? {
        let shingles = Shingles(article: article)
        let simhash = SimHash(shingles: shingles)
        let bands = StoryBands.keys(of: shingles)
        let since = StoredTime.seconds(time) - Int64(options.nearDuplicateWindow)
        return try read { db in
            try ArticleRecorder(db: db, options: options, window: nearDuplicateWindow).nearDuplicate(of: simhash, bands: bands, since: since)?.id
        }
    }
}
