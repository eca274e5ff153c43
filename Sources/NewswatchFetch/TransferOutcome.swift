import CCurl
import Foundation

/// What a finished hop means: a redirect to follow, or the fetch's result.
enum TransferOutcome {
    case redirect(status: Int, location: String)
    case finished(FetchResult)

    init(transfer: Transfer, code: CURLcode) {
        let job = transfer.job
        let url = transfer.url.text
        func failure(_ kind: FetchError.Kind, _ message: String, retryAfter: RetryAfter? = nil) -> TransferOutcome {
            .finished(.failure(FetchError(kind: kind, url: url, message: message,
                                          retryAfter: retryAfter, permanentURL: job.permanentURL)))
        }

        let status = transfer.long(CURLINFO_RESPONSE_CODE)
        // An error page or redirect body over the limit was cut off, but its status says all we need.
        let bodyTooLarge = transfer.exceededBodyLimit || code == CURLE_FILESIZE_EXCEEDED
        let statusSuffices = transfer.url.scheme != "file" && status >= 300 && status != 304
        guard code == CURLE_OK || (bodyTooLarge && statusSuffices) else {
            let (kind, message) = Self.classify(code, transfer: transfer)
            self = failure(kind, message)
            return
        }

        if transfer.url.scheme == "file" {
            self = .finished(.success(Self.response(transfer, status: status, content: .body(transfer.body))))
            return
        }
        let retryAfter = transfer.header("Retry-After").first.flatMap(RetryAfter.init(headerValue:))
        switch status {
        case 301, 302, 303, 307, 308:
            // libcurl resolves Location for us, except when the transfer was cut short before it
            // got that far (an oversized redirect body): then resolve it the same way.
            if let location = transfer.string(CURLINFO_REDIRECT_URL)
                ?? transfer.header("Location").first.flatMap(transfer.url.resolving) {
                self = .redirect(status: status, location: location)
            } else {
                self = failure(.httpStatus(status), "the server answered \(status) without a usable Location")
            }
        case 304:
            self = .finished(.success(Self.response(transfer, status: status, content: .notModified)))
        case 200..<300:
            if let problem = transfer.finishBody() {
                self = failure(.badContentEncoding, problem.message)
                return
            }
            self = .finished(.success(Self.response(transfer, status: status, content: .body(transfer.body))))
        case 410:
            self = failure(.gone, "the server answered 410 Gone: the feed was removed for good")
        default:
            var message = "the server answered \(status)"
            if let retryAfter {
                switch retryAfter {
                case .seconds(let seconds): message += ", retry after \(seconds) s"
                case .date(let date): message += ", retry after \(HTTPDate.format(date))"
                }
            }
            self = failure(.httpStatus(status), message, retryAfter: retryAfter)
        }
    }

    private static func response(_ transfer: Transfer, status: Int, content: FetchResponse.Content) -> FetchResponse {
        let job = transfer.job
        let (mediaType, charset) = ResponseHeaders.contentType(transfer.string(CURLINFO_CONTENT_TYPE))
        var validators = Validators(etag: transfer.header("ETag").last,
                                    lastModified: transfer.header("Last-Modified").last)
        if content == .notModified {
            // A 304 need not repeat the validators; the stored ones stay valid.
            validators.etag = validators.etag ?? job.request.validators.etag
            validators.lastModified = validators.lastModified ?? job.request.validators.lastModified
        }
        let freshness = Freshness(
            maxAge: ResponseHeaders.maxAge(transfer.header("Cache-Control")),
            expires: transfer.header("Expires").last.flatMap(HTTPDate.parse),
            serverDate: transfer.header("Date").last.flatMap(HTTPDate.parse)
        )
        let version: Int? = switch transfer.long(CURLINFO_HTTP_VERSION) {
        case CURL_HTTP_VERSION_1_0, CURL_HTTP_VERSION_1_1: 1
        case CURL_HTTP_VERSION_2_0: 2
        case CURL_HTTP_VERSION_3: 3
        default: nil
        }
        return FetchResponse(
            content: content,
            status: status,
            requestedURL: job.originalURL.text,
            finalURL: transfer.url.text,
            permanentURL: job.permanentURL,
            redirects: job.redirects,
            validators: validators,
            mediaType: mediaType,
            charset: charset,
            freshness: freshness,
            httpVersion: transfer.url.scheme == "file" ? nil : version,
            receivedAt: Date()
        )
    }

    private static func classify(_ code: CURLcode, transfer: Transfer) -> (FetchError.Kind, String) {
        let message = transfer.message(for: code)
        if let problem = transfer.contentDecodingProblem {
            return (.badContentEncoding, problem.message)
        }
        if transfer.exceededBodyLimit || code == CURLE_FILESIZE_EXCEEDED {
            return (.tooLarge, "the body is larger than the limit of \(transfer.job.request.limits.maxBodyBytes) bytes (after decompression)")
        }
        if let address = transfer.refusedAddress {
            if address.reach == .never {
                return (.refusedAddress, "refused to connect to \(address): a link-local, cloud-metadata, multicast or reserved address, which no feed may use")
            }
            return (.refusedAddress, "refused to connect to \(address): a loopback or private-network address (allow private networks for this feed to fetch it)")
        }
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return (.dns, message)
        case CURLE_COULDNT_CONNECT:
            return (.connect, message)
        case CURLE_OPERATION_TIMEDOUT:
            // libcurl reports both bounds with one code; its message says which one fired.
            return (message.hasPrefix("Operation too slow") ? .tooSlow : .timeout, message)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE,
             CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED:
            return (.tls, message)
        case CURLE_UNSUPPORTED_PROTOCOL:
            return (.forbiddenScheme(transfer.url.scheme), message)
        case CURLE_URL_MALFORMAT:
            return (.invalidURL, message)
        case CURLE_BAD_CONTENT_ENCODING:
            return (.badContentEncoding, message)
        case CURLE_FILE_COULDNT_READ_FILE, CURLE_READ_ERROR:
            return (.fileUnreadable, message)
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE,
             CURLE_WEIRD_SERVER_REPLY, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3:
            return (.transport, message)
        default:
            return (.other, message)
        }
    }
}
