import CCurl

/// libcurl's process-wide state.
public enum CurlLibrary {
    /// Sets libcurl up (and OpenSSL with it, a good part of a short command's start-up), once per
    /// process however often it is called: `FeedFetcher` calls it, so a command that fetches nothing
    /// never pays for it. It returns a description of the failure, or nil on success.
    ///
    /// Called lazily, it may run while other threads exist: `curl_global_init` is thread-safe in
    /// libcurl 7.84 and later (the `threadsafe` feature; Debian 12 has 7.88), and before that it
    /// only had to come before any other libcurl call, which holds here, since every transfer goes
    /// through a fetcher that called this first.
    @discardableResult
    public static func initialize() -> String? {
        initialization
    }

    private static let initialization: String? = {
        let code = curl_global_init(Int(CURL_GLOBAL_ALL))
        guard code == CURLE_OK else { return String(cString: curl_easy_strerror(code)) }
        return nil
    }()

    /// The linked libcurl's version and the protocols and features it was built with.
    public static var versionInfo: (version: String, protocols: [String], ssl: String?) {
        guard let info = nw_version_info() else { return ("unknown", [], nil) }
        let data = info.pointee
        var protocols: [String] = []
        if var cursor = data.protocols {
            while let name = cursor.pointee {
                protocols.append(String(cString: name))
                cursor += 1
            }
        }
        return (
            String(cString: data.version),
            protocols,
            data.ssl_version.map { String(cString: $0) }
        )
    }
}
