import CCurl
import Foundation
import Synchronization

/// The one thread that talks to libcurl: it owns the multi handle, starts transfers as politeness
/// slots free up, and runs `curl_multi_perform`/`curl_multi_poll`. Other threads only put commands
/// in the inbox and wake it with `curl_multi_wakeup` — no Swift task ever blocks in libcurl.
final class TransferLoop: @unchecked Sendable {
    enum Command: Sendable {
        case fetch(FetchJob)
        case cancel(UInt64)
    }

    private struct Inbox: ~Copyable {
        var commands: [Command] = []
        var stopping = false
    }

    // Shared with other threads: the inbox behind its lock, and `multi` for curl_multi_wakeup only.
    private let inbox = Mutex(Inbox())
    private let multi: UnsafeMutableRawPointer

    // The loop thread's own state.
    private var queue: PolitenessQueue<FetchJob>
    private var running: [UnsafeMutableRawPointer: Transfer] = [:]
    private var cancelledBeforeArrival: Set<UInt64> = []
    private let proxies: ProxySettings

    init(perHostLimit: Int, globalLimit: Int, proxies: ProxySettings) {
        self.proxies = proxies
        guard let multi = curl_multi_init() else { fatalError("libcurl could not create a multi handle (out of memory)") }
        self.multi = multi
        self.queue = PolitenessQueue(perHostLimit: perHostLimit, globalLimit: globalLimit)
        _ = nw_multi_setopt_long(multi, CURLMOPT_PIPELINING, 2 /* CURLPIPE_MULTIPLEX */)
        // The queue enforces the limits on transfers; these keep libcurl's connections in step.
        _ = nw_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, globalLimit)
        _ = nw_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(globalLimit, 16))
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    // MARK: - From any thread

    /// False when the loop has stopped; the job is then not taken.
    func submit(_ job: FetchJob) -> Bool {
        send(.fetch(job))
    }

    func cancel(_ id: UInt64) {
        _ = send(.cancel(id))
    }

    func stop() {
        let wasStopping = inbox.withLock { inbox in
            defer { inbox.stopping = true }
            return inbox.stopping
        }
        if !wasStopping { curl_multi_wakeup(multi) }
    }

    private func send(_ command: Command) -> Bool {
        let accepted = inbox.withLock { inbox in
            guard !inbox.stopping else { return false }
            inbox.commands.append(command)
            return true
        }
        if accepted { curl_multi_wakeup(multi) }
        return accepted
    }

    // MARK: - The loop thread

    func run() {
        while true {
            let (commands, stopping) = inbox.withLock { inbox in
                defer { inbox.commands.removeAll(keepingCapacity: true) }
                return (inbox.commands, inbox.stopping)
            }
            for command in commands { handle(command) }
            if stopping { break }
            startWaiting()
            var stillRunning: Int32 = 0
            _ = curl_multi_perform(multi, &stillRunning)
            collectFinished()
            startWaiting()
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        shutDown()
    }

    private func handle(_ command: Command) {
        switch command {
        case .fetch(let job):
            if cancelledBeforeArrival.remove(job.id) != nil {
                job.fail(.cancelled, "the fetch was cancelled")
            } else {
                queue.enqueue(job, host: job.currentURL.host)
            }
        case .cancel(let id):
            if let job = queue.removeWaiting(where: { $0.id == id }) {
                job.fail(.cancelled, "the fetch was cancelled")
            } else if let transfer = running.values.first(where: { $0.job.id == id }) {
                end(transfer)
                transfer.job.fail(.cancelled, "the fetch was cancelled")
            } else {
                cancelledBeforeArrival.insert(id)
            }
        }
    }

    private func startWaiting() {
        while let (job, host) = queue.next() {
            let now = ContinuousClock.now
            let startedAt = job.startedAt ?? now
            job.startedAt = startedAt
            let remaining = job.request.limits.totalTimeout - (now - startedAt)
            guard remaining > .zero else {
                queue.finished(host: host)
                job.fail(.timeout, "the fetch took longer than \(job.request.limits.totalTimeout) across its redirects")
                continue
            }
            do {
                let transfer = try Transfer(job: job, url: job.currentURL, politenessHost: host, timeout: remaining,
                                            proxy: proxies.proxy(for: job.currentURL))
                let code = curl_multi_add_handle(multi, transfer.easy)
                guard code == CURLM_OK else {
                    queue.finished(host: host)
                    job.fail(.other, "libcurl refused the transfer: \(String(cString: curl_multi_strerror(code)))")
                    continue
                }
                running[transfer.easy] = transfer
            } catch {
                queue.finished(host: host)
                job.finish(.failure(error))
            }
        }
    }

    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                  let transfer = running[easy] else { continue }
            let code = message.pointee.data.result
            end(transfer)
            switch TransferOutcome(transfer: transfer, code: code) {
            case .finished(let result):
                transfer.job.finish(result)
            case .redirect(let status, let location):
                follow(transfer.job, status: status, to: location)
            }
        }
    }

    private func follow(_ job: FetchJob, status: Int, to location: String) {
        guard job.request.payload == nil else {
            job.fail(.httpStatus(status), "the server redirected (\(status)) to \(location); a request with a body is not redirected")
            return
        }
        guard job.redirects.count < job.request.limits.maxRedirects else {
            job.fail(.tooManyRedirects, "more than \(job.request.limits.maxRedirects) redirects")
            return
        }
        guard let target = FeedURL(location) else {
            job.fail(.invalidURL, "the server redirected (\(status)) to \(location), which is not a valid URL")
            return
        }
        guard target.scheme == "http" || target.scheme == "https" else {
            job.fail(.forbiddenScheme(target.scheme), "refused a redirect (\(status)) to \(location): only http and https may be redirected to")
            return
        }
        job.redirects.append(Redirect(status: status, from: job.currentURL.text, to: target.text))
        job.currentURL = target
        queue.enqueue(job, host: target.host)
    }

    /// Takes the transfer out of libcurl and frees its politeness slot.
    private func end(_ transfer: Transfer) {
        curl_multi_remove_handle(multi, transfer.easy)
        running[transfer.easy] = nil
        queue.finished(host: transfer.politenessHost)
    }

    private func shutDown() {
        for transfer in Array(running.values) {
            end(transfer)
            transfer.job.fail(.cancelled, "the fetcher was shut down")
        }
        for job in queue.drainWaiting() {
            job.fail(.cancelled, "the fetcher was shut down")
        }
        let late = inbox.withLock { inbox in
            defer { inbox.commands.removeAll() }
            return inbox.commands
        }
        for case .fetch(let job) in late {
            job.fail(.cancelled, "the fetcher was shut down")
        }
    }
}
