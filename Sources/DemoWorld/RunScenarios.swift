import FlyteIDL
import FlyteModel
import Foundation

/// The shapes of run the demo world contains, each exercising different Flyte features.
enum Scenario: CaseIterable {
    case hello, etl, training, dailyReport, legacy
}

/// Where a run is in its life when the world's clock stops.
enum RunState {
    case finished, failed, aborted, inFlight
}

extension ActionPlanner {
    typealias L = Flyteidl2_Core_Literal

    mutating func ok(_ runtime: Double) -> AttemptPlan {
        AttemptPlan(end: .succeeded, queued: Double(rng.int(1...6)), initializing: Double(rng.int(4...20)), runtime: runtime)
    }

    /// Plans the run `ctx.id` of `scenario` starting at `start`, ending in `state`.
    mutating func plan<S: WorldSink>(_ scenario: Scenario, ctx: RunContext, start: Date, state: RunState,
                                     source: RunSource, trigger: TriggerRef?, user: String, sink: inout S) throws {
        switch scenario {
        case .hello: try hello(ctx: ctx, start: start, state: state, source: source, user: user, sink: &sink)
        case .etl: try etl(ctx: ctx, start: start, state: state, source: source, user: user, shards: nil, sink: &sink)
        case .training: try training(ctx: ctx, start: start, state: state, source: source, user: user, sink: &sink)
        case .dailyReport: try daily(ctx: ctx, start: start, state: state, trigger: trigger, user: user, sink: &sink)
        case .legacy: try legacy(ctx: ctx, start: start, state: state, source: source, user: user, sink: &sink)
        }
    }

    /// The root's attempt plan for a run that ends in `state` after its children take `childTime` seconds.
    mutating func rootPlan(_ state: RunState, childTime: Double, failure: AttemptPlan.End) -> [AttemptPlan] {
        switch state {
        case .finished: [AttemptPlan(end: .succeeded, queued: 3, initializing: 12, runtime: childTime + 5)]
        case .failed: [AttemptPlan(end: failure, queued: 3, initializing: 12, runtime: childTime + 2)]
        case .aborted: [AttemptPlan(end: .aborted, queued: 3, initializing: 12, runtime: childTime)]
        case .inFlight: [AttemptPlan(end: .running, queued: 3, initializing: 12, runtime: 0)]
        }
    }

    static let strangeNames = ["Zoë 🌍", "Ωmega", "日本語の名前", "bad\u{1B}[31mred\u{1B}[0m", "tab\tand\nnewline", "\u{202E}evil", "plain"]

    // MARK: hello

    mutating func hello<S: WorldSink>(ctx: RunContext, start: Date, state: RunState, source: RunSource, user: String, sink: inout S) throws {
        let name = rng.pick(Self.strangeNames)
        let times = Int64(rng.int(-2...9))
        let ratios: [Double] = [0.5, 1.25, .nan, .infinity, -.infinity, -0.0, 3.141592653589793]
        let ratio = rng.pick(ratios)
        let loud = rng.chance(0.5)
        let fails = state == .failed || times < 0
        let plans: [AttemptPlan] = fails
            ? [AttemptPlan(end: .failed(code: "ValueError", message: "Traceback (most recent call last):\n  File \"hello.py\", line 12, in say_hello\nValueError: times must be positive, got \(times)", kind: .user, recoverable: false), runtime: 2.5)]
            : (state == .inFlight ? [AttemptPlan(end: rng.pick([.running, .queued, .initializing]), runtime: 0)] : [ok(Double(rng.int(1...40)) / 4)])
        let greeting = (loud ? "HELLO, " : "Hello, ") + name + String(repeating: "!", count: max(0, Int(times)))
        _ = try task(TaskCatalog.hello, ctx: ctx, name: "a0", parent: nil, group: nil, start: start, attempts: plans,
                     inputs: [("name", Lit.str(name)), ("times", Lit.int(times)), ("ratio", Lit.float(ratio)), ("loud", Lit.bool(loud))],
                     outputs: { _, _ in ([("greeting", Lit.str(greeting)), ("at", Lit.datetime(start.addingTimeInterval(20))), ("took", Lit.duration(1.75))], []) },
                     root: (source, nil, user, nil), sink: &sink)
    }

