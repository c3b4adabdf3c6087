import Foundation
import ObjectStores
import Testing
@testable import FlytrapCLI

/// flytestdlib's `storage:` block as a Flyte deployment writes it, and flytrap's `buckets:` overrides.
@Suite struct StorageConfigTests {
    @Test("a deployment's storage block resolves endpoint, keys, region and cache; overrides win per bucket")
    func parse() throws {
        let c = try Config.parse("""
        storage:
          type: minio
          container: my-s3-bucket
          connection:
            endpoint: http://minio.flyte.svc:9000
            auth-type: accesskey
            access-key: minio
            secret-key: miniostorage
            region: us-east-1
            disable-ssl: true
          cache:
            max_size_mbs: 16
        buckets:
          raw-elsewhere: {endpoint: https://s3.eu-west-1.amazonaws.com, region: eu-west-1}
        """, path: "cfg.yaml")
        #expect(c.storage.type == "minio" && c.storage.container == "my-s3-bucket" && c.storage.cacheBytes == 16 << 20)
        let main = c.storage.s3(bucket: "my-s3-bucket", env: [:], home: "/nonexistent",
                                credentials: c.storage.awsCredentials(env: [:], home: "/nonexistent", transport: nil))
        #expect(main.endpoint == "http://minio.flyte.svc:9000" && main.pathStyle && main.credentials?.value()?.accessKey == "minio")
        #expect(main.credentials?.source.contains("accesskey") == true)
        let other = c.storage.s3(bucket: "raw-elsewhere", env: [:], home: "/nonexistent", credentials: nil)
        #expect(other.endpoint == "https://s3.eu-west-1.amazonaws.com" && other.region == "eu-west-1")
    }

    @Test("info names every configured bucket (container, overrides, inventories) with its credentials and whether it can presign, never a secret")
    func infoBuckets() throws {
        let c = try Config.parse("""
        storage:
          type: minio
          container: main-bucket
          connection: {endpoint: http://127.0.0.1:1, auth-type: accesskey, access-key: minio, secret-key: miniostorage}
        buckets:
          raw-elsewhere: {region: eu-west-1}
        inventories: [gs://inv-bucket/cfg/manifest.json, "abs://acct/cont/inv/manifest.json"]
        """, path: "cfg.yaml")
        let env = ["HOME": "/nonexistent", "NO_GCE_CHECK": "true", "AWS_EC2_METADATA_DISABLED": "true"]
        let router = ObjectRouter(settings: c.storage, env: env)
        let lines = Info.bucketLines(storage: c.storage, inventories: c.inventories, env: env, router: router)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("s3://main-bucket  ") && lines[0].contains("accesskey") && lines[0].hasSuffix("presign: yes, SigV4"))
        #expect(lines[1].hasPrefix("s3://raw-elsewhere  "))
        #expect(lines[2].hasPrefix("gs://inv-bucket  ") && lines[2].hasSuffix("presign: no credentials"))
        #expect(lines[3].hasPrefix("abs://acct/cont  ") && lines[3].hasSuffix("presign: no credentials"))
        #expect(!lines.joined().contains("miniostorage"))
    }

    @Test("inventories: a list (or one) of S3 Inventory reports; anything else is named")
    func inventories() throws {
        let list = try Config.parse("inventories:\n  - s3://inv/reports/data-bucket/daily/\n  - s3://inv/x/manifest.json\n", path: "cfg.yaml")
        #expect(list.inventories == ["s3://inv/reports/data-bucket/daily/", "s3://inv/x/manifest.json"])
        #expect(try Config.parse("inventories: s3://inv/one/\n", path: "cfg.yaml").inventories == ["s3://inv/one/"])
        #expect(throws: CLIError.self) { try Config.parse("inventories:\n  a: b\n", path: "cfg.yaml") }
        do { _ = try Config.parse("inventories:\n  - [x]\n", path: "cfg.yaml") } catch { #expect("\(error)".contains("cfg.yaml: key 'inventories'")) }
    }

    @Test("a misspelt key is named with its full path")
    func badKey() {
        do {
            _ = try Config.parse("storage:\n  connection:\n    endpiont: x\n", path: "cfg.yaml")
            Issue.record("accepted a bad key")
        } catch {
            #expect(String(describing: error).contains("storage.connection.endpiont"))
        }
        do {
            _ = try Config.parse("storage:\n  type: floppy\n", path: "cfg.yaml")
            Issue.record("accepted a bad type")
        } catch {
            #expect(String(describing: error).contains("storage.type"))
        }
    }

    @Test("the AWS chain: environment, then the profile in the shared credentials file, with its region")
    func awsChain() throws {
        let home = NSTemporaryDirectory() + "flytrap-aws-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
        try "[default]\naws_access_key_id = D\naws_secret_access_key = DS\n\n[dev]\naws_access_key_id = A\naws_secret_access_key = B\naws_session_token = T\n"
            .write(toFile: home + "/.aws/credentials", atomically: true, encoding: .utf8)
        try "[profile dev]\nregion = eu-central-1\n".write(toFile: home + "/.aws/config", atomically: true, encoding: .utf8)
        let env = ["AWS_PROFILE": "dev"]
        let c = try #require(AWSChain.provider(env: env, home: home)?.value())
        #expect(c.accessKey == "A" && c.sessionToken == "T" && c.source.contains("profile dev"))
        #expect(AWSChain.region(env: env, home: home) == "eu-central-1")
        #expect(AWSChain.provider(env: [:], home: home)?.value()?.accessKey == "D")
        #expect(AWSChain.provider(env: ["AWS_ACCESS_KEY_ID": "E", "AWS_SECRET_ACCESS_KEY": "ES"], home: home)?.source.contains("environment") == true)
        // No source at all: nil (requests go unsigned), and EC2 metadata is not asked when disabled.
        #expect(AWSChain.provider(env: ["AWS_EC2_METADATA_DISABLED": "true"], home: "/nonexistent") == nil)
    }

    @Test("rotated keys in the shared credentials file take effect after the refresh interval, not on every request")
    func rotation() throws {
        let home = NSTemporaryDirectory() + "flytrap-aws-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
        let file = home + "/.aws/credentials"
        try "[default]\naws_access_key_id = OLD\naws_secret_access_key = S\n".write(toFile: file, atomically: true, encoding: .utf8)
        let p = try #require(AWSChain.provider(env: [:], home: home))
        let t0 = Date()
        #expect(p.value(now: t0)?.accessKey == "OLD")
        try "[default]\naws_access_key_id = NEW\naws_secret_access_key = S\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(p.value(now: t0.addingTimeInterval(p.fileRefresh - 1))?.accessKey == "OLD")
        #expect(p.value(now: t0.addingTimeInterval(p.fileRefresh + 1))?.accessKey == "NEW")
    }
}
