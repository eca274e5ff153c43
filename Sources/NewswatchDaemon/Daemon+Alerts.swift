import Foundation
import NewswatchRules

extension Daemon {
    /// Writes alerts to the alert log. An alert whose key the log already holds is not written again,
    /// so replaying after a crash cannot repeat a line.
    func deliver(_ alerts: [Alert]) {
        for alert in alerts {
            if alertLog.hasDelivered(alert.key) { continue }
            do {
                try alertLog.deliver(alert)
                lastAlert = "\(alert.rule) at \(RFC3339Time.string(alert.time))"
                logger.info("alert", metadata: ["rule": "\(alert.rule)", "title": "\(alert.title)"])
            } catch {
                logger.error("cannot write the alert log", metadata: ["path": "\(alertLog.path)", "error": "\(error)"])
            }
        }
    }

    /// Alerts recorded but not yet in the log when the daemon last stopped. (The outbox in the
    /// archive delivers these; until it exists there is nothing to redeliver.)
    func redeliverPendingAlerts() {}
}

enum RFC3339Time {
    static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
