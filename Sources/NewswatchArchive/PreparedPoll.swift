import NewswatchNormalize

/// One poll's articles of a feed with what recording derives from them without the database, worked
/// out by `Archive.prepare(feed:articles:)` on the caller's thread. The daemon prepares a batch on
/// the thread that parsed it, so its archive writer, the one thread every batch passes through, spends
/// its time on SQLite and the decisions only (folding, shingles, SimHash, MinHash band keys and the
/// stored JSON were over a third of that thread's time in a first poll: bench/README.md, "Archive
/// speed work, session 7").
///
/// Preparation never decides anything: `record` asks the archive exactly what it asked before and
/// uses a prepared value only where it is what it would have computed itself (see `PreparedArticle`).
public struct PreparedPoll: Sendable {
    public let feed: String
    public let articles: [Article]
    let keys: [ItemKey]
    /// Per article, in order: its preparation, or nil where the recording works it out itself.
    let prepared: [PreparedArticle?]
    /// Whether the preparation looked for furniture candidates: an archive that learns furniture
    /// ignores a preparation made without (an archive opened with other options prepared it).
    let furnitureLearning: Bool

    /// `articles` with nothing worked out: `record` does it all, for the articles that are new only.
    init(unprepared articles: [Article], feed: String) {
        self.feed = feed
        self.articles = articles
        keys = ItemKey.keys(for: articles)
        prepared = Array(repeating: nil, count: articles.count)
        furnitureLearning = false
    }

    init(articles: [Article], feed: String, furnitureLearning: Bool, assumedFurniture: (_ source: String, _ candidates: Set<String>) -> Set<String>) {
        self.feed = feed
        self.articles = articles
        self.furnitureLearning = furnitureLearning
        keys = ItemKey.keys(for: articles)
        prepared = zip(articles, keys).map { article, key in
            PreparedArticle(article, item: LearnedFurniture.itemReference(feed: feed, itemKey: key.key, id: article.id),
                            furnitureLearning: furnitureLearning, assumedFurniture: { assumedFurniture(article.source ?? feed, $0) })
        }
    }
}

/// What recording derives from one received article without the database: its furniture candidates
/// (to count and to look up), and the stored text's fingerprints and JSON for the furniture the
/// archive was last seen to have learned among those candidates (`assumedFurniture`). Learned
/// furniture is the one thing in the stored text that depends on the archive, and it can change
/// between preparation and recording (this very poll may teach a line); so the recording looks the
/// candidates up as it always did, and uses `stored` only when the lines it finds learned are exactly
/// `assumedFurniture`, else it works the stored text out again. The result is the same bytes either way.
struct PreparedArticle: Sendable {
    /// `LearnedFurniture.candidateLines`, with the stable hash each is counted under, in one order.
    let candidates: [LearnedFurniture.Candidate]
    let candidateSet: Set<String>
    /// The stable hash of the item the lines are counted for (`LearnedFurniture.count`).
    let item: Int64
    let assumedFurniture: Set<String>
    let stored: StoredText

    init(_ article: Article, item: Int64, furnitureLearning: Bool, assumedFurniture: (Set<String>) -> Set<String>) {
        let text = FoldedText(article)
        candidateSet = furnitureLearning ? LearnedFurniture.candidateLines(of: text) : []
        candidates = candidateSet.map(LearnedFurniture.Candidate.init)
        self.item = item
        let assumed = candidateSet.isEmpty ? [] : assumedFurniture(candidateSet)
        self.assumedFurniture = assumed
        stored = StoredText(LearnedFurniture.cleaned(article, text: text, dropping: assumed), text: text, dropped: assumed)
    }
}

/// The article as it is stored (without the lines taken out as furniture), with everything derived
/// from its text: fingerprints (SimHash, MinHash band keys and their tokens) and the stored JSON.
struct StoredText: Sendable {
    let article: Article
    let simhash: SimHash
    let bands: [Int64]
    /// The band keys as `story_keys.keys` holds them.
    let keyTokens: String
    /// The stored JSON, UTF-8.
    let json: [UInt8]

    /// `article` is the received one cleaned of `dropped`; `text` the received one folded.
    init(_ article: Article, text: FoldedText, dropped: Set<String>) {
        self.article = article
        let shingles = Shingles(canonicalText: text.canonicalText(droppedParagraphs: dropped))
        simhash = SimHash(shingles: shingles)
        bands = StoryBands.keys(of: shingles)
        keyTokens = bands.map(StoryBands.token).joined(separator: " ")
        json = ArticleJSONWriter.compactUTF8(article)
    }
}

extension Archive {
    /// Works out, on the calling thread, what recording `articles` derives from them without the
    /// database (see `PreparedPoll`); `record(_:at:)` files them. Costs the same as the recording of new
    /// articles would, so it pays where most of the articles are new (a feed's first poll); for a poll
    /// whose articles are mostly known, `record(feed:articles:at:)` works out only the new ones.
    public func prepare(feed: String, articles: [Article]) -> PreparedPoll {
        PreparedPoll(articles: articles, feed: feed, furnitureLearning: options.furnitureThreshold > 0) { source, candidates in
            furnitureGuess.learned(source: source, among: candidates)
        }
    }
}
