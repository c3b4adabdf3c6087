import FlyteIDL
import FlyteModel
import Foundation

/// A task the demo world deploys: its spec (as Flyte stores it in `tasks.task_spec` and `task_specs`) and how
/// it behaves in runs.
struct TaskDef: Sendable {
    let name: String
    let version: String
    let type: String
    let environment: String
    let image: String
    let shortName: String
    let description: String
    let cacheable: Bool
    let retries: Int
    let report: Bool
    let inputs: [(String, Flyteidl2_Core_LiteralType)]
    let outputs: [(String, Flyteidl2_Core_LiteralType)]
    /// Default values of inputs (`TaskSpec.default_inputs`), as the SDK records a Python default argument.
    var defaults: [(String, Flyteidl2_Core_Literal)] = []

    func spec(project: String, domain: String) -> Flyteidl2_Task_TaskSpec {
        var s = Flyteidl2_Task_TaskSpec()
        var t = Flyteidl2_Core_TaskTemplate()
        t.id.resourceType = .task
        t.id.project = project
        t.id.domain = domain
        t.id.name = name
        t.id.version = version
        t.type = type
        t.metadata.discoverable = cacheable
        if cacheable { t.metadata.discoveryVersion = "1" }
        t.metadata.retries.retries = UInt32(retries)
        t.metadata.runtime.type = .flyteSdk
        t.metadata.runtime.version = "2.12.1"
        t.metadata.runtime.flavor = "python"
        var c = Flyteidl2_Core_Container()
        c.image = image
        c.args = ["a0", "--inputs", "{{.input}}", "--outputs-path", "{{.outputPrefix}}", "--raw-data-path", "{{.rawOutputDataPrefix}}"]
        t.container = c
        t.interface.inputs.variables = inputs.map { var e = Flyteidl2_Core_VariableEntry(); e.key = $0.0; e.value.type = $0.1; return e }
        t.interface.outputs.variables = outputs.map { var e = Flyteidl2_Core_VariableEntry(); e.key = $0.0; e.value.type = $0.1; return e }
        s.taskTemplate = t
        s.shortName = shortName
        s.environment.name = environment
        s.documentation.shortDescription = description
        s.defaultInputs = defaults.map { name, lit in
            var p = Flyteidl2_Task_NamedParameter()
            p.name = name
            p.parameter.var.type = inputs.first { $0.0 == name }?.1 ?? Flyteidl2_Core_LiteralType()
            p.parameter.default = lit
            return p
        }
        return s
    }

    func specBytes(project: String, domain: String) -> [UInt8] {
        ProtoBytes.of(spec(project: project, domain: domain))
    }

    /// The digest key into `task_specs` (FNV-64a of the serialised spec, hex).
    func digest(project: String, domain: String) -> String {
        String(format: "%016llx", FlyteLayout.fnv64a(specBytes(project: project, domain: domain)))
    }
}

/// The tasks of the demo world.
enum TaskCatalog {
    static let hello = TaskDef(
        name: "hello.say_hello", version: "v3", type: "python", environment: "hello", image: "ghcr.io/acme/hello:py3.11-v3",
        shortName: "say_hello", description: "Greets someone, loudly if asked.", cacheable: false, retries: 0, report: false,
        inputs: [("name", LitType.simple(.string)), ("times", LitType.simple(.integer)), ("ratio", LitType.simple(.float)), ("loud", LitType.simple(.boolean))],
        outputs: [("greeting", LitType.simple(.string)), ("at", LitType.simple(.datetime)), ("took", LitType.simple(.duration))],
        defaults: [("times", Lit.int(1)), ("ratio", Lit.float(0.5)), ("loud", Lit.bool(false))])

    static let etlRoot = TaskDef(
        name: "etl.pipeline", version: "v7", type: "python", environment: "etl", image: "ghcr.io/acme/etl:py3.11-v7",
        shortName: "pipeline", description: "Nightly extract-transform-load of the orders feed.", cacheable: false, retries: 0, report: true,
        inputs: [("source", LitType.blob("csv", dir: false)), ("since", LitType.simple(.datetime)), ("options", LitType.simple(.struct)), ("limit", LitType.optional(LitType.simple(.integer)))],
        outputs: [("rows_loaded", LitType.simple(.integer)), ("table", LitType.frame("parquet"))])
    static let etlExtract = TaskDef(
        name: "etl.extract", version: "v7", type: "python", environment: "etl", image: "ghcr.io/acme/etl:py3.11-v7",
        shortName: "extract", description: "Reads the raw feed into a DataFrame.", cacheable: true, retries: 2, report: false,
        inputs: [("source", LitType.blob("csv", dir: false))], outputs: [("raw", LitType.frame("parquet"))])
    static let etlShard = TaskDef(
        name: "etl.transform_shard", version: "v7", type: "python", environment: "etl", image: "ghcr.io/acme/etl:py3.11-v7",
        shortName: "transform_shard", description: "Cleans one shard of the feed.", cacheable: false, retries: 3, report: false,
        inputs: [("raw", LitType.frame("parquet")), ("shard", LitType.simple(.integer))], outputs: [("rows", LitType.simple(.integer)), ("part", LitType.frame("parquet"))])
    static let etlLoad = TaskDef(
        name: "etl.load", version: "v7", type: "python", environment: "etl", image: "ghcr.io/acme/etl:py3.11-v7",
        shortName: "load", description: "Writes the cleaned table and a summary.", cacheable: false, retries: 1, report: true,
        inputs: [("parts", LitType.list(LitType.frame("parquet")))], outputs: [("report", LitType.blob("", dir: true)), ("summary", LitType.dataclass("LoadSummary"))])

