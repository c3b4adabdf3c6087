import Foundation
import FlyteIDL
import Testing
@testable import FlyteModel

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-11-21 06:09:25.123456+00:00", 1_795_241_365.123456),
        ("2026-11-21 06:09:25+00", 1_795_241_365.0),
        ("2026-11-21T06:09:25Z", 1_795_241_365.0),
        ("2026-11-21T08:09:25.5+02:00", 1_795_241_365.5),
        ("2026-11-21 01:09:25-0500", 1_795_241_365.0),
        ("1970-01-01 00:00:00+00", 0.0),
        ("2000-02-29 12:00:00Z", 951_825_600.0),
    ])
    func parsesDatabaseTimestamps(text: String, epoch: Double) throws {
        // Expected epochs computed with `date -u -d <text> +%s.%N`.
        let d = try #require(DBTime.parse(text))
        #expect(abs(d.timeIntervalSince1970 - epoch) < 1e-6)
    }

    @Test(arguments: ["", "2026-13-01 00:00:00", "2026-11-21", "yesterday", "2026-11-21 06:09:25+0x", "2026-11-21 06:09:25 garbage"])
    func rejectsGarbage(text: String) {
        #expect(DBTime.parse(text) == nil)
    }

    @Test func formatRoundTripsAndSortsAsText() throws {
        let dates = [0.0, 951_825_600.25, 1_795_241_365.123456, 4_102_444_800.000001].map { Date(timeIntervalSince1970: $0) }
        for d in dates {
            let t = DBTime.format(d)
            #expect(t.count == 32)
            let back = try #require(DBTime.parse(t))
            #expect(abs(back.timeIntervalSince(d)) < 1e-6)
        }
        let texts = dates.map(DBTime.format)
        #expect(texts == texts.sorted(), "fixed-width UTC text sorts like time")
        #expect(DBTime.iso(Date(timeIntervalSince1970: 1_795_241_365.1239)) == "2026-11-21T06:09:25.124Z")
    }
}

@Suite struct TerminalTextTests {
    @Test func escapesControlAndBidiCharacters() {
        #expect(TerminalText.sanitize("red\u{1B}[31mX") == "red^[[31mX")
        #expect(TerminalText.sanitize("a\u{07}b") == "a\\x07b")
        #expect(TerminalText.sanitize("l1\nl2\tt\r") == "l1\\nl2\\tt\\r")
        #expect(TerminalText.sanitize("\u{9B}") == "\\x9b")
        #expect(TerminalText.sanitize("x\u{202E}y") == "x\\u{202E}y")
        #expect(TerminalText.sanitize("Zoë 🌍 日本") == "Zoë 🌍 日本")
    }

    @Test func sanitisedTextHasNoUnsafeScalars() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let s = String(String.UnicodeScalarView((0..<40).compactMap { _ in Unicode.Scalar(UInt32.random(in: 0...0x2100, using: &rng)) }))
            #expect(!TerminalText.sanitize(s).unicodeScalars.contains(where: TerminalText.isUnsafe))
        }
    }
}

@Suite struct DisplayWidthTests {
    @Test func measuresWideAndZeroWidth() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("日本") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1, "combining acute accent")
        #expect(DisplayWidth.of("🌍") == 2)
    }

    @Test func truncatesAndPadsByColumns() {
        #expect(DisplayWidth.truncate("日本語テキスト", to: 7) == "日本語…")
        #expect(DisplayWidth.of(DisplayWidth.truncate("日本語テキスト", to: 7)) <= 7)
        #expect(DisplayWidth.pad("ab", to: 4) == "ab  ")
        #expect(DisplayWidth.pad("ab", to: 4, right: true) == "  ab")
        #expect(DisplayWidth.truncate("short", to: 10) == "short")
    }
}

@Suite struct PhaseTests {
    @Test func numbersAndNamesFollowTheReference() {
        // shared/reference/flyte-data-model.md §7
        let expected: [(Int, String, Bool)] = [(1, "queued", false), (2, "waiting_for_resources", false), (3, "initializing", false),
                                               (4, "running", false), (5, "succeeded", true), (6, "failed", true), (7, "aborted", true),
                                               (8, "timed_out", true), (9, "paused", false), (10, "recovered", true)]
        for (n, name, terminal) in expected {
            let p = Phase(number: n)
            #expect(p.name == name)
            #expect(p.isTerminal == terminal)
            #expect(Phase(parsing: name) == p)
            #expect(Phase(parsing: "ACTION_PHASE_" + name.uppercased()) == p)
        }
        #expect(Phase(number: 99) == .unspecified)
        #expect(Phase(parsing: "bogus") == nil)
        #expect(Set(Phase.allCases.map { $0.symbol() }).count == Phase.allCases.count, "every phase has its own symbol")
    }

    @Test func durationsParseAndPrint() {
        #expect(DurationText.parse("30d") == 2_592_000.0)
        #expect(DurationText.parse("12h") == 43200)
        #expect(DurationText.parse("x") == nil)
        #expect(DurationText.short(0.25) == "250ms")
        #expect(DurationText.short(75) == "1m15s")
        #expect(DurationText.short(3 * 3600 + 120) == "3h02m")
    }
}

/// A task spec's default inputs, decoded the way the task screen shows them.
@Suite struct TaskDefaultsTests {
    @Test("default inputs from the SDK's TaskSpec fixture read as name = value")
    func sdkFixture() throws {
        // Tests/FlyteIDLTests/Fixtures/wire/task_spec.pb was written by flyteidl2 (scripts/fixtures/wire_fixtures.py):
        // one default input, x = 3.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FlyteIDLTests/Fixtures/wire/task_spec.pb")
        let spec = try Flyteidl2_Task_TaskSpec(serializedBytes: try Data(contentsOf: url))
        #expect(TaskSpecInfo(spec: spec).defaultInputs == ["x = 3"])
    }

    @Test("a required input without a default says so")
    func required() {
        var p = Flyteidl2_Task_NamedParameter()
        p.name = "n"
        p.parameter.required = true
        #expect(TaskSpecInfo.defaultText(p) == "n (required)")
        p.parameter.default = Flyteidl2_Core_Literal.with { $0.scalar.primitive.stringValue = "hi" }
        #expect(TaskSpecInfo.defaultText(p) == "n = \"hi\"")
    }
}
