import Explorer
import ExplorerApp
import Foundation
import Triage
import MetadataStores
import ObjectStores
import Terminal

/// Opens the interactive explorer on a store: builds the state from flags and config, starts ncurses, runs the
/// loop, and restores the terminal however it ends.
enum ExplorerLaunch {
    struct Settings {
        var project: String?
        var domain: String?
        var theme: String?
        var ascii: Bool
        var mouse: Bool
        var refresh: Double?
    }

    static func run(_ ctx: CommandContext, _ settings: Settings) throws {
        let env = ctx.env
        let selection = try ThemeSelection.resolve(flag: settings.theme, env: env, config: ctx.config)
        var keyMap = KeyMap.default
        if let k = ctx.config.keys {
            do { keyMap = try keyMap.overriding(k) } catch { throw CLIError.runtime("\(ctx.config.path ?? "config"): \(error.message)") }
        }
        let store = try ctx.open()
        let project = settings.project ?? ctx.defaultProject(store: store)
        let options = ExplorerState.Options(
            project: project, domain: settings.domain ?? ctx.config.domain ?? "development",
            refreshInterval: settings.refresh ?? ctx.config.refresh ?? 5, ascii: settings.ascii,
            themeNames: selection.catalog.names)
        let backend: CursesTerminal
        do {
            backend = try CursesTerminal(env: env, mouse: settings.mouse, forceMonochrome: selection.monochromeForced != nil || !selection.theme.usesColor)
        } catch let e as CursesTerminal.StartError {
            throw CLIError.runtime(e.description)
        }
        // The explorer opens even when the rules file beside the store does not read; the Fallout view says why.
        let auditRules = Result { try LifecycleFiles.localRules(besideStore: store.location) }
        let runner = EffectRunner(store: store, objects: Buckets.router(config: ctx.config, env: ctx.env), themes: selection.catalog,
                                  monochrome: selection.monochromeForced != nil, env: env, auditRules: auditRules,
                                  auditInventories: ctx.config.inventories)
        TerminalSignals.install(wakeFD: runner.wake.writeFD)
        let state = ExplorerState(width: backend.width, height: backend.height, now: Date(), options: options, theme: selection.theme, keyMap: keyMap)
        let loop = ExplorerLoop(state: state, backend: backend, runner: runner)
        loop.exitAfterFirstFullFrame = env["FLYTRAP_EXIT_AFTER_FIRST_FRAME"] != nil
        loop.run()
        backend.stop()
        if let sig = TerminalSignals.pending {
            // Die from the signal the default way, now that the terminal is restored.
            signal(sig, SIG_DFL)
            raise(sig)
        }
    }
}
