import Foundation
import NewswatchFetch
import NewswatchTestSupport

/// Short bounds so a test that waits for a bound waits a second, not a minute.
func testLimits(
    totalTimeout: Duration = .seconds(5),
    lowSpeedBytesPerSecond: Int = 1,
    lowSpeedWindowSeconds: Int = 5,
    maxBodyBytes: Int = 10 * 1024 * 1024
) -> FetchLimits {
    FetchLimits(connectTimeout: .seconds(2), totalTimeout: totalTimeout,
                lowSpeedBytesPerSecond: lowSpeedBytesPerSecond, lowSpeedWindowSeconds: lowSpeedWindowSeconds,
                maxBodyBytes: maxBodyBytes)
}

/// The test servers live on loopback, so test requests allow private networks unless a test is
/// about refusing them.
func loopbackRequest(_ url: String, limits: FetchLimits = testLimits()) -> FetchRequest {
    FetchRequest(url: url, allowsPrivateNetworks: true, limits: limits)
}

extension FetchResult {
    var response: FetchResponse? { try? get() }

    var error: FetchError? {
        if case .failure(let error) = self { return error }
        return nil
    }

    var bodyText: String? { response?.body.map { String(decoding: $0, as: UTF8.self) } }
}

let sharedFetcher: FeedFetcher = {
    CurlLibrary.initialize()
    return FeedFetcher(configuration: .init(proxies: ProxySettings()))
}()
