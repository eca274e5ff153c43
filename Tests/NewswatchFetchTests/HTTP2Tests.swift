import Foundation
import Testing
import NewswatchFetch
import NewswatchTestSupport

/// Against Debian's nginx: HTTP/2 when the server offers it, its real validators, and many fetches
/// of one host multiplexed over one connection.
@Suite struct HTTP2Tests {
    let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>nginx feed</title></channel></rss>\n"

    func request(_ url: String) -> FetchRequest {
        var request = loopbackRequest(url)
        request.insecure = true
        return request
    }

    @Test func fetchesOverHTTP2WithNginxValidators() async throws {
        let nginx = try NginxTestServer(files: ["feed.xml": feed])
        defer { nginx.stop() }
        let result = await sharedFetcher.fetch(request(nginx.url("/feed.xml")))
        let first = try #require(result.response, "\(String(describing: result.error))")
        #expect(first.httpVersion == 2)
        #expect(first.bodyText == feed)
        #expect(first.mediaType == "application/rss+xml")
        #expect(first.charset == "utf-8")
        #expect(first.validators.etag != nil)
        #expect(first.validators.lastModified != nil)

        var again = request(nginx.url("/feed.xml"))
        again.validators = first.validators
        let second = try #require(await sharedFetcher.fetch(again).response)
        #expect(second.isNotModified)
        let log = nginx.log(waitingFor: 2)
        #expect(log.map(\.status) == [200, 304])
        #expect(log.allSatisfy { $0.proto == "HTTP/2.0" })
    }

    @Test func manyFetchesOfOneHostShareOneConnection() async throws {
        let nginx = try NginxTestServer(files: ["feed.xml": feed])
        defer { nginx.stop() }
        let fetcher = FeedFetcher(configuration: .init(perHostLimit: 2, globalLimit: 8, proxies: ProxySettings()))
        defer { fetcher.shutdown() }
        let results = await withTaskGroup(of: FetchResult.self) { group in
            for index in 0..<30 {
                group.addTask { await fetcher.fetch(self.request(nginx.url("/feed.xml?n=\(index)"))) }
            }
            var results: [FetchResult] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(results.allSatisfy { $0.bodyText == feed })
        let log = nginx.log(waitingFor: 30)
        #expect(log.count == 30)
        #expect(Set(log.map(\.connection)).count == 1, "connections used: \(Set(log.map(\.connection)))")
    }
}
