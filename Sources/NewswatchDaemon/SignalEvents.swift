import Dispatch
import Foundation

/// The signals the daemon acts on, as an async sequence: SIGHUP reloads, SIGUSR1 reopens the alert
/// log, SIGTERM and SIGINT stop. The default actions are turned off first, so a signal never kills
/// the process before the daemon has committed and flushed.
public final class SignalEvents: @unchecked Sendable {
    public enum Event: Sendable, Equatable {
        case reload
        case reopenLogs
        case stop(signal: Int32)
    }

    public let events: AsyncStream<Event>
    // Set once in init and only cancelled in deinit: never shared mutably.
    private let sources: [DispatchSourceSignal]

    public init(queue: DispatchQueue = DispatchQueue(label: "newswatch.signals")) {
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .unbounded)
        events = stream
        var sources: [DispatchSourceSignal] = []
        for (number, event) in [(SIGHUP, Event.reload), (SIGUSR1, .reopenLogs), (SIGTERM, .stop(signal: SIGTERM)), (SIGINT, .stop(signal: SIGINT))] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(event) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    deinit {
        sources.forEach { $0.cancel() }
    }
}
