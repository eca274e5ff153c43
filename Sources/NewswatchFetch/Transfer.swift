import CCurl
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One HTTP exchange (one hop of a fetch) on its own easy handle. Lives on the transfer loop's
/// thread only; libcurl calls back into it from `curl_multi_perform` on that thread.
final class Transfer {
    let easy: UnsafeMutableRawPointer
    let job: FetchJob
    let url: FeedURL
    let politenessHost: String
    private(set) var body: [UInt8] = []
    /// Decoded body bytes received, kept or not.
    private var bodyBytes = 0
    private let maxBodyBytes: Int
    private let allowsPrivateNetworks: Bool
    /// Connections go to this administrator-chosen proxy, whatever its address.
    private let proxy: String?
    /// Set by the write callback when the decoded body passed the limit.
    private(set) var exceededBodyLimit = false
    /// Undoes the kept body's content codings; made when its first bytes arrive.
    private var decoder: ContentDecoder?
    private var decoderChosen = false
    /// Set when the kept body's content coding is unknown or its stream damaged or cut short.
    private(set) var contentDecodingProblem: ContentDecodingError?
    /// Set by the open-socket callback when it refused the address.
    private(set) var refusedAddress: NetworkAddress?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var requestHeaders: UnsafeMutablePointer<curl_slist>?

    /// Throws when libcurl could not make a handle or refused an option (the message says which).
    init(job: FetchJob, url: FeedURL, politenessHost: String, timeout: Duration, proxy: String?) throws(FetchError) {
        guard let easy = curl_easy_init() else {
            throw FetchError(kind: .other, url: url.text, message: "libcurl could not create a transfer")
        }
        self.easy = easy
        self.job = job
        self.url = url
        self.politenessHost = politenessHost
        self.maxBodyBytes = job.request.limits.maxBodyBytes
        self.allowsPrivateNetworks = job.request.allowsPrivateNetworks
        self.proxy = proxy
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try configure(timeout: timeout)
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(requestHeaders)
        errorBuffer.deallocate()
    }

    private func configure(timeout: Duration) throws(FetchError) {
        let request = job.request
        let limits = request.limits
        let sameOrigin = url.origin == job.originalURL.origin
        let userdata = Unmanaged.passUnretained(self).toOpaque()

        try set(CURLOPT_URL, url.text)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_ERRORBUFFER, pointer: errorBuffer)
        // Redirects are followed by the loop, one hop at a time, so every hop is checked (scheme,
        // politeness slot, address) and 301/308 can be told from 302/307.
        try set(CURLOPT_FOLLOWLOCATION, 0)
        try set(CURLOPT_PROTOCOLS_STR, request.isLocalFile && job.redirects.isEmpty ? "http,https,file" : "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        // libcurl offers the codings but passes the bytes on undecoded: ContentDecoder undoes them
        // in the write callback (where the size limit is counted on the decoded bytes), and notices a
        // stream that stops before its end, which libcurl 7.88 does not.
        try set(CURLOPT_ACCEPT_ENCODING, ContentDecoder.acceptEncoding)
        try set(CURLOPT_HTTP_CONTENT_DECODING, 0)
        try set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
        // Waiting for a connection that may multiplex only pays where HTTP/2 can be agreed (TLS ALPN).
        // Over plain http it never can, and the wait is unbounded by anything but the total timeout:
        // behind a server whose first connections hang, every other feed of that host sat in libcurl
        // until its time was used up and failed "with timeout after 0 ms" without a byte sent.
        try set(CURLOPT_PIPEWAIT, url.scheme == "https" ? 1 : 0)
        try set(CURLOPT_USERAGENT, request.userAgent ?? FetchIdentity.defaultUserAgent)
        // Empty disables libcurl's own reading of the environment: the proxy was decided already.
        try set(CURLOPT_PROXY, proxy ?? "")

        try set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(min(limits.connectTimeout, timeout)))
        try set(CURLOPT_TIMEOUT_MS, Self.milliseconds(timeout))
        try set(CURLOPT_LOW_SPEED_LIMIT, limits.lowSpeedBytesPerSecond)
        try set(CURLOPT_LOW_SPEED_TIME, max(1, limits.lowSpeedWindowSeconds))
        // A declared length over the limit is refused before the body; the write callback catches
        // the rest (no length, or a compressed body that grows).
        _ = nw_easy_setopt_off_t(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(limits.maxBodyBytes))

