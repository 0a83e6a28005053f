/// A shortest edit script between two sequences of element tokens (Myers' O(ND) algorithm),
/// expressed as hunks.
enum SequenceDiff {
    /// One change: `base[baseRange]` became `side[sideRange]`. Either range may be empty
    /// (a pure insertion or a pure deletion), never both.
    struct Hunk: Equatable {
        /// The replaced base elements; empty for an insertion before `baseRange.lowerBound`.
        let baseRange: Range<Int>
        /// The elements that replace them on the side.
        let sideRange: Range<Int>

        /// Whether the hunk only inserts.
        var isInsertion: Bool { baseRange.isEmpty }
    }

    /// Above this many differences in the middle of two sequences, the middle is treated as one
    /// replacement instead of being diffed, which bounds memory (the trace grows as D²).
    static let maxEditDistance = 1_024

    /// The hunks turning `base` into `side`, in order. Consecutive hunks are separated by at
    /// least one unchanged element, so their base ranges never touch.
    static func hunks(from base: [Int], to side: [Int]) -> [Hunk] {
        var hunks: [Hunk] = []
        var nextBase = 0
        var nextSide = 0
        for (baseIndex, sideIndex) in matches(base, side) + [(base.count, side.count)] {
            if baseIndex > nextBase || sideIndex > nextSide {
                hunks.append(Hunk(baseRange: nextBase..<baseIndex, sideRange: nextSide..<sideIndex))
            }
            nextBase = baseIndex + 1
            nextSide = sideIndex + 1
        }
        return hunks
    }

    /// The pairs of positions of a longest common subsequence, ascending.
    static func matches(_ base: [Int], _ side: [Int]) -> [(Int, Int)] {
        var prefix = 0
        while prefix < base.count, prefix < side.count, base[prefix] == side[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < base.count - prefix, suffix < side.count - prefix,
            base[base.count - 1 - suffix] == side[side.count - 1 - suffix]
        {
            suffix += 1
        }
        var pairs = (0..<prefix).map { ($0, $0) }
        pairs += middleMatches(base[prefix..<(base.count - suffix)], side[prefix..<(side.count - suffix)])
        pairs += (0..<suffix).map { (base.count - suffix + $0, side.count - suffix + $0) }
        return pairs
    }

    /// Myers' greedy forward search with a trace of the frontier for backtracking.
    private static func middleMatches(_ base: ArraySlice<Int>, _ side: ArraySlice<Int>) -> [(Int, Int)] {
        let baseCount = base.count
        let sideCount = side.count
        guard baseCount > 0, sideCount > 0 else { return [] }
        let maxD = baseCount + sideCount
        let offset = maxD + 1
        var frontier = [Int](repeating: 0, count: 2 * maxD + 3)
        var trace: [[Int]] = []
        for distance in 0...min(maxD, maxEditDistance) {
            // The frontier before this round, diagonals -distance-1 ... distance+1.
            trace.append(Array(frontier[(offset - distance - 1)...(offset + distance + 1)]))
            for diagonal in stride(from: -distance, through: distance, by: 2) {
                var x: Int
                if diagonal == -distance
                    || (diagonal != distance && frontier[offset + diagonal - 1] < frontier[offset + diagonal + 1])
                {
                    x = frontier[offset + diagonal + 1]
                } else {
                    x = frontier[offset + diagonal - 1] + 1
                }
                var y = x - diagonal
                while x < baseCount, y < sideCount, base[base.startIndex + x] == side[side.startIndex + y] {
                    x += 1
                    y += 1
                }
                frontier[offset + diagonal] = x
                if x >= baseCount, y >= sideCount {
                    return backtrack(trace, distance: distance, end: (x, y)).map {
                        (base.startIndex + $0.0, side.startIndex + $0.1)
                    }
                }
            }
        }
        return []
    }

    /// Walks the trace back from `end` and collects the diagonal (matching) moves.
    private static func backtrack(_ trace: [[Int]], distance: Int, end: (Int, Int)) -> [(Int, Int)] {
        var (x, y) = end
        var pairs: [(Int, Int)] = []
        for round in stride(from: distance, to: 0, by: -1) {
            let snapshot = trace[round]
            func reach(_ diagonal: Int) -> Int { snapshot[diagonal + round + 1] }
            let diagonal = x - y
            let previous =
                (diagonal == -round || (diagonal != round && reach(diagonal - 1) < reach(diagonal + 1)))
                ? diagonal + 1 : diagonal - 1
            let previousX = reach(previous)
            let previousY = previousX - previous
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
                pairs.append((x, y))
            }
            x = previousX
            y = previousY
        }
        while x > 0, y > 0 {
            x -= 1
            y -= 1
            pairs.append((x, y))
        }
        return pairs.reversed()
    }
}
