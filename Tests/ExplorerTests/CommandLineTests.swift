import Explorer
import Terminal
import Testing

@Suite("Command line, filter, cursor")
struct CommandLineTests {
    @Test("k9s grammar: resource, scope, filter")
    func parse() throws {
        #expect(try ExplorerCommand.parse("runs").get() == .runs(project: nil, domain: nil, filter: nil))
        #expect(try ExplorerCommand.parse("runs ml/prod /fail|abort").get() == .runs(project: "ml", domain: "prod", filter: "fail|abort"))
        #expect(try ExplorerCommand.parse("runs /!succeeded").get() == .runs(project: nil, domain: nil, filter: "!succeeded"))
        #expect(try ExplorerCommand.parse("run rabc").get() == .run("rabc"))
        #expect(try ExplorerCommand.parse("q").get() == .quit)
        #expect(try ExplorerCommand.parse("domain staging").get() == .domain("staging"))
        if case .failure(let e) = ExplorerCommand.parse("run") { #expect(e.message.contains("needs a run name")) } else { Issue.record("expected failure") }
    }

    @Test("completion: unique prefix completes, ambiguous lists the options")
    func complete() {
        #expect(ExplorerCommand.complete("pro") { _ in [] }.line == "projects ")
        let amb = ExplorerCommand.complete("t") { _ in [] }
        #expect(amb.options == ["tasks", "triggers", "theme"])
        #expect(ExplorerCommand.complete("runs fly") { _ in ["flytesnacks/development", "ml/prod"] }.line == "runs flytesnacks/development ")
    }

    @Test("filters are case-insensitive regexes, literal when invalid, ! inverts")
    func filters() {
        #expect(ListFilter("FAIL")!.matches("x failed y"))
        #expect(ListFilter("^r[0-9]")!.matches("r1 task"))
        #expect(!ListFilter("!^r[0-9]")!.matches("r1 task"))
        let lit = ListFilter("a(b")!
        #expect(!lit.isRegex && lit.matches("xa(by"))
        #expect(ListFilter("   ") == nil)
    }

    @Test("the cursor stays inside the list and the window follows it")
    func cursor() {
        var c = ListCursor()
        c.move(by: 25, count: 10, visible: 4)
        #expect(c.selected == 9 && c.top == 6)
        c.move(by: -8, count: 10, visible: 4)
        #expect(c.selected == 1 && c.top == 1)
        c.clamp(count: 0, visible: 4)
        #expect(c.selected == 0 && c.top == 0)
    }

    @Test("the line editor edits like readline")
    func editor() {
        var e = LineEditor("runs abc")
        _ = e.apply(.ctrl("w"))
        #expect(e.text == "runs ")
        _ = e.apply(.home)
        _ = e.apply(.char(":"))
        #expect(e.text == ":runs " && e.cursor == 1)
        _ = e.apply(.ctrl("k"))
        #expect(e.text == ":")
    }
}
