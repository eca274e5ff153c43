import ArgumentParser
import NewswatchFetch

/// The options `fetch` and `extract` share: one fetch from the command line, with the daemon's
/// fetcher and address policy, and the few switches a user needs to point it at a test server.
struct OneOffFetchOptions: ParsableArguments {
    @Flag(name: .customLong("allow-private"), help: "Allow loopback and private-network addresses.")
    var allowsPrivateNetworks = false

    @Flag(help: "Do not verify the TLS certificate.")
    var insecure = false

    @Option(help: "Total timeout in seconds.")
    var timeout: Int = 60

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be at least 1 (second)") }
    }

    func request(for url: String, validators: Validators = Validators()) -> FetchRequest {
        var limits = FetchLimits()
        limits.totalTimeout = .seconds(timeout)
        return FetchRequest(url: url, validators: validators, allowsPrivateNetworks: allowsPrivateNetworks,
                            insecure: insecure, limits: limits)
    }
}