    // MARK: etl

    mutating func etl<S: WorldSink>(ctx: RunContext, start: Date, state: RunState, source: RunSource, user: String, shards wide: Int?, sink: inout S) throws {
        let run = ctx.id
        let feed = "\(ctx.layout.storagePrefix)/raw/orders/\(rng.pick(["2026-10", "2026-11"]))/feed.csv"
        let limit: L = rng.chance(0.5) ? Lit.union(Lit.int(Int64(rng.int(1000...50000))), variant: LitType.simple(.integer))
                                       : Lit.union(Lit.none(), variant: LitType.simple(.none))
        let options = MsgPack.map([(.string("dedupe"), .bool(true)), (.string("columns"), .array([.string("id"), .string("amount"), .string("ts")])),
                                   (.int(42), .string("non-string key")), (.string("threshold"), .double(0.75)),
                                   (.string("since"), MsgPack.timestamp(seconds: Int64(start.timeIntervalSince1970) - 86400, nanos: 0))])
        if !ctx.metadataOnly {
            // The external feed the run reads: uploaded beside the runs' data, under raw/ (where the raw-data rule reaches).
            try sink.object(ObjectRow(uri: feed, bytes: Array("id,amount,ts\n1,9.5,2026-11-01T00:00:00Z\n".utf8), writtenAt: start.addingTimeInterval(-3600),
                                      kind: .offloadedData, run: run, action: "a0", attempt: nil, shared: true))
        }
        let rootInputs: [(String, L)] = [("source", Lit.blob(uri: feed, format: "csv", dir: false)),
                                         ("since", Lit.datetime(start.addingTimeInterval(-86400))),
                                         ("options", Lit.msgpack(options)), ("limit", limit)]
        // Children first (they finish before the root), then the root row.
        var t = start.addingTimeInterval(25)
        t = try trace(ctx: ctx, name: "fetch_manifest", parent: "a0", start: t, duration: 1.2,
                      inputs: [("feed", Lit.str(feed))], outputs: [("files", Lit.list([Lit.str("part-0.csv"), Lit.str("part-1.csv")]))], sink: &sink)
        let inFlight = state == .inFlight || state == .aborted
        let extract = try task(TaskCatalog.etlExtract, ctx: ctx, name: childName(), parent: "a0", group: nil, start: t.addingTimeInterval(1),
                               attempts: [ok(Double(rng.int(30...200)))], inputs: [("source", Lit.blob(uri: feed, format: "csv", dir: false))],
                               outputs: { r, p in
                                   let u = "\(p)/\(r.hex32())"
                                   return ([("raw", Lit.dataset(uri: u, format: "parquet", columns: [("id", .integer), ("amount", .float), ("ts", .datetime)]))],
                                           [(u + "/00000", Array("PAR1 demo parquet bytes".utf8) + [UInt8](repeating: 1, count: 2048), .offloadedData)])
                               }, sink: &sink)
        let shards = wide ?? rng.int(3...6)
        var parts: [L] = []
        var latest = extract.end
        let stopAt = inFlight ? rng.int(0...(shards - 1)) : shards
        for s in 0..<shards {
            var plans: [AttemptPlan] = []
            if s == 1 && rng.chance(0.5) {
                plans.append(AttemptPlan(end: .failed(code: "OOMKilled", message: "container primary was OOMKilled (memory limit 2Gi)", kind: .system, recoverable: true), runtime: 40))
            }
            if s == stopAt {
                plans.append(AttemptPlan(end: state == .aborted ? .aborted : .running, runtime: 0))
            } else if s > stopAt {
                plans.append(AttemptPlan(end: state == .aborted ? .aborted : .queued, queued: 0, initializing: 0, runtime: 0))
            } else {
                plans.append(ok(Double(rng.int(20...120))))
            }
            let rows = Int64(rng.int(1000...90000))
            let r = try task(TaskCatalog.etlShard, ctx: ctx, name: childName(), parent: "a0", group: "transform", start: extract.end.addingTimeInterval(Double(s) * 0.7 + 1),
                             attempts: plans, inputs: [("raw", Lit.dataset(uri: extract.uri("raw") ?? extract.attemptPrefix + "/raw", format: "parquet", columns: [])), ("shard", Lit.int(Int64(s)))],
                             outputs: { r, p in
                                 let u = "\(p)/\(r.hex32())"
                                 return ([("rows", Lit.int(rows)), ("part", Lit.dataset(uri: u, format: "parquet", columns: [("id", .integer), ("amount", .float)]))],
                                         [(u + "/00000", Array("PAR1 shard".utf8) + [UInt8](repeating: 2, count: 1024), .offloadedData)])
                             }, sink: &sink)
            latest = max(latest, r.end)
            parts.append(Lit.dataset(uri: r.uri("part") ?? r.attemptPrefix + "/part", format: "parquet", columns: []))
        }
        var end = latest
        if !inFlight {
            let loadFails = state == .failed
            let load = try task(TaskCatalog.etlLoad, ctx: ctx, name: childName(), parent: "a0", group: nil, start: latest.addingTimeInterval(2),
                                attempts: loadFails ? [AttemptPlan(end: .failed(code: "IntegrityError", message: "duplicate key value violates unique constraint \"orders_pkey\"\nDETAIL: Key (id)=(8812) already exists.", kind: .user, recoverable: false), runtime: 33)] : [ok(Double(rng.int(15...90)))],
                                inputs: [("parts", Lit.list(parts))],
                                outputs: { r, p in
                                    let d = "\(p)/\(r.hex32())"
                                    let summary = MsgPack.map([(.string("rows"), .int(Int64(r.int(10000...400000)))), (.string("tables"), .array([.string("orders"), .string("orders_daily")])),
                                                               (.string("warnings"), .array([])), (.string("ok"), .bool(true))])
                                    return ([("report", Lit.blob(uri: d, format: "", dir: true)), ("summary", Lit.msgpack(summary))],
                                            [(d + "/summary.txt", Array("loaded ok\n".utf8), .offloadedData), (d + "/rejects.csv", Array("id,reason\n8812,duplicate\n".utf8), .offloadedData)])
                                }, deck: { r in Self.loadDeck(&r) }, sink: &sink)
            end = load.end
        }
        let rows = Int64(rng.int(10000...400000))
        _ = try task(TaskCatalog.etlRoot, ctx: ctx, name: "a0", parent: nil, group: nil, start: start,
                     attempts: rootPlan(state, childTime: end.timeIntervalSince(start) - 15, failure: .failed(code: "RuntimeError", message: "child action etl.load failed", kind: .user, recoverable: false)),
                     inputs: rootInputs,
                     outputs: { _, p in ([("rows_loaded", Lit.int(rows)), ("table", Lit.dataset(uri: p + "/table", format: "parquet", columns: [("id", .integer), ("amount", .float)]))],
                                                 [(p + "/table/00000", Array("PAR1 loaded table".utf8) + [UInt8](repeating: 3, count: 1024), .offloadedData)]) },
                     deck: { r in Self.pipelineDeck(&r, shards: shards) },
                     root: (source, nil, user, state == .aborted ? "User requested abort" : nil), sink: &sink)
    }

