import NewswatchRules

/// Somewhere alerts are delivered. The alert carries its dedup key (`alert.key`): the archive's
/// outbox records the alert under it before delivery and marks it delivered after, so a sink sees
/// each key once in normal operation; after a crash between the two, the outbox asks the sink
/// whether it already has the key (`hasDelivered`) before delivering again.
public protocol AlertSink: Sendable {
    func deliver(_ alert: Alert) throws
    /// Whether an alert with this key was already delivered (as far as the sink can tell).
    func hasDelivered(_ key: AlertKey) -> Bool
}
