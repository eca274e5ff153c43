import Foundation

/// One feed body and its compressed forms, made once with the real `gzip -9 -n`, `brotli` (1.0.9) and
/// `zstd -19 --no-check` (1.5.4) tools and Python's zlib (deflate in zlib format, and raw deflate), and
/// committed, so the tests need none of them.
enum CompressedFixtures {
    static let text: String = {
        var text = "newswatch compressed fixture\nThe same feed body, compressed by the real tools, so curl decodes what servers really send.\n"
        for line in 1...8 { text += "line \(line): lorem ipsum dolor sit amet, consectetur adipiscing elit\n" }
        return text
    }()

    static let gzip = [UInt8](Data(base64Encoded: "H4sIAAAAAAACA6XOyw3CMBAE0HuqmAIiJP6IOmjAsSfEkmNH3g0h3WPgwhkfZzVPs5GLLEbtAJvGKVOEDr1/6pzZ3AZCzEj0LNcuubX9rXUrtDQyTYCmFKSFJNg5Bzja5ChYBqMQ5gezfIphLTG6TRN8JLZXhJQ5wk8yj3CpJIhXlFF9b0WhVZZnYJyfvFgf72Dw+vW7Sr+v9IdKf6z0p0p/rvSX//0LOHswKnkCAAA=")!)
    static let brotli = [UInt8](Data(base64Encoded: "ocATACNKTedrVITt5nCuI/BzQdgOAB/9txHtJpIUc6DlTnxu0uFpsMwJnMHjrZjafnKUmjitqUlR+xBnXPVwJ17GbsQlezw1GbzEdzSZtPL41EeKT5ORjpi/MD7RQoZcrdRYsiy4LEuxf5f5FJaacL0yyPxI9weNLADkQq7kRu7kQZ7QBw==")!)
    static let zstd = [UInt8](Data(base64Encoded: "KLUv/QBo3QQA4kofF3BvDqB6bSS/imwnxP+q7rBIcztU/fVeSoIcRkHMB+8nem2f9ByznOZn+0baHMxH5vnWUqE6x2ml53ip0MvgRw8Cgou+vuDKU/LryaDKe6ftzlBOzboOFqpOQ3bpQ9NXE1xOG7vf8SNbH2KAy2laz7H77qUUtRlqk1VbPQoKIGAzez+FpKPESBKWjhIjpCCDY850aVDc2AM=")!)
    /// `Content-Encoding: deflate` as RFC 9110 means it (the zlib format).
    static let deflate = [UInt8](Data(base64Encoded: "eNqlzssNwjAQBNB7qpgCIiT+iDpowLEnxJJjR94NId1j4MIZH2c1T7ORiyxG7QCbxilThA69f+qc2dwGQsxI9CzXLrm1/a11K7Q0Mk2AphSkhSTYOQc42uQoWAajEOYHs3yKYS0xuk0TfCS2V4SUOcJPMo9wqSSIV5RRfW9FoVWWZ2Ccn7xYH+9g8Pr1u0q/r/SHSn+s9KdKf670l//9C8zC5p4=")!)
    /// Raw deflate, which some servers send as `deflate`.
    static let rawDeflate = [UInt8](Data(base64Encoded: "pc7LDcIwEATQe6qYAiIk/og6aMCxJ8SSY0feDSHdY+DCGR9nNU+zkYssRu0Am8YpU4QOvX/qnNncBkLMSPQs1y65tf2tdSu0NDJNgKYUpIUk2DkHONrkKFgGoxDmB7N8imEtMbpNE3wktleElDnCTzKPcKkkiFeUUX1vRaFVlmdgnJ+8WB/vYPD69btKv6/0h0p/rPSnSn+u9Jf//Qs=")!)
    /// `Content-Encoding: gzip, br`: the gzip bytes above, then brotli over them.
    static let gzipThenBrotli = [UInt8](Data(base64Encoded: "j1eAH4sIAAAAAAACA6XOyw3CMBAE0HuqmAIiJP6IOmjAsSfEkmNH3g0h3WPgwhkfZzVPs5GLLEbtAJvGKVOEDr1/6pzZ3AZCzEj0LNcuubX9rXUrtDQyTYCmFKSFJNg5Bzja5ChYBqMQ5gezfIphLTG6TRN8JLZXhJQ5wk8yj3CpJIhXlFF9b0WhVZZnYJyfvFgf72Dw+vW7Sr+v9IdKf6z0p0p/rvSX//0LOHswKnkCAAAD")!)
}