    static func pipelineDeck(_ r: inout SeededRandom, shards: Int) -> String {
        let rows = (0..<shards).map { ["shard \($0)", String(r.int(1000...90000)), String(format: "%.1fs", Double(r.int(200...1200)) / 10)] }
        return DeckHTML.page(tabs: [
            ("main", "<h2>Orders pipeline</h2><p>Loaded the nightly feed in <b>\(shards)</b> shards.</p>" + DeckHTML.table(["shard", "rows", "time"], rows)),
            ("Timeline", "<h3>Timeline</h3><pre>extract   ████████\ntransform         ██████████████\nload                            █████</pre>"),
        ])
    }

    static func loadDeck(_ r: inout SeededRandom) -> String {
        DeckHTML.page(tabs: [("main", "<h2>Load summary</h2><ul><li>orders: \(r.int(10000...400000)) rows</li><li>rejects: \(r.int(0...40))</li></ul><p>See <a href=\"https://wiki.acme.example/etl\">the runbook</a>.</p>")])
    }

    // MARK: training

    mutating func training<S: WorldSink>(ctx: RunContext, start: Date, state: RunState, source: RunSource, user: String, sink: inout S) throws {
        let run = ctx.id
        let data = "\(ctx.layout.storagePrefix)/datasets/images/v\(rng.int(3...5))"
        if !ctx.metadataOnly {
            // The training images the run reads: a shared dataset folder uploaded before the run.
            try sink.object(ObjectRow(uri: data + "/shard-000.tar", bytes: [UInt8](repeating: 5, count: 2048), writtenAt: start.addingTimeInterval(-86400),
                                      kind: .offloadedData, run: run, action: "a0", attempt: nil, shared: true))
        }
        let epochs = Int64(rng.int(3...20))
        let lr = rng.pick([0.1, 0.01, 0.001, 3e-4])
        let config = MsgPack.map([(.string("model"), .string(rng.pick(["resnet50", "vit_b16", "convnext"]))),
                                  (.string("batch_size"), .uint(UInt64(rng.pick([32, 64, 256])))), (.string("mixed_precision"), .bool(true)),
                                  (.string("seed"), .int(-1)), (.string("layers"), .array([.uint(64), .uint(128), .uint(256)])),
                                  (.string("weights"), .binary([0xDE, 0xAD, 0xBE, 0xEF])), (.string("scale"), .float(0.5))])
        var t = start.addingTimeInterval(30)
        let prep = try task(TaskCatalog.prepare, ctx: ctx, name: childName(), parent: "a0", group: nil, start: t,
                            attempts: [ok(Double(rng.int(60...300)))], inputs: [("data", Lit.blob(uri: data, format: "", dir: true))],
                            outputs: { r, p in
                                let a = "\(p)/\(r.hex32())", b = "\(p)/\(r.hex32())"
                                return ([("train", Lit.dataset(uri: a, format: "parquet", columns: [("image", .binary), ("label", .integer)])),
                                         ("test", Lit.dataset(uri: b, format: "parquet", columns: [("image", .binary), ("label", .integer)]))],
                                        [(a + "/00000", [UInt8](repeating: 3, count: 4096), .offloadedData), (b + "/00000", [UInt8](repeating: 4, count: 1024), .offloadedData)])
                            }, sink: &sink)
        t = prep.end.addingTimeInterval(2)
        // Training: preemptions and retries, checkpoints every epoch.
        var plans: [AttemptPlan] = []
        for _ in 0..<rng.int(0...2) {
            plans.append(AttemptPlan(end: .failed(code: "Interrupted", message: "node gpu-pool was preempted (spot reclaim)", kind: .system, recoverable: true), runtime: Double(rng.int(300...1500))))
        }
        let live = state == .inFlight || state == .aborted
        if live && rng.chance(0.6) {
            plans.append(AttemptPlan(end: state == .aborted ? .aborted : .running, runtime: 0))
        } else if state == .failed {
            plans.append(AttemptPlan(end: .failed(code: "RuntimeError", message: "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 39.59 GiB total capacity)", kind: .user, recoverable: false), runtime: 900))
        } else {
            plans.append(ok(Double(rng.int(900...4000))))
        }
        let trainRes = try task(TaskCatalog.train, ctx: ctx, name: childName(), parent: "a0", group: nil, start: t, attempts: plans,
                                inputs: [("train", Lit.dataset(uri: prep.uri("train") ?? prep.attemptPrefix + "/train", format: "parquet", columns: [])), ("epochs", Lit.int(epochs)), ("lr", Lit.float(lr))],
                                outputs: { r, p in
                                    let m = "\(p)/\(r.hex32())/model.pt"
                                    let hist = (0..<Int(epochs)).map { Lit.float(2.3 / Double($0 + 1)) }
                                    return ([("model", Lit.blob(uri: m, format: "pt", dir: false)),
                                             ("metrics", Lit.map(["accuracy": Lit.float(0.9 + Double(r.int(0...90)) / 1000), "loss": Lit.float(0.21), "f1": Lit.float(0.88)])),
                                             ("history", Lit.list(hist))],
                                            [(m, [UInt8](repeating: 9, count: 8192), .offloadedData)])
                                }, checkpoints: true, deck: { r in Self.trainDeck(&r, epochs: Int(epochs)) }, sink: &sink)
        var end = trainRes.end
        var approved = false
        if trainRes.phase == .succeeded {
            end = try trace(ctx: ctx, name: "log_metrics", parent: "a0", start: trainRes.end.addingTimeInterval(1), duration: 0.4,
                            inputs: [("run", Lit.str(run.name))], outputs: [("logged", Lit.bool(true))], sink: &sink)
            let eval = try task(TaskCatalog.evaluate, ctx: ctx, name: childName(), parent: "a0", group: nil, start: end.addingTimeInterval(1),
                                attempts: [ok(Double(rng.int(60...400)))],
                                inputs: [("model", Lit.blob(uri: trainRes.uri("model") ?? trainRes.attemptPrefix + "/model.pt", format: "pt", dir: false)), ("test", Lit.dataset(uri: prep.uri("test") ?? prep.attemptPrefix + "/test", format: "parquet", columns: []))],
                                outputs: { r, p in
                                    let scores = (0..<4).map { i in Lit.msgpack(.map([(.string("label"), .string(["cat", "dog", "car", "tree"][i])),
                                                                                      (.string("precision"), .double(0.8 + Double(r.int(0...199)) / 1000)),
                                                                                      (.string("support"), .uint(UInt64(r.int(100...900))))])) }
                                    // The confusion matrix is big: offloaded to its own serialised Literal.
                                    let n = 64
                                    let matrix = Lit.list((0..<n).map { i in Lit.list((0..<n).map { j in Lit.int(Int64(i == j ? r.int(50...99) : r.int(0...3))) }) })
                                    let mb = Self.bytes(matrix)
                                    let u = "\(p)/\(r.hex32())/literal.pb"
                                    return ([("scores", Lit.list(scores)), ("confusion", Lit.offloaded(uri: u, size: UInt64(mb.count), type: LitType.list(LitType.list(LitType.simple(.integer)))))],
                                            [(u, mb, .offloadedLiteral)])
                                }, deck: { r in Self.evalDeck(&r) }, sink: &sink)
            end = eval.end
            if eval.phase == .succeeded {
                let signal: (value: L, at: Date, by: String)?
                if state == .inFlight {
                    signal = nil
                } else {
                    approved = state == .finished && rng.chance(0.8)
                    signal = (Lit.bool(approved), eval.end.addingTimeInterval(Double(rng.int(120...7200))), rng.pick(["ana", "bo", "chen"]))
                }
                let c = try condition(ctx: ctx, name: "approve_deploy", parent: "a0", start: eval.end.addingTimeInterval(1),
                                      prompt: "Deploy model with accuracy ≥ 0.9 to production?", signalled: signal,
                                      aborted: state == .aborted ? ctx.now.addingTimeInterval(-5) : nil, sink: &sink)
                end = c.end ?? end
                if approved {
                    let d = try task(TaskCatalog.deploy, ctx: ctx, name: childName(), parent: "a0", group: nil, start: end.addingTimeInterval(1),
                                     attempts: [ok(Double(rng.int(20...60)))], inputs: [("model", Lit.blob(uri: trainRes.uri("model") ?? trainRes.attemptPrefix + "/model.pt", format: "pt", dir: false))],
                                     outputs: { _, _ in ([("endpoint", Lit.str("https://serve.acme.example/models/\(run.name)"))], []) }, sink: &sink)
                    end = d.end
                }
            }
        }
        let rootState: RunState = (state == .inFlight && trainRes.phase.isTerminal && trainRes.phase != .succeeded) ? .failed : state
        _ = try task(TaskCatalog.trainRoot, ctx: ctx, name: "a0", parent: nil, group: nil, start: start,
                     attempts: rootPlan(rootState, childTime: end.timeIntervalSince(start) - 15, failure: .failed(code: "RuntimeError", message: "child action ml.train failed after \(plans.count) attempts", kind: .user, recoverable: false)),
                     inputs: [("config", Lit.msgpack(config)), ("epochs", Lit.int(epochs)), ("lr", Lit.float(lr)), ("data", Lit.blob(uri: data, format: "", dir: true))],
                     outputs: { _, _ in ([("model", Lit.blob(uri: trainRes.uri("model") ?? trainRes.attemptPrefix + "/model.pt", format: "pt", dir: false)), ("approved", Lit.bool(approved))], []) },
                     deck: { r in Self.trainDeck(&r, epochs: Int(epochs)) },
                     root: (source, nil, user, state == .aborted ? "Superseded by a newer run" : nil), sink: &sink)
    }

