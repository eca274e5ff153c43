import GRDB

extension Archive {
    /// Alerts recorded since `since`, counted per feed that carried their articles (an alert about a
    /// story from three feeds counts for each of them).
    public func alertCountByFeed(since: Date) throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT source.value AS feed, count(*) AS n
                FROM alert_outbox, json_each(alert_outbox.json, '$.sources') AS source
                WHERE alert_outbox.created >= ?
                GROUP BY source.value
                """, arguments: [StoredTime.seconds(since)]) {
                counts[row["feed"]] = row["n"]
            }
            return counts
        }
    }
}

import Foundation