    static let trainRoot = TaskDef(
        name: "ml.train_pipeline", version: "v12", type: "python", environment: "training", image: "ghcr.io/acme/train:cu121-v12",
        shortName: "train_pipeline", description: "Trains, evaluates and (after approval) deploys a model.", cacheable: false, retries: 0, report: true,
        inputs: [("config", LitType.dataclass("TrainConfig")), ("epochs", LitType.simple(.integer)), ("lr", LitType.simple(.float)), ("data", LitType.blob("", dir: true))],
        outputs: [("model", LitType.blob("pt", dir: false)), ("approved", LitType.simple(.boolean))])
    static let prepare = TaskDef(
        name: "ml.prepare_data", version: "v12", type: "python", environment: "training", image: "ghcr.io/acme/train:cu121-v12",
        shortName: "prepare_data", description: "Splits and normalises the training set.", cacheable: true, retries: 1, report: false,
        inputs: [("data", LitType.blob("", dir: true))], outputs: [("train", LitType.frame("parquet")), ("test", LitType.frame("parquet"))])
    static let train = TaskDef(
        name: "ml.train", version: "v12", type: "pytorch", environment: "training", image: "ghcr.io/acme/train:cu121-v12",
        shortName: "train", description: "Trains the model on one GPU node; checkpoints every epoch.", cacheable: false, retries: 3, report: true,
        inputs: [("train", LitType.frame("parquet")), ("epochs", LitType.simple(.integer)), ("lr", LitType.simple(.float))],
        outputs: [("model", LitType.blob("pt", dir: false)), ("metrics", LitType.map(LitType.simple(.float))), ("history", LitType.list(LitType.simple(.float)))])
    static let evaluate = TaskDef(
        name: "ml.evaluate", version: "v12", type: "python", environment: "training", image: "ghcr.io/acme/train:cu121-v12",
        shortName: "evaluate", description: "Scores the model on the held-out set.", cacheable: true, retries: 0, report: true,
        inputs: [("model", LitType.blob("pt", dir: false)), ("test", LitType.frame("parquet"))],
        outputs: [("scores", LitType.list(LitType.dataclass("Score"))), ("confusion", LitType.list(LitType.list(LitType.simple(.integer))))])
    static let deploy = TaskDef(
        name: "ml.deploy", version: "v12", type: "python", environment: "serving", image: "ghcr.io/acme/serve:v12",
        shortName: "deploy", description: "Rolls the model out to the serving fleet.", cacheable: false, retries: 0, report: false,
        inputs: [("model", LitType.blob("pt", dir: false))], outputs: [("endpoint", LitType.simple(.string))])

    static let reportRoot = TaskDef(
        name: "reports.daily", version: "v5", type: "python", environment: "reports", image: "ghcr.io/acme/reports:v5",
        shortName: "daily", description: "The daily revenue report.", cacheable: false, retries: 0, report: true,
        inputs: [("date", LitType.simple(.datetime)), ("region", LitType.simple(.string))], outputs: [("report", LitType.blob("html", dir: false))])
    static let fetch = TaskDef(
        name: "reports.fetch", version: "v5", type: "python", environment: "reports", image: "ghcr.io/acme/reports:v5",
        shortName: "fetch", description: "Fetches the day's records (cached per region).", cacheable: true, retries: 2, report: false,
        inputs: [("region", LitType.simple(.string))], outputs: [("records", LitType.simple(.binary)), ("snapshot", LitType.blob("PythonPickle", dir: false))])
    static let render = TaskDef(
        name: "reports.render", version: "v5", type: "python", environment: "reports", image: "ghcr.io/acme/reports:v5",
        shortName: "render", description: "Renders the report with charts.", cacheable: false, retries: 0, report: true,
        inputs: [("records", LitType.simple(.binary))], outputs: [("report", LitType.blob("html", dir: false)), ("kpis", LitType.simple(.struct))])

    static let legacy = TaskDef(
        name: "legacy.import_ledger", version: "v1", type: "python", environment: "legacy", image: "ghcr.io/acme/legacy:v1",
        shortName: "import_ledger", description: "Imports the old ledger format.", cacheable: false, retries: 0, report: false,
        inputs: [("ledger", LitType.simple(.string)), ("key", LitType.optional(LitType.simple(.string)))],
        outputs: [("table", LitType.simple(.none)), ("config", LitType.simple(.struct)), ("failed_rows", LitType.simple(.error)), ("id", LitType.optional(LitType.simple(.integer)))])

    static let all: [TaskDef] = [hello, etlRoot, etlExtract, etlShard, etlLoad, trainRoot, prepare, train, evaluate, deploy,
                                 reportRoot, fetch, render, legacy]
}
