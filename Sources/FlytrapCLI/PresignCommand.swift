import ArgumentParser
import FlyteModel
import Foundation
import ObjectStores

/// `flytrap presign URI`: a URL anyone can GET one object with, for a while, signed with the bucket's credentials.
/// After signing it checks the object exists, so a purged object is reported rather than handed out.
struct Presign: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a time-limited URL for one bucket object (S3 SigV4, GCS V4 signed URL, Azure SAS) that needs no credentials.",
        discussion: """
        The URL is signed with the credentials `flytrap info` shows for the bucket; nothing is sent to the store but \
        one HEAD to check the object is there (--no-check skips it). S3 and GCS URLs last at most 7 days; S3 URLs \
        signed with temporary credentials stop working when those expire; an Azure account key signs a read-only SAS, \
        and a configured SAS token is handed on as is, with its own expiry. GCS signs with a service-account key file \
        (GOOGLE_APPLICATION_CREDENTIALS), or on GKE and GCE as the metadata server's account through IAM signBlob \
        (one POST; the account needs roles/iam.serviceAccountTokenCreator on itself). The URL goes to standard \
        output, when it expires and what signed it to standard error (-o json prints all three).
        Exit codes: 0 signed, 3 not found (purged or never written), 4 denied, 5 unavailable, 1 cannot sign.
        """)

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("The object: s3://, gs://, abs:// (or another Azure form).", valueName: "uri"))
    var uri: String

    @Option(name: [.short, .long], help: ArgumentHelp("How long the URL works: 90s, 15m, 1h, 7d.", valueName: "duration"))
    var expires: String = "1h"

    @Flag(name: .long, help: "Sign without checking the object exists.")
    var noCheck = false

    @Option(name: [.short, .long], help: "Output format: text (the URL alone) or json.")
    var output: InspectFormat = .text

    func validate() throws {
        guard DurationText.wholeSeconds(expires) != nil else {
            throw ValidationError("--expires: '\(expires)' is not a duration such as 90s, 15m, 1h or 7d")
        }
    }

    func run() throws {
        let ctx = try store.context()
        let router = Buckets.router(config: ctx.config, env: ctx.env)
        let seconds = DurationText.wholeSeconds(expires) ?? 3600
        let safe = TerminalText.sanitize(uri)
        let signed: PresignedURL
        switch router.presign(uri, seconds: seconds) {
        case .success(let s): signed = s
        case .failure(let e): throw CLIError.runtime(TerminalText.sanitize(e.message))
        }
        // Signing is local and says first what cannot sign at all; then the one HEAD.
        if !noCheck {
            let state = router.head(uri)
            if case .notFound = state {
                throw CLIError.object(.notFound(reason: "\(safe): nothing to sign, the object is gone (purged or never written); --no-check signs anyway"))
            }
            guard case .present = state else { throw CLIError.object(state) }
        }
        let until = ISO8601DateFormatter().string(from: signed.expires)
        switch output {
        case .json:
            Console.out(JSONValue.object([("uri", .string(uri)), ("url", .string(signed.url)), ("expires", .string(until)),
                                          ("signed_with", .string(signed.signedWith))]).render() + "\n")
        case .text:
            Console.out(signed.url + "\n")
            let left = DurationText.short(signed.expires.timeIntervalSinceNow.rounded())
            Console.err("flytrap: \(safe): works until \(until) (\(left)); \(TerminalText.sanitize(signed.signedWith))")
        }
    }
}
