import Foundation
import Testing
import NewswatchFetch
import NewswatchTestSupport

@Suite struct ConcurrencyTests {
    @Test func twoHundredFeedsKeepThePerHostAndGlobalLimits() async throws {
        let everywhere = ConcurrencyGauge()
        let servers = try ["127.0.0.1", "127.0.0.2", "127.0.0.3"].map { try TestHTTPServer(host: $0, sharedGauge: everywhere) }
        for server in servers {
            server.route("/feed") { request in
                ScriptedResponse(headers: [("Content-Type", "text/plain")], body: Array(request.path.utf8), delay: .milliseconds(15))
            }
        }
        let fetcher = FeedFetcher(configuration: .init(perHostLimit: 2, globalLimit: 5, proxies: ProxySettings()))
        defer { fetcher.shutdown() }
        let urls = (0..<200).map { servers[$0 % 3].url("/feed") }
        let results = await withTaskGroup(of: FetchResult.self) { group in
            for url in urls { group.addTask { await fetcher.fetch(loopbackRequest(url, limits: testLimits(totalTimeout: .seconds(30)))) } }
            var results: [FetchResult] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(results.count == 200)
        #expect(results.allSatisfy { $0.bodyText == "/feed" })
        for server in servers {
            #expect(server.gauge.maximum == 2, "\(server.host) saw \(server.gauge.maximum) at once")
        }
        #expect(everywhere.maximum >= 3, "feeds on different hosts run at the same time")
        #expect(everywhere.maximum <= 5)
        #expect(servers.map(\.requests.count).reduce(0, +) == 200)
    }
}
