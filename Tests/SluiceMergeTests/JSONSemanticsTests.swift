import SluiceJSON
import SluiceTestSupport
import Testing

@testable import SluiceMerge

/// The equality the merge rules use.
@Suite struct JSONSemanticsTests {
    @Test(arguments: [
        ("1", "1.0"), ("1e2", "100"), ("100", "1E+2"), ("-0", "0"), ("0.5", "5e-1"), ("0.0", "0e10"),
        ("-1.50", "-15e-1"), ("12300", "1.23e4"), ("0.001", "1e-3"),
    ])
    func numbersEqualByValue(lhs: String, rhs: String) throws {
        let left = try json(lhs)
        let right = try json(rhs)
        #expect(JSONSemantics.equal(left, right))
        #expect(SemanticKey(left).hashValue == SemanticKey(right).hashValue)
    }

    @Test(arguments: [("1", "2"), ("1", "-1"), ("1.5", "15"), ("10", "1"), ("1e400", "1e401"), ("1", "\"1\"")])
    func differentNumbersDiffer(lhs: String, rhs: String) throws {
        #expect(!JSONSemantics.equal(try json(lhs), try json(rhs)))
    }

    @Test func objectsIgnoreKeyOrderArraysDoNot() throws {
        #expect(JSONSemantics.equal(try json(#"{"a": 1, "b": [1, {"c": 2, "d": 3}]}"#), try json(#"{"b": [1.0, {"d": 3, "c": 2}], "a": 1}"#)))
        #expect(!JSONSemantics.equal(try json("[1, 2]"), try json("[2, 1]")))
        #expect(!JSONSemantics.equal(try json(#"{"a": 1}"#), try json(#"{"a": 1, "b": 1}"#)))
        #expect(!JSONSemantics.equal(try json(#"{"a": null}"#), try json(#"{"b": null}"#)))
    }

    @Test func absentIsOnlyEqualToAbsent() {
        #expect(JSONSemantics.equal(nil, nil))
        #expect(!JSONSemantics.equal(JSONValue.null, JSONValue?.none))
        #expect(!JSONSemantics.equal(JSONValue?.none, JSONValue.null))
    }

    @Test func hugeExponentsFallBackToTheLiteral() throws {
        let number = try #require(JSONNumber(literal: "1e99999999999999999999"))
        #expect(JSONSemantics.canonicalNumber(number) == "1e99999999999999999999")
    }
}