    static func trainDeck(_ r: inout SeededRandom, epochs: Int) -> String {
        let rows = (0..<epochs).map { ["\($0 + 1)", String(format: "%.3f", 2.3 / Double($0 + 1)), String(format: "%.3f", 0.5 + 0.45 * Double($0) / Double(max(1, epochs - 1)))] }
        return DeckHTML.page(tabs: [("main", "<h2>Training</h2>" + DeckHTML.table(["epoch", "loss", "accuracy"], rows)),
                                    ("Resources", "<h3>GPU</h3><p>A100 40GB &times; 1, peak memory 31.2&nbsp;GiB</p>")])
    }

    static func evalDeck(_ r: inout SeededRandom) -> String {
        DeckHTML.page(tabs: [("main", "<h2>Evaluation</h2><ol><li>precision by label</li><li>confusion matrix (offloaded)</li></ol>" +
                                      DeckHTML.table(["label", "precision"], [["cat", "0.91"], ["dog", "0.89"], ["car", "0.97"], ["tree", "0.84"]]))])
    }

    // MARK: daily report (scheduled)

    mutating func daily<S: WorldSink>(ctx: RunContext, start: Date, state: RunState, trigger: TriggerRef?, user: String, sink: inout S) throws {
        let run = ctx.id
        let region = rng.pick(["eu", "us", "apac"])
        let f = try task(TaskCatalog.fetch, ctx: ctx, name: childName(), parent: "a0", group: nil, start: start.addingTimeInterval(20),
                         attempts: [ok(Double(rng.int(10...60)))], inputs: [("region", Lit.str(region))],
                         outputs: { r, p in
                             let big = "\(p)/\(r.hex32())"
                             // A small pickle inline (empty tag) and a large one offloaded as a PythonPickle blob.
                             let pickle: [UInt8] = [0x80, 0x05, 0x95] + Array("demo pickled records for \(region)".utf8) + [0x2E]
                             return ([("records", Lit.pickle(pickle)), ("snapshot", Lit.blob(uri: big, format: "PythonPickle", dir: false))],
                                     [(big, [0x80, 0x05] + [UInt8](repeating: 0x5A, count: 16 * 1024), .offloadedData)])
                         }, sink: &sink)
        var end = f.end
        if state != .inFlight {
            let rd = try task(TaskCatalog.render, ctx: ctx, name: childName(), parent: "a0", group: nil, start: f.end.addingTimeInterval(1),
                              attempts: state == .failed ? [AttemptPlan(end: .timedOut, runtime: 3600)] : [ok(Double(rng.int(5...40)))],
                              inputs: [("records", Lit.pickle([0x80, 0x05, 0x4E, 0x2E]))],
                              outputs: { r, p in
                                  let u = "\(p)/\(r.hex32())/daily_revenue.html"
                                  let kpis: [String: Google_Protobuf_Value] = ["revenue": Google_Protobuf_Value(numberValue: Double(r.int(10000...99999))),
                                                                               "region": Google_Protobuf_Value(stringValue: region), "final": Google_Protobuf_Value(boolValue: true)]
                                  return ([("report", Lit.blob(uri: u, format: "html", dir: false)), ("kpis", Lit.generic(kpis))],
                                          [(u, Array("<html><body>report</body></html>".utf8), .offloadedData)])
                              }, deck: { r in Self.reportDeck(&r, region: region) }, sink: &sink)
            end = rd.end
        }
        _ = try task(TaskCatalog.reportRoot, ctx: ctx, name: "a0", parent: nil, group: nil, start: start,
                     attempts: rootPlan(state, childTime: end.timeIntervalSince(start) - 15, failure: .failed(code: "RuntimeError", message: "child action reports.render timed out", kind: .user, recoverable: false)),
                     inputs: [("date", Lit.datetime(start)), ("region", Lit.str(region))],
                     outputs: { _, p in
                         var out = Lit.blob(uri: p + "/daily_report.html", format: "html", dir: false)
                         out.hash = String(format: "%016llx", FlyteLayout.fnv64a(Array(run.name.utf8)))
                         out.metadata = ["format": "html", "region": region]
                         out.artifactID.key.project = run.project
                         out.artifactID.key.domain = run.domain
                         out.artifactID.key.name = "daily_report"
                         out.artifactID.version = run.name
                         return ([("report", out)], [(p + "/daily_report.html", Array("<html><body>daily report \(region)</body></html>".utf8), .offloadedData)])
                     },
                     deck: { r in Self.reportDeck(&r, region: region) },
                     root: (.scheduleTrigger, trigger, user, nil), sink: &sink)
    }

