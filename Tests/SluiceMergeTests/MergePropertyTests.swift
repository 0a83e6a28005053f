import PropertyBased
import SluiceJSON
import Testing

@testable import SluiceMerge

/// Invariants of the merge over random documents and random edits.
@Suite struct MergePropertyTests {
    static let documents = Generator { rng in RandomJSON.document(&rng) }

    static let cases = Generator { rng in
        let base = RandomJSON.document(&rng)
        return MergeCase(base: base, ours: RandomEdit.edit(base, key: nil, rng: &rng), theirs: RandomEdit.edit(base, key: nil, rng: &rng))
    }

    /// Ours edits only member `a` (or adds or deletes it), theirs only member `b`.
    static let disjointCases = Generator { rng in
        let base = RandomJSON.document(&rng)
        return MergeCase(base: base, ours: editMember("a", of: base, rng: &rng), theirs: editMember("b", of: base, rng: &rng))
    }

    @Test func unchangedSideGivesTheOtherSide() async {
        await propertyCheck(count: 300, input: Self.cases) { sample in
            let theirsOnly = JSONMerge.merge(base: sample.base, ours: sample.base, theirs: sample.theirs)
            #expect(theirsOnly.isClean && JSONSemantics.equal(theirsOnly.value, sample.theirs))
            let oursOnly = JSONMerge.merge(base: sample.base, ours: sample.ours, theirs: sample.base)
            #expect(oursOnly.isClean && JSONSemantics.equal(oursOnly.value, sample.ours))
            let added = JSONMerge.merge(base: nil, ours: nil, theirs: sample.theirs)
            #expect(added.isClean && added.value == sample.theirs)
        }
    }

    @Test func sameChangeOnBothSidesIsThatChange() async {
        await propertyCheck(count: 300, input: Self.cases) { sample in
            let result = JSONMerge.merge(base: sample.base, ours: sample.ours, theirs: sample.ours)
            #expect(result.isClean)
            #expect(result.value == sample.ours)
            #expect(JSONMerge.merge(base: sample.base, ours: sample.base, theirs: sample.base).value == sample.base)
        }
    }

    @Test func editsOfDifferentMembersBothSurvive() async {
        await propertyCheck(count: 300, input: Self.disjointCases) { sample in
            let result = JSONMerge.merge(base: sample.base, ours: sample.ours, theirs: sample.theirs)
            var expected = sample.base.objectValue ?? [:]
            expected["a"] = sample.ours["a"]
            expected["b"] = sample.theirs["b"]
            #expect(result.isClean)
            #expect(JSONSemantics.equal(result.value, .object(expected)), "\(result.value?.compactText() ?? "absent")")
        }
    }

    @Test func editsOfDifferentElementsBothSurvive() async {
        let cases = Generator { rng in
            let ids = RandomJSON.idPool.shuffled(using: &rng).prefix(Int.random(in: 2...5, using: &rng))
            let items = ids.map { RandomJSON.idObject($0, depth: 2, rng: &rng) }
            let mine = Int.random(in: 0..<items.count, using: &rng)
            let other = (mine + Int.random(in: 1..<items.count, using: &rng)) % items.count
            var ours = items
            var theirs = items
            ours[mine] = .object(RandomEdit.editObject(items[mine].objectValue ?? [:], keepingID: true, rng: &rng))
            theirs[other] = .object(RandomEdit.editObject(items[other].objectValue ?? [:], keepingID: true, rng: &rng))
            return MergeCase(base: ["items": .array(items)], ours: ["items": .array(ours)], theirs: ["items": .array(theirs)])
        }
        await propertyCheck(count: 300, input: cases) { sample in
            let result = JSONMerge.merge(base: sample.base, ours: sample.ours, theirs: sample.theirs)
            let sides = [sample.base, sample.ours, sample.theirs].map { $0["items"]?.arrayValue ?? [] }
            let expected = sides[0].indices.map { index in
                JSONSemantics.equal(sides[0][index], sides[1][index]) ? sides[2][index] : sides[1][index]
            }
            #expect(result.isClean)
            #expect(JSONSemantics.equal(result.value, ["items": .array(expected)]))
        }
    }

    /// The sequence merge on its own (the value rules usually answer these cases before it runs).
    @Test func sequenceMergeWithAnUnchangedSideGivesTheOther() async {
        let arrays = Generator { rng in
            let base = RandomJSON.scalarArray(&rng)
            return (base, RandomEdit.editScalarArray(base, rng: &rng))
        }
        await propertyCheck(count: 300, input: arrays) { base, edited in
            let expected = JSONValue.array(edited)
            #expect(JSONSemantics.equal(SequenceMerge.merge(base: base, ours: edited, theirs: base).map(JSONValue.array), expected))
            #expect(JSONSemantics.equal(SequenceMerge.merge(base: base, ours: base, theirs: edited).map(JSONValue.array), expected))
            #expect(JSONSemantics.equal(SequenceMerge.merge(base: base, ours: edited, theirs: edited).map(JSONValue.array), expected))
        }
    }

