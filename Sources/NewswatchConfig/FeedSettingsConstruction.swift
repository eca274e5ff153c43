extension FeedSettings {
    /// A feed made by a tool (an OPML import) rather than read from a file; `origin` says where it goes.
    public init(name: String, location: Location, interval: ConfigDuration? = nil, tags: [String] = [], enabled: Bool = true,
                origin: String) {
        self.init(name: name, location: location, interval: interval, tags: tags, enabled: enabled, headers: [:],
                  username: nil, password: nil, insecure: false, fulltext: false, allowPrivateNetworks: nil,
                  userAgent: nil, origin: origin)
    }
}
