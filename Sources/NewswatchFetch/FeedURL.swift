import CCurl

/// The parts of a URL the fetcher decides on — scheme for the protocol rule, host for politeness and
/// credentials — read with libcurl's own URL parser so they agree with what curl will connect to.
struct FeedURL: Equatable {
    let text: String
    let scheme: String
    /// Lowercased; empty for `file:` URLs.
    let host: String
    let port: Int?

    init?(_ text: String) {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, text, 0) == CURLUE_OK,
              let scheme = Self.part(handle, CURLUPART_SCHEME) else { return nil }
        self.text = text
        self.scheme = scheme.lowercased()
        self.host = (Self.part(handle, CURLUPART_HOST) ?? "").lowercased()
        // CURLU_DEFAULT_PORT: the scheme's port when the URL names none, so http://h and
        // http://h:80 are the same origin.
        self.port = Self.part(handle, CURLUPART_PORT, flags: 1).flatMap { Int($0) }
    }

    /// `reference` (absolute or relative, as in a Location header) resolved against this URL.
    func resolving(_ reference: String) -> String? {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, text, 0) == CURLUE_OK,
              curl_url_set(handle, CURLUPART_URL, reference, 0) == CURLUE_OK else { return nil }
        return Self.part(handle, CURLUPART_URL)
    }

    /// Credentials go to this origin only.
    var origin: String { "\(scheme)://\(host):\(port.map(String.init) ?? "")" }

    private static func part(_ handle: OpaquePointer, _ which: CURLUPart, flags: UInt32 = 0) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, which, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