    /// The diff finds a longest common subsequence, and its hunks rebuild the side.
    @Test func diffIsALongestCommonSubsequence() async {
        let pairs = Generator { rng in
            let length = { (rng: inout any SeededRandomNumberGenerator) in Int.random(in: 0...14, using: &rng) }
            let base = (0..<length(&rng)).map { _ in Int.random(in: 0..<4, using: &rng) }
            let side = (0..<length(&rng)).map { _ in Int.random(in: 0..<4, using: &rng) }
            return (base, side)
        }
        await propertyCheck(count: 500, input: pairs) { base, side in
            let matches = SequenceDiff.matches(base, side)
            #expect(matches.allSatisfy { base[$0.0] == side[$0.1] })
            #expect(zip(matches, matches.dropFirst()).allSatisfy { $0.0 < $1.0 && $0.1 < $1.1 })
            #expect(matches.count == Self.lcsLength(base, side))
            var rebuilt: [Int] = []
            var cursor = 0
            for hunk in SequenceDiff.hunks(from: base, to: side) {
                rebuilt += base[cursor..<hunk.baseRange.lowerBound] + side[hunk.sideRange]
                cursor = hunk.baseRange.upperBound
            }
            rebuilt += base[cursor...]
            #expect(rebuilt == side)
        }
    }

    /// The textbook dynamic-programming LCS length, as a reference.
    static func lcsLength(_ lhs: [Int], _ rhs: [Int]) -> Int {
        var table = Array(repeating: Array(repeating: 0, count: rhs.count + 1), count: lhs.count + 1)
        for row in lhs.indices {
            for column in rhs.indices {
                table[row + 1][column + 1] =
                    lhs[row] == rhs[column] ? table[row][column] + 1 : max(table[row][column + 1], table[row + 1][column])
            }
        }
        return table[lhs.count][rhs.count]
    }

    @Test func resultIsValidJSONWithUniqueIDsAndOursAtConflicts() async {
        await propertyCheck(count: 400, input: Self.cases) { sample in
            let result = JSONMerge.merge(base: sample.base, ours: sample.ours, theirs: sample.theirs)
            guard let value = result.value else {
                Issue.record("two edits of a document never delete it")
                return
            }
            let reparsed = try JSONParser.parse(value.canonicalText())
            #expect(reparsed == value)
            #expect(Self.itemsArraysHaveUniqueIDs(value))
            for conflict in result.conflicts {
                guard let ours = conflict.ours else { continue }
                #expect(JSONSemantics.equal(value.value(at: conflict.pointer), ours), "ours kept at \(conflict.pointer)")
            }
        }
    }

    @Test func cleanlinessIsSymmetric() async {
        await propertyCheck(count: 400, input: Self.cases) { sample in
            let forward = JSONMerge.merge(base: sample.base, ours: sample.ours, theirs: sample.theirs)
            let backward = JSONMerge.merge(base: sample.base, ours: sample.theirs, theirs: sample.ours)
            #expect(forward.isClean == backward.isClean)
            #expect(forward.conflicts.count == backward.conflicts.count)
        }
    }

    @Test func mergingADocumentWithItselfIsTheIdentity() async {
        await propertyCheck(count: 200, input: Self.documents) { document in
            let result = JSONMerge.merge(base: document, ours: document, theirs: document)
            #expect(result.isClean && result.value == document)
        }
    }

    /// `document` with member `key` edited, replaced, deleted or added.
    static func editMember(_ key: String, of document: JSONValue, rng: inout some RandomNumberGenerator) -> JSONValue {
        var object = document.objectValue ?? [:]
        switch (object[key], Int.random(in: 0..<3, using: &rng)) {
        case (.some, 0): object[key] = nil
        case (let member?, 1): object[key] = RandomEdit.edit(member, key: key, rng: &rng)
        default: object[key] = RandomJSON.value(forKey: key, depth: 2, rng: &rng)
        }
        return .object(object)
    }

    /// Whether every `items` array anywhere in `value` holds objects with unique string ids.
    static func itemsArraysHaveUniqueIDs(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let object):
            if case .array(let items)? = object["items"], IDs.of(items) == nil { return false }
            return object.values.allSatisfy(itemsArraysHaveUniqueIDs)
        case .array(let elements):
            return elements.allSatisfy(itemsArraysHaveUniqueIDs)
        default:
            return true
        }
    }
}
