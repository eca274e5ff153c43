/// One `fetch` call while it is in flight: the request, where it has got to through its redirects,
/// and the continuation that gets the result. Created by the caller's task, then owned by the
/// transfer loop's thread alone (hence the unchecked Sendable: it crosses once, through the inbox).
final class FetchJob: @unchecked Sendable {
    let id: UInt64
    let request: FetchRequest
    let originalURL: FeedURL
    private let continuation: CheckedContinuation<FetchResult, Never>
    var currentURL: FeedURL
    var redirects: [Redirect] = []
    /// When the first hop started: the total timeout covers all hops from here.
    var startedAt: ContinuousClock.Instant?
    private var finished = false

    init(id: UInt64, request: FetchRequest, url: FeedURL, continuation: CheckedContinuation<FetchResult, Never>) {
        self.id = id
        self.request = request
        self.originalURL = url
        self.currentURL = url
        self.continuation = continuation
    }

    /// The URL after a leading run of 301/308: the feed's new home. A temporary redirect before it
    /// means the configured URL is still the one to use.
    var permanentURL: String? {
        var moved: String?
        for redirect in redirects {
            guard redirect.isPermanent else { break }
            moved = redirect.to
        }
        return moved
    }

    func finish(_ result: FetchResult) {
        guard !finished else { return }
        finished = true
        continuation.resume(returning: result)
    }

    func fail(_ kind: FetchError.Kind, _ message: String, retryAfter: RetryAfter? = nil) {
        finish(.failure(FetchError(kind: kind, url: currentURL.text, message: message,
                                   retryAfter: retryAfter, permanentURL: permanentURL)))
    }
}
