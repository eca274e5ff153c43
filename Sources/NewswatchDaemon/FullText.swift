import Foundation
import NewswatchConfig
import NewswatchFetch
import NewswatchNormalize
import NewswatchParse

extension Daemon {
    /// For a `fulltext = true` feed: each item not yet archived gets its page fetched (through the same
    /// fetcher, limits and politeness) and the article read out of it. A page that fails, or gives less
    /// text than the feed item, leaves the feed's version, and the log says why.
    func withFullText(_ articles: [Article], feed: FeedSettings) async -> [Article] {
        let urls = articles.compactMap(\.url)
        let known = (try? await writer.perform(.bookkeeping) { [archive] in try archive.knownURLs(urls) }) ?? []
        let requests = FeedRequests(daemon: configuration.daemon)
        return await withTaskGroup(of: (Int, Article?).self) { group in
            for (index, article) in articles.enumerated() {
                guard let url = article.url, !known.contains(url) else { continue }
                // The feed's credentials and headers are for the feed; article pages may live elsewhere.
                let request = FetchRequest(
                    url: url, userAgent: feed.userAgent ?? configuration.daemon.userAgent,
                    allowsPrivateNetworks: feed.allowPrivateNetworks ?? configuration.daemon.allowPrivateNetworks,
                    insecure: feed.insecure, limits: requests.limits())
                group.addTask { [fetcher, logger] in
                    let result = await fetcher.fetch(request)
                    guard case .success(let response) = result, let bytes = response.body else {
                        logger.info("full text: page not fetched, keeping the feed's text",
                                    metadata: ["feed": "\(feed.name)", "url": "\(url)", "reason": "\(result)"])
                        return (index, nil)
                    }
                    do {
                        let page = try ArticlePageExtractor().extract(
                            bytes: bytes, charset: response.charset, baseURL: response.finalURL, fetched: article.fetched)
                        return (index, page)
                    } catch {
                        logger.info("full text: no article on the page, keeping the feed's text",
                                    metadata: ["feed": "\(feed.name)", "url": "\(url)", "reason": "\(error)"])
                        return (index, nil)
                    }
                }
            }
            var merged = articles
            for await (index, page) in group {
                guard let page else { continue }
                merged[index] = Self.merge(feedItem: articles[index], page: page, logger: logger, feed: feed.name)
            }
            return merged
        }
    }

    /// The page's article with the feed's identity: its guid, link, dates and topics where the page
    /// has none. The page wins only when it has more text than the feed item.
    static func merge(feedItem: Article, page: Article, logger: Logger, feed: String) -> Article {
        let feedText = feedItem.body.flatMap(\.lines).joined().count + (feedItem.teaser?.count ?? 0)
        let pageText = page.body.flatMap(\.lines).joined().count + (page.teaser?.count ?? 0)
        guard pageText > feedText else {
            logger.info("full text: the page has less text than the feed item, keeping the feed's",
                        metadata: ["feed": "\(feed)", "url": "\(feedItem.url ?? "")"])
            return feedItem
        }
        var article = page
        article.guid = feedItem.guid
        article.url = feedItem.url ?? page.url
        article.source = feedItem.source ?? page.source
        article.published = page.published ?? feedItem.published
        article.updated = page.updated ?? feedItem.updated
        article.language = page.language ?? feedItem.language
        for topic in feedItem.topics where !article.topics.contains(topic) { article.topics.append(topic) }
        if article.enclosures.isEmpty { article.enclosures = feedItem.enclosures }
        article.fetched = feedItem.fetched
        return article
    }
}

import Logging
