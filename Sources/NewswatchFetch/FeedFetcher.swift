import Foundation
import Synchronization

/// Fetches feeds over HTTP(S) — conditionally, within bounds, politely and many at once. All
/// libcurl work happens on one thread the fetcher owns; `fetch` only suspends the calling task.
///
/// Creating one sets libcurl up (`CurlLibrary.initialize()`) if nothing did before.
public final class FeedFetcher: Sendable {
    public struct Configuration: Sendable, Equatable {
        /// Concurrent transfers to one host (politeness).
        public var perHostLimit: Int
        /// Concurrent transfers in all.
        public var globalLimit: Int
        public var proxies: ProxySettings

        public init(perHostLimit: Int = 2, globalLimit: Int = 64, proxies: ProxySettings = .fromEnvironment()) {
            self.perHostLimit = max(1, perHostLimit)
            self.globalLimit = max(1, globalLimit)
            self.proxies = proxies
        }
    }

    public let configuration: Configuration
    private let loop: TransferLoop
    private let nextID = Atomic<UInt64>(1)

    public init(configuration: Configuration = Configuration()) {
        // A failure (out of memory) shows as each transfer's error: libcurl cannot make a handle.
        CurlLibrary.initialize()
        self.configuration = configuration
        let loop = TransferLoop(perHostLimit: configuration.perHostLimit, globalLimit: configuration.globalLimit,
                                proxies: configuration.proxies)
        self.loop = loop
        let thread = Thread { loop.run() }
        thread.name = "newswatch-fetch"
        thread.start()
    }

    deinit {
        loop.stop()
    }

    /// Fetches one feed. Never throws: every failure is a `FetchError` with its kind. Cancelling the
    /// calling task aborts the transfer and returns `.cancelled`.
    public func fetch(_ request: FetchRequest) async -> FetchResult {
        guard let url = FeedURL(request.url) else {
            return .failure(FetchError(kind: .invalidURL, url: request.url, message: "is not a valid URL"))
        }
        let allowed = request.isLocalFile ? ["http", "https", "file"] : ["http", "https"]
        guard allowed.contains(url.scheme) else {
            return .failure(FetchError(kind: .forbiddenScheme(url.scheme), url: request.url,
                                       message: "uses \(url.scheme):, and feeds are fetched only over \(allowed.joined(separator: " or "))"))
        }
        let validatorHeaders = [request.validators.etag.map { HTTPHeader("If-None-Match", $0) },
                                request.validators.lastModified.map { HTTPHeader("If-Modified-Since", $0) }]
        if let bad = (request.headers + validatorHeaders.compactMap { $0 }).first(where: { !$0.isWellFormed }) {
            return .failure(FetchError(kind: .invalidHeader, url: request.url,
                                       message: "the request header \"\(bad.name)\" is not a valid HTTP header (a name is a token, a value has no line breaks)"))
        }
        if let payload = request.payload,
           !HTTPHeader(payload.method, "").isWellFormed || !HTTPHeader("Content-Type", payload.contentType).isWellFormed {
            return .failure(FetchError(kind: .invalidHeader, url: request.url,
                                       message: "the request method \"\(payload.method)\" or content type \"\(payload.contentType)\" is not valid HTTP"))
        }
        let id = nextID.add(1, ordering: .relaxed).oldValue
        let loop = self.loop
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let job = FetchJob(id: id, request: request, url: url, continuation: continuation)
                if !loop.submit(job) {
                    job.fail(.cancelled, "the fetcher was shut down")
                }
            }
        } onCancel: {
            loop.cancel(id)
        }
    }

    /// Aborts every transfer (their fetches return `.cancelled`) and stops the thread. Later fetches
    /// return `.cancelled` at once.
    public func shutdown() {
        loop.stop()
    }
}
