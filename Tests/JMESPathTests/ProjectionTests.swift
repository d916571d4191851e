import JMESPath
import XCTest

/// Projections: where they stop, how they nest and flatten, and filters.
final class ProjectionTests: XCTestCase {
    let nested = #"{"foo": [{"bar": [1, 2]}, {"bar": [3, 4]}, {"baz": 0}]}"#

    func testPipeStopsAProjection() {
        assertSearch("foo[*].bar | [0]", nested, "[1, 2]")  // [0] of the projected list
        assertSearch("foo[*].bar[0]", nested, "[1, 3]")     // [0] of each element
        assertSearch("foo[].bar[] | [2]", nested, "3")
    }

    func testNestedProjectionsNestAndFlattenMerges() {
        let doc = #"{"a": [[{"b": [{"c": 1}, {"c": 2}]}], [{"b": [{"c": 3}]}]]}"#
        assertSearch("a[*][*].b[*].c", doc, "[[[1, 2]], [[3]]]")
        assertSearch("a[][].b[].c", doc, "[1, 2, 3]")
        assertSearch("a[].b[].c", doc, "[1, 2, 3]")
        assertSearch("foo[*].bar[*]", nested, "[[1, 2], [3, 4]]")
    }

    func testProjectionDropsNullsAndNeedsTheRightType() {
        assertSearch("foo[*].bar", nested, "[[1, 2], [3, 4]]")
        assertSearch("foo.*", nested, "null")  // an object projection of an array
        assertSearch("@.*", nested, "[[{\"bar\": [1, 2]}, {\"bar\": [3, 4]}, {\"baz\": 0}]]")
        assertSearch("foo[0].*", nested, "[[1, 2]]")
        assertSearch("foo.bar[*]", nested, "null")
        assertSearch("*.bar", #"{"x": {"bar": 1}, "y": [], "z": {"bar": 2}}"#, "[1, 2]")
    }

    func testFiltersCompareWithPythonEqualityAndOrderOnlyNumbersAndStrings() {
        let items = #"{"items": [{"n": "a", "v": 1}, {"n": "b", "v": "2"}, {"n": "c", "v": true}, {"n": "d", "v": 1.0}, {"n": "e"}]}"#
        assertSearch("items[?v == `1`].n", items, #"["a", "d"]"#)         // 1 == 1.0, true is not 1
        assertSearch("items[?v == `true`].n", items, #"["c"]"#)
        assertSearch("items[?v != `1`].n", items, #"["b", "c", "e"]"#)
        assertSearch("items[?n > 'b'].n", items, #"["c", "d", "e"]"#)     // strings order by code point
        assertSearch("items[?v > `0`].n", #"{"items": [{"n": "a", "v": 1}, {"n": "c", "v": true}, {"n": "x"}]}"#, #"["a"]"#)
        assertSearch("[?@ > `1`]", "[3, 1, 2.5]", "[3, 2.5]")
        assertSearch("items[?`[1]` == `[true]`] | length(@)", items, "5")  // Python: [1] == [True] inside arrays
        assertError("items[?v < 'c'].n", items, .invalidType)              // Python cannot order 1 against 'c'
    }

    func testTruthinessOfFiltersNotAndOr() {
        assertSearch("[?!@]", #"[0, "", [], {}, null, false, true, "x"]"#, #"["", [], {}, false]"#)
        assertSearch("!@", "0", "false")
        assertSearch("a || b", #"{"a": 0, "b": 1}"#, "0")
        assertSearch("a && b", #"{"a": [], "b": 1}"#, "[]")
    }

    func testSlices() {
        let doc = #"{"a": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}"#
        assertSearch("a[::-1]", doc, "[9, 8, 7, 6, 5, 4, 3, 2, 1, 0]")
        assertSearch("a[-1:-4:-1]", doc, "[9, 8, 7]")
        assertSearch("a[8:2:-3]", doc, "[8, 5]")
        assertSearch("a[:-8:-2]", doc, "[9, 7, 5, 3]")
        assertSearch("a[100:]", doc, "[]")
        assertSearch("a[-100:2]", doc, "[0, 1]")
        assertSearch("a[1:5:2]", doc, "[1, 3]")
        assertError("a[::0]", doc, .invalidValue)
        assertSearch("b[::0]", doc, "null")  // as in Python: the step is only checked on an array
    }

    /// jmespath.py appends a bracket to an index expression without projecting, even a slice.
    func testSliceAfterAnIndexDoesNotProject() {
        let doc = #"{"a": [[{"b": 1}, {"b": 2}, {"b": 3}]]}"#
        assertSearch("a[0][1:3].b", doc, "null")
        assertSearch("a[0][0:2][1]", doc, #"{"b": 2}"#)
        assertSearch("a[0][1:3][*].b", doc, "[2, 3]")
        assertSearch("a[*][1:3]", doc, #"[[{"b": 2}, {"b": 3}]]"#)
    }

    func testMultiSelectKeepsKeyOrderAndNullStops() {
        assertSearch("{z: `1`, a: `2`, z: `3`}", "{}", #"{"z": 3, "a": 2}"#)
        assertSearch("[a, b]", "null", "null")
        assertSearch("{a: a}", "null", "null")
    }
}
