import Foundation
import Testing
@testable import NewswatchFetch

@Suite struct HeaderValueTests {
    @Test func retryAfterReadsSecondsAndAllThreeDateForms() {
        #expect(RetryAfter(headerValue: "120") == .seconds(120))
        #expect(RetryAfter(headerValue: " 0 ") == .seconds(0))
        let expected = Date(timeIntervalSince1970: 784_111_777)
        #expect(RetryAfter(headerValue: "Sun, 06 Nov 1994 08:49:37 GMT") == .date(expected))
        #expect(RetryAfter(headerValue: "Sunday, 06-Nov-94 08:49:37 GMT") == .date(expected))
        #expect(RetryAfter(headerValue: "Sun Nov  6 08:49:37 1994") == .date(expected))
        #expect(RetryAfter(headerValue: "-5") == nil)
        #expect(RetryAfter(headerValue: "soon") == nil)
        #expect(RetryAfter(headerValue: "") == nil)
    }

    @Test func retryAfterGivesAMomentNeverInThePast() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(RetryAfter.seconds(60).date(after: now) == now.addingTimeInterval(60))
        #expect(RetryAfter.date(Date(timeIntervalSince1970: 5)).date(after: now) == now)
    }

    @Test func contentTypeSplitsMediaTypeAndCharset() {
        #expect(ResponseHeaders.contentType("application/rss+xml; charset=\"ISO-8859-1\"") == ("application/rss+xml", "iso-8859-1"))
        #expect(ResponseHeaders.contentType("Text/XML;Charset=UTF-8") == ("text/xml", "utf-8"))
        #expect(ResponseHeaders.contentType("text/html; q=1") == ("text/html", nil))
        #expect(ResponseHeaders.contentType(nil) == (nil, nil))
    }

    @Test func maxAgeFromCacheControl() {
        #expect(ResponseHeaders.maxAge(["public, max-age=300"]) == 300)
        #expect(ResponseHeaders.maxAge(["private", "max-age=\"60\""]) == 60)
        #expect(ResponseHeaders.maxAge(["no-cache, max-age=300"]) == 0)
        #expect(ResponseHeaders.maxAge(["max-age=-1"]) == nil)
        #expect(ResponseHeaders.maxAge([]) == nil)
    }

    @Test func freshnessPrefersMaxAgeAndReadsExpiresOnTheServersClock() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let server = Date(timeIntervalSince1970: 5_000)
        #expect(Freshness(maxAge: 60, expires: server.addingTimeInterval(9999)).freshUntil(receivedAt: now) == now.addingTimeInterval(60))
        #expect(Freshness(expires: server.addingTimeInterval(600), serverDate: server).freshUntil(receivedAt: now) == now.addingTimeInterval(600))
        #expect(Freshness(expires: server, serverDate: server.addingTimeInterval(60)).freshUntil(receivedAt: now) == now)
        #expect(Freshness().freshUntil(receivedAt: now) == nil)
    }

    @Test func feedURLPartsComeFromCurlsParser() throws {
        let url = try #require(FeedURL("HTTPS://Example.COM/feed?x=1"))
        #expect(url.scheme == "https")
        #expect(url.host == "example.com")
        #expect(url.origin == "https://example.com:443")
        #expect(FeedURL("http://example.com:80/")?.origin == FeedURL("http://example.com/")?.origin)
        #expect(FeedURL("file:///etc/passwd")?.host == "")
        #expect(FeedURL("no scheme here") == nil)
    }
}

@Suite struct ConditionalRefreshTests {
    @Test func validatorsAreDroppedOnceADay() {
        let refresh = ConditionalRefresh()
        let stored = Validators(etag: "\"x\"", lastModified: "Wed, 21 Oct 2015 07:28:00 GMT")
        let last = Date(timeIntervalSince1970: 1_000_000)
        #expect(refresh.validators(stored: stored, lastUnconditionalFetch: last, now: last.addingTimeInterval(3600)) == stored)
        #expect(refresh.validators(stored: stored, lastUnconditionalFetch: last, now: last.addingTimeInterval(86_400)).isEmpty)
        #expect(refresh.validators(stored: stored, lastUnconditionalFetch: nil, now: last).isEmpty)
    }

    @Test func localFileRequestIsAFileURL() {
        let request = FetchRequest.localFile(path: "/srv/feeds/my feed.xml")
        #expect(request.url == "file:///srv/feeds/my%20feed.xml")
        #expect(request.isLocalFile)
    }
}

@Suite struct FetchErrorKindTests {
    @Test func codesRoundTrip() {
        let kinds: [FetchError.Kind] = [.invalidURL, .invalidHeader, .forbiddenScheme("file"), .dns, .connect, .refusedAddress, .tls, .timeout,
                                        .tooSlow, .tooLarge, .tooManyRedirects, .httpStatus(429), .gone, .badContentEncoding,
                                        .transport, .fileUnreadable, .cancelled, .other]
        for kind in kinds { #expect(FetchError.Kind(code: kind.code) == kind, "\(kind.code)") }
        #expect(Set(kinds.map(\.code)).count == kinds.count)
        #expect(FetchError.Kind.httpStatus(503).code == "http_503")
        #expect(FetchError.Kind(code: "nonsense") == nil)
    }
}

@Suite struct FeedURLResolvingTests {
    @Test func locationIsResolvedLikeABrowserWould() throws {
        let base = try #require(FeedURL("http://example.com/a/b/feed.xml?x=1"))
        #expect(base.resolving("other.xml") == "http://example.com/a/b/other.xml")
        #expect(base.resolving("/root.xml") == "http://example.com/root.xml")
        #expect(base.resolving("//cdn.example.net/f") == "http://cdn.example.net/f")
        #expect(base.resolving("https://elsewhere.org/x") == "https://elsewhere.org/x")
    }
}
