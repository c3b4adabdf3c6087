/// Decodes HTML character references: numeric (`&#65;`, `&#x1F600;`) and the named ones Decks use.
enum HTMLEntities {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "copy": "©", "reg": "®",
        "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "bull": "•", "middot": "·", "times": "×", "divide": "÷", "deg": "°", "plusmn": "±", "micro": "µ", "para": "¶",
        "sect": "§", "euro": "€", "pound": "£", "yen": "¥", "cent": "¢", "laquo": "«", "raquo": "»", "larr": "←",
        "rarr": "→", "uarr": "↑", "darr": "↓", "harr": "↔", "le": "≤", "ge": "≥", "ne": "≠", "asymp": "≈", "infin": "∞",
        "minus": "−", "sup2": "²", "sup3": "³", "frac12": "½", "frac14": "¼", "frac34": "¾", "shy": "\u{AD}",
        "zwj": "\u{200D}", "zwnj": "\u{200C}", "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}",
        "check": "✓", "cross": "✗", "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "lambda": "λ", "mu": "μ",
        "pi": "π", "sigma": "σ", "Sigma": "Σ", "Delta": "Δ", "tab": "\t", "newline": "\n",
    ]

    /// `text` with every recognised reference replaced; unknown ones stay as written.
    static func decode(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            let semi = after.prefix(32).firstIndex(of: ";")
            if let semi, let ch = reference(after[..<semi]) {
                out += ch
                rest = after[after.index(after: semi)...]
            } else {
                out += "&"
                rest = after
            }
        }
        return out + rest
    }

    private static func reference(_ body: Substring) -> String? {
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value: UInt32?
            if digits.hasPrefix("x") || digits.hasPrefix("X") { value = UInt32(digits.dropFirst(), radix: 16) } else { value = UInt32(digits, radix: 10) }
            guard let v = value else { return nil }
            // NUL and surrogates become U+FFFD, as browsers do.
            return String(Character(Unicode.Scalar(v == 0 ? 0xFFFD : v) ?? "\u{FFFD}"))
        }
        return named[String(body)]
    }
}
