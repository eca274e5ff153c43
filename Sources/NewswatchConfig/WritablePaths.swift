import Foundation

extension Configuration {
    /// The places the daemon writes, checked the way the daemon will use them: each must be writable
    /// now, or creatable under the nearest folder that exists. Like `nginx -t`, before a restart finds out.
    public func unwritablePaths(configFile: String) -> [ConfigProblem] {
        var problems: [ConfigProblem] = []
        func check(_ path: String, key: String, isDirectory: Bool) {
            if let reason = Self.whyNotWritable(path, isDirectory: isDirectory) {
                problems.append(ConfigProblem(file: configFile, position: nil, key: key, message: "\(path): \(reason)"))
            }
        }
        check(daemon.stateDirectory, key: "daemon.state_directory", isDirectory: true)
        check(daemon.archivePath, key: "daemon.archive", isDirectory: false)
        check(daemon.alertLogPath, key: "daemon.alert_log", isDirectory: false)
        for feed in feeds {
            guard case .path(let path) = feed.location else { continue }
            if !FileManager.default.isReadableFile(atPath: path) {
                problems.append(ConfigProblem(
                    origin: feed.origin, key: "feed \(feed.name)", message: "\(path): no such file, or not readable"))
            }
        }
        return problems
    }

    static func whyNotWritable(_ path: String, isDirectory: Bool) -> String? {
        let manager = FileManager.default
        var existsAsDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &existsAsDirectory) {
            if existsAsDirectory.boolValue != isDirectory {
                return isDirectory ? "is a file, not a folder" : "is a folder, not a file"
            }
            return manager.isWritableFile(atPath: path) ? nil : "is not writable by this user"
        }
        var ancestor = (path as NSString).deletingLastPathComponent
        while !ancestor.isEmpty, !manager.fileExists(atPath: ancestor, isDirectory: &existsAsDirectory) {
            ancestor = (ancestor as NSString).deletingLastPathComponent
        }
        if ancestor.isEmpty { return "no folder of it exists" }
        if !existsAsDirectory.boolValue { return "\(ancestor) is a file, not a folder" }
        return manager.isWritableFile(atPath: ancestor) ? nil : "cannot be created: \(ancestor) is not writable by this user"
    }
}