    static func reportDeck(_ r: inout SeededRandom, region: String) -> String {
        DeckHTML.page(tabs: [("main", "<h1>Daily revenue — \(region)</h1><p>Revenue <b>$\(r.int(10000...99999))</b> &amp; \(r.int(100...999)) orders.</p>" +
                                      "<h2>Top products</h2>" + DeckHTML.table(["product", "units"], [["widget", "\(r.int(10...99))"], ["gadget", "\(r.int(10...99))"]]))])
    }

    // MARK: legacy

    mutating func legacy<S: WorldSink>(ctx: RunContext, start: Date, state: RunState, source: RunSource, user: String, sink: inout S) throws {
        let plans: [AttemptPlan] = state == .failed
            ? [AttemptPlan(end: .failed(code: "LedgerFormatError", message: "line 3: expected 7 fields, got 5\n\u{1B}[1mhint\u{1B}[0m: check the delimiter", kind: .user, recoverable: false), runtime: 4)]
            : (state == .inFlight ? [AttemptPlan(end: .running, runtime: 0)] : [ok(Double(rng.int(5...30)))])
        let key: L = rng.chance(0.5) ? Lit.union(Lit.str("LEDGER-\(rng.int(100...999))"), variant: LitType.simple(.string)) : Lit.union(Lit.none(), variant: LitType.simple(.none))
        _ = try task(TaskCatalog.legacy, ctx: ctx, name: "a0", parent: nil, group: nil, start: start, attempts: plans,
                     inputs: [("ledger", Lit.str("2026-Q3")), ("key", key)],
                     outputs: { r, p in
                         let cfg: [String: Google_Protobuf_Value] = ["delimiter": Google_Protobuf_Value(stringValue: ";"), "strict": Google_Protobuf_Value(boolValue: false),
                                                                     "columns": Google_Protobuf_Value(listValue: Google_Protobuf_ListValue(values: [Google_Protobuf_Value(stringValue: "id"), Google_Protobuf_Value(stringValue: "amount")]))]
                         return ([("table", Lit.schema(uri: p + "/ledger", columns: [("id", .integer), ("amount", .float), ("booked", .datetime), ("memo", .string)])),
                                  ("config", Lit.generic(cfg)),
                                  ("failed_rows", Lit.error(node: "parse", message: "\(r.int(1...9)) rows could not be parsed")),
                                  ("id", Lit.union(Lit.int(Int64(r.int(1...99999))), variant: LitType.simple(.integer)))],
                                 [(p + "/ledger/00000", Array("id;amount;booked;memo\n".utf8), .offloadedData)])
                     },
                     root: (source, nil, user, nil), sink: &sink)
    }
}
