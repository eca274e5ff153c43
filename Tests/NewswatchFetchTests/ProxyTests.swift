import Foundation
import Testing
@testable import NewswatchFetch
import NewswatchTestSupport

@Suite struct ProxyTests {
    @Test func environmentIsReadAsCurlReadsIt() {
        let settings = ProxySettings.fromEnvironment([
            "http_proxy": "http://proxy:3128", "HTTP_PROXY": "http://ignored:1", "HTTPS_PROXY": "http://secure:3128",
            "no_proxy": "internal.example, .corp.test,localhost",
        ])
        #expect(settings.http == "http://proxy:3128")
        #expect(settings.https == "http://secure:3128")
        #expect(settings.proxy(for: FeedURL("http://news.example.org/rss")!) == "http://proxy:3128")
        #expect(settings.proxy(for: FeedURL("https://news.example.org/rss")!) == "http://secure:3128")
        #expect(settings.proxy(for: FeedURL("http://internal.example/rss")!) == nil)
        #expect(settings.proxy(for: FeedURL("http://feeds.internal.example/rss")!) == nil)
        #expect(settings.proxy(for: FeedURL("http://a.corp.test/rss")!) == nil)
        #expect(settings.proxy(for: FeedURL("http://notinternal.example/rss")!) == "http://proxy:3128")

        let onlyUpper = ProxySettings.fromEnvironment(["HTTP_PROXY": "http://ignored:1", "ALL_PROXY": "socks5h://all:1080"])
        #expect(onlyUpper.http == "socks5h://all:1080")
        #expect(ProxySettings.fromEnvironment(["https_proxy": "http://p:1", "no_proxy": "*"]).proxy(for: FeedURL("https://x.org/")!) == nil)
        #expect(ProxySettings.fromEnvironment([:]) == ProxySettings())
    }

    @Test func feedsGoThroughTheConfiguredProxyEvenOnLoopback() async throws {
        // The test server plays the proxy: it gets the absolute URL in the request line.
        let proxy = try TestHTTPServer()
        defer { proxy.stop() }
        proxy.route("http://feed.newswatch.invalid/rss", .text("via proxy"))
        let fetcher = FeedFetcher(configuration: .init(proxies: ProxySettings(http: proxy.baseURL, noProxy: ["direct.invalid"])))
        defer { fetcher.shutdown() }

        let request = FetchRequest(url: "http://feed.newswatch.invalid/rss", limits: testLimits())
        let result = await fetcher.fetch(request)
        #expect(result.bodyText == "via proxy", "\(String(describing: result.error))")
        #expect(proxy.requests.first?.header("Host") == "feed.newswatch.invalid")

        let direct = await fetcher.fetch(FetchRequest(url: "http://feed.direct.invalid/rss", limits: testLimits()))
        #expect(direct.error?.kind == .dns)
        #expect(proxy.requests.count == 1)
    }
}
