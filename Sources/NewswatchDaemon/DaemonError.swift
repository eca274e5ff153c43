import NewswatchConfig

/// Why the daemon could not start. Each names what the user must fix.
public enum DaemonError: Error, CustomStringConvertible {
    case configuration(ConfigurationError)
    case archive(String)
    case alertLog(String)

    public var description: String {
        switch self {
        case .configuration(let error): return error.problems.map(\.description).joined(separator: "\n")
        case .archive(let message): return "archive: \(message)"
        case .alertLog(let message): return "alert log: \(message)"
        }
    }
}
