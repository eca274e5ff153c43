import NewswatchNormalize
import Synchronization

/// The search entries of articles this process archived and has not yet written to the full-text
/// index (`article_search`), keyed by `seq`, so the indexer does not decode their stored JSON again.
///
/// It is only a cache: what is still to be indexed is decided by the file (`SearchIndexer`: every
/// article above the index's highest rowid), so an entry lost with the process, or one of another
/// process's articles, costs a JSON decode, nothing else. An entry is used only for the same content
/// hash (a deleted article's `seq` can be given again) and an unpruned row.
final class SearchBacklog: Sendable {
    struct Entry: Sendable {
        var id: String
        var title: String
        var teaser: String
        var body: String

        init(id: String, title: String, teaser: String, body: String) {
            self.id = id
            self.title = title
            self.teaser = teaser
            self.body = body
        }

        /// What the index holds of an article: title, teaser, and highlights and body lines.
        init(id: String, article: Article) {
            self.init(id: id, title: article.title, teaser: article.teaser ?? "",
                      body: (article.highlights + article.body.flatMap(\.lines)).joined(separator: "\n"))
        }
    }

    private let entries = Mutex<[Int64: Entry]>([:])

    /// How many entries wait.
    var count: Int { entries.withLock { $0.count } }

    /// Adds the entries of a committed transaction.
    func add(_ new: [(seq: Int64, entry: Entry)]) {
        guard !new.isEmpty else { return }
        entries.withLock { entries in
            for (seq, entry) in new { entries[seq] = entry }
        }
    }

    func entry(seq: Int64, id: String) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[seq], entry.id == id else { return nil }
            return entry
        }
    }

    /// Forgets every entry up to `seq` (they are indexed, or their articles are gone).
    func drop(through seq: Int64) {
        entries.withLock { entries in
            guard entries.keys.contains(where: { $0 <= seq }) else { return }
            entries = entries.filter { $0.key > seq }
        }
    }
}

/// The search entries a recording transaction produced, handed to the `SearchBacklog` once it committed
/// (a rolled-back transaction's `seq`s are given to other articles).
final class NewSearchEntries {
    private(set) var entries: [(seq: Int64, entry: SearchBacklog.Entry)] = []

    func add(seq: Int64, entry: SearchBacklog.Entry) {
        entries.append((seq, entry))
    }
}
