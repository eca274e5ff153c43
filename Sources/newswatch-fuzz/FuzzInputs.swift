import Foundation
import NewswatchConfig
import NewswatchNormalize
import NewswatchRules

/// What the targets hold fixed while the fuzzer varies the input.
enum FuzzInputs {
    static let fetched = Date(timeIntervalSince1970: 1_750_000_000)

    /// An article in the shape of the seeds, for queries to match against.
    static let article: Article = {
        let text = """
            Politik

            Putin und Assad: Treffen in Moskau über Syrien

            Der russische Präsident empfing den syrischen Machthaber. Fahnenflucht an der Front nimmt zu.

            Moskau (dpa) – Wladimir Putin hat am Montag Baschar al-Assad empfangen. Beide sprachen über \
            den Krieg, über Deserteure und über Kim Jong Un, dessen Soldaten geflüchtet sein sollen.

            > „Wir stehen zusammen“, sagte Putin.

            Mehr zum Thema: Nordkorea schickt Truppen
            """
        return try! PlainTextArticleReader().read(text, fetched: fetched)
    }()

    static let configFile = ConfigFileInput()
}

/// A scratch folder with the config file the fuzzer rewrites for every input; the loader reads from
/// a path, as the daemon does, so includes and relative paths resolve inside the folder.
final class ConfigFileInput: Sendable {
    let directory: String
    let path: String
    let loader: ConfigurationLoader

    init() {
        directory = NSTemporaryDirectory() + "newswatch-fuzz-config-\(getpid())"
        try? FileManager.default.createDirectory(atPath: directory + "/feeds.d", withIntermediateDirectories: true)
        path = directory + "/newswatch.toml"
        loader = ConfigurationLoader(environment: ["STATE_DIRECTORY": directory, "LOGS_DIRECTORY": directory,
                                                   "CONFIGURATION_DIRECTORY": directory])
    }

    func load(_ bytes: [UInt8]) {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fatalError("cannot write \(path)") }
        guard let configuration = try? loader.load(path: path) else { return }
        _ = try? RuleCompiler.compile(configuration)
    }
}
