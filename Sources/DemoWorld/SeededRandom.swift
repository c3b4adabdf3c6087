/// A deterministic pseudo-random generator (SplitMix64): the same seed always builds the same world.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// An integer in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// A uniformly chosen element.
    public mutating func pick<T>(_ xs: [T]) -> T { xs[Int(next() % UInt64(xs.count))] }

    /// A string of `count` characters drawn from `alphabet`.
    public mutating func string(_ alphabet: String, count: Int) -> String {
        let a = Array(alphabet)
        return String((0..<count).map { _ in a[Int(next() % UInt64(a.count))] })
    }

    /// 32 lowercase hex digits, like Python's `uuid4().hex`.
    public mutating func hex32() -> String {
        String(format: "%016llx%016llx", next(), next())
    }
}

import Foundation
