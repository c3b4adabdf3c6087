import Foundation
import Testing
@testable import Triage

/// Lifecycle documents in the providers' documented shapes (S3 "Examples of S3 Lifecycle configurations", GCS
/// "Object Lifecycle Management" JSON), and the flags flytrap raises for Flyte buckets.
@Suite("Lifecycle rules")
struct LifecycleParserTests {
    @Test("S3: Filter/Prefix, Filter/And with a tag, the legacy top-level Prefix, disabled rules, transition-only rules")
    func s3() {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
          <Rule><ID>ExampleRule</ID><Filter><Prefix>documents/</Prefix></Filter><Status>Enabled</Status>
            <Transition><Days>365</Days><StorageClass>GLACIER</StorageClass></Transition>
            <Expiration><Days>3650</Days></Expiration></Rule>
          <Rule><ID>tagged</ID><Filter><And><Prefix>tax/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></And></Filter>
            <Status>Enabled</Status><Expiration><Days>30</Days></Expiration></Rule>
          <Rule><ID>legacy</ID><Prefix>logs/</Prefix><Status>Disabled</Status><Expiration><Days>7</Days></Expiration></Rule>
          <Rule><ID>archive-only</ID><Filter></Filter><Status>Enabled</Status><Transition><Days>30</Days><StorageClass>GLACIER</StorageClass></Transition></Rule>
          <Rule><ID>everything</ID><Filter></Filter><Status>Enabled</Status><Expiration><Days>90</Days></Expiration></Rule>
        </LifecycleConfiguration>
        """
        let rules = LifecycleParser.s3(xml)
        #expect(rules.map(\.id) == ["ExampleRule", "tagged", "legacy", "everything"])
        #expect(rules[0].prefixes == ["documents/"] && rules[0].ageDays == 3650 && rules[0].enabled)
        #expect(rules[1].unevaluable != nil && !rules[1].selects(key: "tax/x"))
        #expect(rules[2].prefixes == ["logs/"] && !rules[2].enabled)
        #expect(rules[3].prefixes.isEmpty && rules[3].selects(key: "any/key/inputs.pb"))
        #expect(rules[3].warnings.contains("applies bucket-wide"))
        #expect(rules[0].warnings.isEmpty, "a prefix rule is judged by what it reaches, not statically")
    }

    @Test("S3 expires at the first midnight UTC after the age passes")
    func s3Midnight() {
        let r = LifecycleRule(id: "x", provider: .s3, ageDays: 1)
        let written = Date(timeIntervalSince1970: 86400 * 100 + 3600)  // day 100, 01:00
        #expect(r.deletion(key: "k", written: written) == Date(timeIntervalSince1970: 86400 * 102))
    }

    @Test("GCS: Delete rules with age, prefixes and suffixes; other actions and noncurrent-only rules do not count")
    func gcs() throws {
        let json = """
        {"lifecycle": {"rule": [
          {"action": {"type": "Delete"}, "condition": {"age": 30, "matchesPrefix": ["raw/"], "matchesSuffix": [".parquet"]}},
          {"action": {"type": "SetStorageClass", "storageClass": "NEARLINE"}, "condition": {"age": 365}},
          {"action": {"type": "Delete"}, "condition": {"numNewerVersions": 2}},
          {"action": {"type": "Delete"}, "condition": {"age": 60}}
        ]}}
        """
        let rules = try LifecycleParser.gcs(Array(json.utf8))
        #expect(rules.count == 3)
        #expect(rules[0].selects(key: "raw/x/data.parquet") && !rules[0].selects(key: "raw/x/outputs.pb"))
        #expect(rules[0].warnings.isEmpty)
        #expect(rules[1].unevaluable != nil)
        #expect(rules[2].warnings.contains("applies bucket-wide"))
        #expect(throws: LifecycleParser.Failure.self) { try LifecycleParser.gcs(Array("[1]".utf8)) }
    }

    @Test("a local rules file that is not one names the file and the key")
    func localErrors() {
        do {
            _ = try LifecycleParser.local(Data(#"{"bucket": "file:///x", "rules": [{"id": "a"}]}"#.utf8), path: "/tmp/rules.json")
            Issue.record("accepted a rule without olderThanDays")
        } catch {
            #expect("\(error)".contains("/tmp/rules.json") && "\(error)".contains("olderThanDays"))
        }
    }
}
