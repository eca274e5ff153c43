import Foundation

/// Tells the daemon when its config changed on disk, with inotify on the folders that hold the config
/// files (editors and tools replace files by rename, which a watch on the file itself would lose).
/// Bursts of events — an editor writes, renames and touches — arrive as one change after a short pause.
public final class ConfigFileWatcher: @unchecked Sendable {
    public let changes: AsyncStream<Void>
    private let inotify: Int32
    private let wakePipe: (read: Int32, write: Int32)
    private let thread: Thread

    /// - Parameters:
    ///   - files: the config file and every file it includes.
    ///   - folders: more folders to watch for new files (the folders of `include` patterns).
    public init?(files: [String], folders: [String] = [], settle: TimeInterval = 0.3) {
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { close(fd); return nil }
        inotify = fd
        wakePipe = (pipeEnds[0], pipeEnds[1])

        let watchedNames = Set(files.map { ($0 as NSString).lastPathComponent })
        let fileFolders = Set(files.map { ($0 as NSString).deletingLastPathComponent })
        let extraFolders = Set(folders)
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB)
        var watchFolders: [Int32: String] = [:]
        for folder in fileFolders.union(extraFolders) {
            let wd = inotify_add_watch(fd, folder, mask)
            if wd >= 0 { watchFolders[wd] = folder }
        }
        let folderOfWatch = watchFolders
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        changes = stream
        let readEnd = pipeEnds[0]
        thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            var pending = false
            while true {
                var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
                let ready = poll(&fds, 2, pending ? Int32(settle * 1000) : -1)
                if ready < 0 { if errno == EINTR { continue } else { break } }
                if fds[1].revents != 0 { break }
                if ready == 0 {
                    pending = false
                    continuation.yield()
                    continue
                }
                let count = read(fd, &buffer, buffer.count)
                guard count > 0 else { continue }
                var offset = 0
                while offset + MemoryLayout<inotify_event>.size <= count {
                    let (wd, nameLength) = buffer.withUnsafeBytes { raw -> (Int32, Int) in
                        let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                        return (event.wd, Int(event.len))
                    }
                    let nameStart = offset + MemoryLayout<inotify_event>.size
                    let nameBytes = buffer[nameStart..<min(nameStart + nameLength, count)].prefix { $0 != 0 }
                    let name = String(decoding: nameBytes, as: UTF8.self)
                    let folder = folderOfWatch[wd] ?? ""
                    if watchedNames.contains(name) && fileFolders.contains(folder) || extraFolders.contains(folder) && name.hasSuffix(".toml") {
                        pending = true
                    }
                    offset = nameStart + nameLength
                }
            }
            continuation.finish()
        }
        thread.name = "newswatch.config-watch"
        thread.start()
    }

    /// Stops watching and ends `changes`.
    public func stop() {
        var byte: UInt8 = 1
        _ = write(wakePipe.write, &byte, 1)
    }

    deinit {
        stop()
        while thread.isExecuting { usleep(1000) }
        close(inotify)
        close(wakePipe.read)
        close(wakePipe.write)
    }
}
