import Foundation
import NewswatchConfig
import NewswatchFetch

/// How a configured feed is fetched: its settings over the daemon's defaults.
struct FeedRequests: Sendable {
    let daemon: DaemonSettings

    func limits() -> FetchLimits {
        FetchLimits(
            connectTimeout: .milliseconds(Int64(daemon.connectTimeout.seconds * 1000)),
            totalTimeout: .milliseconds(Int64(daemon.timeout.seconds * 1000)),
            maxBodyBytes: Int(daemon.maxSize.bytes))
    }

    /// The request for `feed`, sent to `url` (its effective URL after a 301, or its configured one).
    func request(for feed: FeedSettings, url: String?, validators: Validators) -> FetchRequest {
        switch feed.location {
        case .path(let path):
            var request = FetchRequest.localFile(path: path, limits: limits())
            request.validators = validators
            return request
        case .url(let configured):
            return FetchRequest(
                url: url ?? configured,
                validators: validators,
                userAgent: feed.userAgent ?? daemon.userAgent,
                headers: feed.headers.sorted { $0.key < $1.key }.map { HTTPHeader($0.key, $0.value) },
                credentials: feed.username.map { BasicCredentials(user: $0, password: feed.password ?? "") },
                allowsPrivateNetworks: feed.allowPrivateNetworks ?? daemon.allowPrivateNetworks,
                insecure: feed.insecure,
                limits: limits())
        }
    }
}

extension FeedSettings {
    /// The configured address, for logs and status.
    var address: String {
        switch location {
        case .url(let url): return url
        case .path(let path): return path
        }
    }
}
