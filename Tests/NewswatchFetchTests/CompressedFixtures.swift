import Foundation

/// One feed body and its compressed forms, made once with the real `gzip -9 -n` and `brotli` tools
/// (brotli 1.0.9) and committed, so the tests need neither tool.
enum CompressedFixtures {
    static let text: String = {
        var text = "newswatch compressed fixture\nThe same feed body, compressed by the real tools, so curl decodes what servers really send.\n"
        for line in 1...8 { text += "line \(line): lorem ipsum dolor sit amet, consectetur adipiscing elit\n" }
        return text
    }()

    static let gzip = [UInt8](Data(base64Encoded: "H4sIAAAAAAACA6XOyw3CMBAE0HuqmAIiJP6IOmjAsSfEkmNH3g0h3WPgwhkfZzVPs5GLLEbtAJvGKVOEDr1/6pzZ3AZCzEj0LNcuubX9rXUrtDQyTYCmFKSFJNg5Bzja5ChYBqMQ5gezfIphLTG6TRN8JLZXhJQ5wk8yj3CpJIhXlFF9b0WhVZZnYJyfvFgf72Dw+vW7Sr+v9IdKf6z0p0p/rvSX//0LOHswKnkCAAA=")!)
    static let brotli = [UInt8](Data(base64Encoded: "ocATACNKTedrVITt5nCuI/BzQdgOAB/9txHtJpIUc6DlTnxu0uFpsMwJnMHjrZjafnKUmjitqUlR+xBnXPVwJ17GbsQlezw1GbzEdzSZtPL41EeKT5ORjpi/MD7RQoZcrdRYsiy4LEuxf5f5FJaacL0yyPxI9weNLADkQq7kRu7kQZ7QBw==")!)
}
