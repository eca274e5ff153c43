import CCurl

/// libcurl's process-wide state.
public enum CurlLibrary {
    /// `curl_global_init` is not thread-safe: call this once at start-up, before any thread starts.
    /// It returns a description of the failure, or nil on success.
    @discardableResult
    public static func initialize() -> String? {
        let code = curl_global_init(Int(CURL_GLOBAL_ALL))
        guard code == CURLE_OK else { return String(cString: curl_easy_strerror(code)) }
        return nil
    }

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
