import NewswatchNormalize

/// Identifies a story: the revisions and near-duplicate copies of one piece of news.
public typealias StoryID = Int64

/// What archiving one item of a polled feed did. Rules use it to tell new stories from updates:
/// `isNewStory` is true only for text never seen before that matches no known story.
public struct ArchiveOutcome: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// New text that opened a new story.
        case new
        /// New text of an item whose guid or URL was known: a new version, linked to the previous one.
        case revision(of: ContentHash)
        /// New text within a small SimHash distance of an archived article (another outlet's copy of
        /// the same wire text): stored, and joined to that article's story.
        case nearDuplicate(of: ContentHash)
        /// Text already archived; the sighting (feed, URL, guid, time) was added or refreshed.
        case seenBefore
        /// Deleted or pruned before: not added again.
        case tombstoned
    }

    /// The content hash of the item as given.
    public let id: ContentHash
    /// The story the article belongs to; nil when tombstoned.
    public let story: StoryID?
    public let kind: Kind

    public init(id: ContentHash, story: StoryID?, kind: Kind) {
        self.id = id
        self.story = story
        self.kind = kind
    }

    /// The first article of a story nobody has seen: what "alert on new stories" wants.
    public var isNewStory: Bool { kind == .new }
    /// A new version of an already archived article (same guid or URL, changed text).
    public var isUpdate: Bool {
        if case .revision = kind { return true }
        return false
    }
    /// Text stored by this call (new, revision or near-duplicate).
    public var storedNewText: Bool {
        switch kind {
        case .new, .revision, .nearDuplicate: return true
        case .seenBefore, .tombstoned: return false
        }
    }

    public var description: String {
        let prefix = String(id.hex.prefix(12))
        switch kind {
        case .new: return "\(prefix) new story \(story.map(String.init) ?? "-")"
        case .revision(let previous): return "\(prefix) revision of \(previous.hex.prefix(12))"
        case .nearDuplicate(let other): return "\(prefix) near-duplicate of \(other.hex.prefix(12))"
        case .seenBefore: return "\(prefix) seen before"
        case .tombstoned: return "\(prefix) tombstoned"
        }
    }
}
