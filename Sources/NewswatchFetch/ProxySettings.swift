import Foundation

/// Which proxy, if any, a feed URL goes through — read from the environment the way curl reads it,
/// but decided here, so the fetcher knows when a connection goes to the (administrator-chosen)
/// proxy rather than to the feed's own address. Through a proxy, the address check is the proxy's
/// job: it resolves the feed's name, not us.
public struct ProxySettings: Sendable, Equatable {
    /// For `http:` URLs.
    public var http: String?
    /// For `https:` URLs.
    public var https: String?
    /// Hosts reached directly: a name matches itself and its subdomains; `*` matches every host.
    public var noProxy: [String]

    public init(http: String? = nil, https: String? = nil, noProxy: [String] = []) {
        self.http = http
        self.https = https
        self.noProxy = noProxy
    }

    /// curl's variables: `http_proxy` (lower case only: `HTTP_PROXY` can be set by a CGI request's
    /// `Proxy:` header), `https_proxy`/`HTTPS_PROXY`, then `all_proxy`/`ALL_PROXY` for both;
    /// `no_proxy`/`NO_PROXY` as a comma-separated list.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ProxySettings {
        func value(_ names: String...) -> String? {
            names.lazy.compactMap { environment[$0] }.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }
        let all = value("all_proxy", "ALL_PROXY")
        let noProxy = (value("no_proxy", "NO_PROXY") ?? "")
            .split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty }
        return ProxySettings(http: value("http_proxy") ?? all, https: value("https_proxy", "HTTPS_PROXY") ?? all, noProxy: noProxy)
    }

    func proxy(for url: FeedURL) -> String? {
        let proxy: String? = switch url.scheme {
        case "http": http
        case "https": https
        default: nil
        }
        guard let proxy, !bypasses(url.host) else { return nil }
        return proxy
    }

    private func bypasses(_ host: String) -> Bool {
        let host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return noProxy.contains { entry in
            if entry == "*" { return true }
            let name = entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
            return host == name || host.hasSuffix("." + name)
        }
    }
}
