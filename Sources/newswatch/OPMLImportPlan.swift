import Foundation
import NewswatchConfig
import NewswatchParse

/// Which feeds of an OPML list become new `[[feed]]` tables, and why the others do not: a feed whose
/// url or name the config already has is skipped (the config wins), a url that is not http(s) is
/// skipped, and two new feeds with the same title get `Title (2)`, `Title (3)` … so names stay unique.
struct OPMLImportPlan {
    struct Skipped {
        var feed: OPMLFeed
        var reason: String
    }

    var added: [FeedSettings] = []
    var skipped: [Skipped] = []
    /// The OPML `htmlUrl` of each added feed, by name: the config has no key for it, so it is kept as
    /// a comment.
    var siteURLs: [String: String] = [:]

    init(_ feeds: [OPMLFeed], existing: [FeedSettings], origin: String) {
        var urls: [String: String] = [:]
        for feed in existing {
            if case .url(let url) = feed.location { urls[Self.key(url)] = feed.name }
        }
        let existingNames = Set(existing.map(\.name))
        var names = existingNames
        for feed in feeds {
            let url = feed.feedURL
            guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
                  scheme == "http" || scheme == "https", components.host?.isEmpty == false else {
                skipped.append(Skipped(feed: feed, reason: "not an http or https URL"))
                continue
            }
            if let owner = urls[Self.key(url)] {
                skipped.append(Skipped(feed: feed, reason: "already in the config as \"\(owner)\""))
                continue
            }
            let wanted = feed.title ?? components.host ?? url
            if existingNames.contains(wanted) {
                skipped.append(Skipped(feed: feed, reason: "a feed named \"\(wanted)\" is already in the config"))
                continue
            }
            var name = wanted
            var number = 2
            while names.contains(name) {
                name = "\(wanted) (\(number))"
                number += 1
            }
            names.insert(name)
            urls[Self.key(url)] = name
            added.append(FeedSettings(name: name, location: .url(url), tags: feed.tags, origin: origin))
            if let site = feed.siteURL { siteURLs[name] = site }
        }
    }

    /// The same feed written two ways (`HTTP://Example.org/feed/` and `http://example.org/feed`) is one.
    static func key(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.scheme = components.scheme?.lowercased()
        components.host = components.host?.lowercased()
        if components.path.hasSuffix("/") { components.path.removeLast() }
        return components.string ?? url
    }
}
