import NewswatchRules

/// Somewhere alerts are delivered. The alert carries its dedup key (`alert.key`): the archive's
/// outbox records the alert under it before delivery and marks it delivered after, so a sink sees
/// each key once in normal operation; after a crash between the two, the outbox asks the sink
/// whether it already has the key (`hasDelivered`) before delivering again.
public protocol AlertSink: Sendable {
    func deliver(_ alert: Alert) throws
    /// Whether an alert with this key was already delivered (as far as the sink can tell).
    func hasDelivered(_ key: AlertKey) -> Bool
    /// Which of `keys` were already delivered (a default asks `hasDelivered` for each).
    func deliveredKeys(among keys: [AlertKey]) -> Set<AlertKey>
    /// Makes what was delivered so far survive a power cut; called before the outbox records the
    /// alerts as delivered (a default does nothing: a sink that writes no file has nothing to sync).
    func syncToDisk() throws
}

extension AlertSink {
    public func syncToDisk() throws {}

    /// Which of `keys` were already delivered. A sink that can answer for many keys at once more
    /// cheaply than one by one (the alert log reads its file once) implements this.
    public func deliveredKeys(among keys: [AlertKey]) -> Set<AlertKey> {
        Set(keys.filter(hasDelivered))
    }
}
