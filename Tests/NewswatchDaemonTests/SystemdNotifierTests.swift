import Foundation
import Testing
@testable import NewswatchDaemon
import NewswatchTestSupport

@Suite struct SystemdNotifierTests {
    @Test func isAbsentWithoutNotifySocket() {
        #expect(SystemdNotifier(environment: [:]) == nil)
    }

    @Test func speaksTheNotifyProtocol() throws {
        let systemd = try NotifySocket()
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": systemd.path]))
        notifier.ready(status: "3 feeds\n0 failing")
        #expect(systemd.receive() == "READY=1\nSTATUS=3 feeds 0 failing")
        notifier.reloading()
        let reloading = systemd.receive() ?? ""
        #expect(reloading.hasPrefix("RELOADING=1\nMONOTONIC_USEC="))
        #expect(UInt64(reloading.split(separator: "=").last ?? "") ?? 0 > 0)
        notifier.watchdog()
        #expect(systemd.receive() == "WATCHDOG=1")
        notifier.stopping()
        #expect(systemd.receive() == "STOPPING=1")
        #expect(notifier.watchdogInterval == nil)
    }

    @Test func watchdogIntervalIsHalfOfWatchdogUsec() throws {
        let systemd = try NotifySocket()
        let mine = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": systemd.path, "WATCHDOG_USEC": "4000000"]))
        #expect(mine.watchdogInterval == .seconds(2))
        let other = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": systemd.path, "WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "1"]))
        #expect(other.watchdogInterval == nil)
    }
}
