import Foundation
import Synchronization

/// Counts signals (SIGUSR1, which logrotate's `postrotate` sends) with an async-signal-safe handler;
/// every `AlertLog` compares the count with the one it last saw before each line and reopens its path
/// when it changed. A flag and a check, not work in the handler: a handler may only touch atomics.
public enum ReopenSignal {
    private static let counter = Atomic<Int>(0)

    /// Installs the handler for `number` (process-wide; call once at start-up, before threads that
    /// should not see the default action, which terminates the process).
    public static func install(_ number: Int32 = SIGUSR1) {
        var action = sigaction()
        #if os(Linux)
        action.__sigaction_handler.sa_handler = { _ in ReopenSignal.counter.add(1, ordering: .relaxed) }
        #else
        action.__sigaction_u.__sa_handler = { _ in ReopenSignal.counter.add(1, ordering: .relaxed) }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(number, &action, nil)
    }

    /// How many signals arrived since start-up.
    public static var received: Int { counter.load(ordering: .relaxed) }
}
