/// Durations counted in fixed buckets that grow by a quarter each, from 10 µs to about 13 s, so
/// that percentiles over any number of exchanges cost a fixed 64 counters. A percentile is
/// read as its bucket's upper bound: at most 25% above the true value.
public struct LatencyHistogram: Sendable, Equatable {
    /// The number of buckets.
    static let bucketCount = 64
    /// The upper bound of each bucket, in microseconds.
    static let upperBounds: [Int64] = (0..<bucketCount).map { index in Int64((10.0 * pow125(index)).rounded(.up)) }

    private static func pow125(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<exponent { value *= 1.25 }
        return value
    }

    private(set) var counts = [UInt32](repeating: 0, count: LatencyHistogram.bucketCount)
    /// How many durations were counted.
    public private(set) var count = 0

    /// An empty histogram.
    public init() {}

    /// Counts one duration of `micros` microseconds.
    public mutating func record(micros: Int64) {
        var low = 0
        var high = Self.bucketCount - 1
        while low < high {
            let middle = (low + high) / 2
            if Self.upperBounds[middle] >= micros { high = middle } else { low = middle + 1 }
        }
        counts[low] &+= 1
        count += 1
    }

    /// Adds another histogram's counts.
    public mutating func add(_ other: LatencyHistogram) {
        guard other.count > 0 else { return }
        for index in counts.indices { counts[index] &+= other.counts[index] }
        count += other.count
    }

    /// The duration below which `fraction` (0…1) of the counted durations fall, in
    /// microseconds; nil when nothing was counted.
    public func percentile(_ fraction: Double) -> Int64? {
        guard count > 0 else { return nil }
        let rank = max(1, Int((Double(count) * fraction).rounded(.up)))
        var seen = 0
        for (index, bucketCount) in counts.enumerated() {
            seen += Int(bucketCount)
            if seen >= rank { return Self.upperBounds[index] }
        }
        return Self.upperBounds[Self.bucketCount - 1]
    }
}
