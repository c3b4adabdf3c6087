import FlyteModel
import Foundation
import Testing
@testable import MetadataStores

/// Rows read in place (`SQLRow`) give what the SQL literals say, on both databases, and agree with the same row
/// read as values.
@Suite struct SQLRowTests {
    /// One row of every kind of column the store reads, written as literals so the expectations come from the SQL.
    static func literalRow(_ backend: Backend) -> String {
        let blob = backend == .sqlite ? "X'00ff10'" : "'\\x00ff10'::bytea"
        let yes = backend == .sqlite ? "1" : "true"
        return "SELECT 'ml.train.fit' AS t, 42 AS i, -9223372036854775808 AS lo, NULL AS n, \(blob) AS b, '' AS e, "
            + "'€ and ü' AS u, \(yes) AS yes, 2.5 AS f, '2026-11-21 06:09:25.123456+00:00' AS ts"
    }

    static func database(_ backend: Backend) throws -> (TestDatabase, SQLDatabase) {
        let t = try TestDatabase(backend)
        return (t, try t.database())
    }

    @Test(arguments: Backend.available) func columnsReadInPlaceMatchTheLiterals(_ backend: Backend) throws {
        let (t, db) = try Self.database(backend)
        _ = t
        var seen = 0
        try db.query(Self.literalRow(backend), []) { r in
            seen += 1
            #expect(r.count == 10)
            #expect(r.string(0) == "ml.train.fit")
            #expect(r.int(1) == 42)
            #expect(r.int(2) == Int64.min)
            #expect(r.isNull(3) && r.string(3) == nil && r.int(3) == nil && r.bytes(3) == nil)
            #expect(r.withBytes(3) { _ in 1 } == nil)
            #expect(r.bytes(4) == [0x00, 0xff, 0x10])
            #expect(r.string(5) == "" && !r.isNull(5))
            #expect(r.string(6) == "€ and ü")
            #expect(r.int(7) == 1)
            #expect(r.value(8) == .double(2.5))
            #expect(r.withBytes(9) { DBTime.parse(utf8: $0) } == DBTime.parse("2026-11-21 06:09:25.123456+00:00"))
        }
        #expect(seen == 1)
    }

    @Test(arguments: Backend.available) func aRowsValuesAreTheSameReadEitherWay(_ backend: Backend) throws {
        let (t, db) = try Self.database(backend)
        _ = t
        let values = try db.rows(Self.literalRow(backend))
        try #require(values.count == 1)
        try db.query(Self.literalRow(backend), []) { r in
            let viaRow = SQLRow(values: values[0])
            for i in 0..<r.count {
                #expect(r.string(i) == viaRow.string(i), "column \(i)")
                #expect(r.int(i) == viaRow.int(i), "column \(i)")
                #expect(r.isNull(i) == viaRow.isNull(i), "column \(i)")
            }
        }
    }

    @Test(arguments: Backend.available) func repeatedStringsShareEqualValuesAndNotOthers(_ backend: Backend) throws {
        let (t, db) = try Self.database(backend)
        _ = t
        // Three rows: the first column repeats a long string, the second changes, the third is NULL once.
        let sql = """
            SELECT 'data-eng/a-long-enough-value' AS a, 'x' || v AS b, CASE WHEN v = 2 THEN NULL ELSE 'same' END AS c
            FROM (SELECT 1 AS v UNION ALL SELECT 2 UNION ALL SELECT 3) s ORDER BY v
            """
        var strings = RepeatedStrings()
        var got: [[String?]] = []
        var identities: [UInt] = []
        try db.query(sql, []) { r in
            let a = strings.string(r, 0)
            got.append([a, strings.string(r, 1), strings.string(r, 2)])
            // The storage of a shared string is the same object: compare the UTF-8 base addresses.
            var copy = a ?? ""
            identities.append(copy.withUTF8 { UInt(bitPattern: $0.baseAddress) })
        }
        #expect(got == [["data-eng/a-long-enough-value", "x1", "same"], ["data-eng/a-long-enough-value", "x2", nil],
                        ["data-eng/a-long-enough-value", "x3", "same"]])
        #expect(Set(identities).count == 1)
    }
}