        if request.insecure {
            try set(CURLOPT_SSL_VERIFYPEER, 0)
            try set(CURLOPT_SSL_VERIFYHOST, 0)
        }

        var headers: [String] = []
        if let payload = request.payload {
            try set(CURLOPT_POST, 1)
            // The size first: COPYPOSTFIELDS copies that many bytes, so a body may hold NULs.
            try check(nw_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(payload.body.count)), CURLOPT_POSTFIELDSIZE_LARGE)
            // libcurl copies the bytes at once, so the array need not outlive this call.
            let code = payload.body.isEmpty
                ? nw_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, "")
                : payload.body.withUnsafeBytes { nw_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress!)) }
            try check(code, CURLOPT_COPYPOSTFIELDS)
            if payload.method != "POST" { try set(CURLOPT_CUSTOMREQUEST, payload.method) }
            headers.append("Content-Type: \(payload.contentType)")
            // No `Expect: 100-continue` round trip (and its one-second wait on servers that ignore it).
            headers.append("Expect:")
        }
        if let etag = request.validators.etag { headers.append("If-None-Match: \(etag)") }
        if let lastModified = request.validators.lastModified { headers.append("If-Modified-Since: \(lastModified)") }
        // Extra headers may carry tokens: like credentials, they go to the configured origin only.
        if sameOrigin {
            headers += request.headers.map { "\($0.name): \($0.value)" }
        }
        for line in headers {
            requestHeaders = curl_slist_append(requestHeaders, line)
        }
        if requestHeaders != nil {
            try check(nw_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, requestHeaders), CURLOPT_HTTPHEADER)
        }
        if sameOrigin, let credentials = request.credentials {
            try set(CURLOPT_USERNAME, credentials.user)
            try set(CURLOPT_PASSWORD, credentials.password)
            try set(CURLOPT_HTTPAUTH, 1) // CURLAUTH_BASIC
        }

        try check(nw_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, userdata in
            let transfer = Unmanaged<Transfer>.fromOpaque(userdata!).takeUnretainedValue()
            return transfer.receive(data, size * count)
        }, CURLOPT_WRITEFUNCTION)
        try set(CURLOPT_WRITEDATA, pointer: userdata)
        try check(nw_easy_setopt_opensocket_callback(easy) { userdata, purpose, address in
            let transfer = Unmanaged<Transfer>.fromOpaque(userdata!).takeUnretainedValue()
            return transfer.openSocket(purpose: purpose, address: address)
        }, CURLOPT_OPENSOCKETFUNCTION)
        try set(CURLOPT_OPENSOCKETDATA, pointer: userdata)
    }

    // MARK: - libcurl callbacks

    private func receive(_ data: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard count > 0, let data else { return count }
        // Anything but `count` makes libcurl abort the transfer with CURLE_WRITE_ERROR.
        let abort = 0
        // Error pages and redirect bodies are read (so the connection stays reusable) but not kept,
        // nor decoded: their raw size counts against the limit.
        guard url.scheme == "file" || (200..<300).contains(long(CURLINFO_RESPONSE_CODE)) else {
            return keep(nil, count: count) ? count : abort
        }
        let input = UnsafeRawBufferPointer(start: data, count: count)
        do {
            if !decoderChosen {
                decoderChosen = true
                decoder = try ContentDecoder(contentEncoding: url.scheme == "file" ? [] : header("Content-Encoding"))
            }
            guard let decoder else { return keep(input, count: count) ? count : abort }
            try decoder.decode(input) { decoded in
                guard keep(decoded, count: decoded.count) else { throw BodyLimitReached() }
            }
            return count
        } catch let error as ContentDecodingError {
            contentDecodingProblem = error
            return abort
        } catch {
            return abort // the limit: `keep` has set exceededBodyLimit
        }
    }

    /// Counts decoded body bytes against the limit and keeps them (when given); false past the limit.
    private func keep(_ bytes: UnsafeRawBufferPointer?, count: Int) -> Bool {
        bodyBytes += count
        guard bodyBytes <= maxBodyBytes else {
            exceededBodyLimit = true
            return false
        }
        if let bytes { body.append(contentsOf: bytes) }
        return true
    }

    private struct BodyLimitReached: Error {}

    /// After a transfer libcurl calls complete: whether the body's coded streams all reached their
    /// end (a gzip stream cut short is otherwise indistinguishable from a whole one).
    func finishBody() -> ContentDecodingError? {
        if let contentDecodingProblem { return contentDecodingProblem }
        do {
            try decoder?.finish()
            return nil
        } catch {
            contentDecodingProblem = error
            return error
        }
    }

    private func openSocket(purpose: curlsocktype, address: UnsafeMutablePointer<curl_sockaddr>?) -> curl_socket_t {
        guard let address else { return CURL_SOCKET_BAD }
        let family = address.pointee.family
        let raw = UnsafeRawPointer(address) + MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr)!
        // Unix sockets and other families have no address to judge: only with private networks allowed.
        // Through a proxy, this is the proxy's address, which the administrator chose.
        let target = Self.networkAddress(family: family, sockaddr: raw)
        let allowed = target?.isAllowed(allowingPrivateNetworks: allowsPrivateNetworks) ?? allowsPrivateNetworks
        guard allowed || proxy != nil else {
            refusedAddress = target ?? .v4(0, 0, 0, 0)
            return CURL_SOCKET_BAD
        }
        return socket(family, address.pointee.socktype, address.pointee.protocol)
    }

    private static func networkAddress(family: Int32, sockaddr raw: UnsafeRawPointer) -> NetworkAddress? {
        switch family {
        case AF_INET:
            var address = raw.loadUnaligned(as: sockaddr_in.self).sin_addr
            return withUnsafeBytes(of: &address) { .v4($0[0], $0[1], $0[2], $0[3]) }
        case AF_INET6:
            var address = raw.loadUnaligned(as: sockaddr_in6.self).sin6_addr
            return withUnsafeBytes(of: &address) { .v6(Array($0.prefix(16))) }
        default:
            return nil // unix sockets and the like: never public
        }
    }

    // MARK: - After the transfer

    /// libcurl's detailed message for the failure, or the generic one for `code`.
    func message(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    func long(_ info: CURLINFO) -> Int {
        var value = 0
        _ = nw_easy_getinfo_long(easy, info, &value)
        return value
    }

    func string(_ info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard nw_easy_getinfo_string(easy, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    /// All values of a response header of the last response (not of earlier 1xx ones).
    func header(_ name: String) -> [String] {
        var values: [String] = []
        var index = 0
        var amount = 1
        while index < amount {
            var header: UnsafeMutablePointer<curl_header>?
            guard curl_easy_header(easy, name, index, 1 /* CURLH_HEADER */, -1, &header) == CURLHE_OK,
                  let header else { break }
            amount = header.pointee.amount
            values.append(String(cString: header.pointee.value))
            index += 1
        }
        return values
    }

    // MARK: - Options

    private func set(_ option: CURLoption, _ value: Int) throws(FetchError) {
        try check(nw_easy_setopt_long(easy, option, value), option)
    }

    private func set(_ option: CURLoption, _ value: String) throws(FetchError) {
        // libcurl copies string options (since 7.17), so the temporary C string may go.
        try check(nw_easy_setopt_string(easy, option, value), option)
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer) throws(FetchError) {
        try check(nw_easy_setopt_pointer(easy, option, pointer), option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(FetchError) {
        guard code == CURLE_OK else {
            throw FetchError(kind: .other, url: url.text,
                             message: "libcurl refused option \(option.rawValue): \(String(cString: curl_easy_strerror(code)))")
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
