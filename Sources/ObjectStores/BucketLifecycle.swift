import FlyteModel
import Foundation

/// A bucket's lifecycle configuration as the provider returns it; `Triage` reads the rules out of it.
public enum LifecycleDocument: Sendable, Equatable {
    /// S3 `GetBucketLifecycleConfiguration`: the `<LifecycleConfiguration>` XML.
    case s3XML(String)
    /// GCS bucket metadata `{"lifecycle": {"rule": [...]}}`.
    case gcsJSON([UInt8])
}

/// Stores that can say which lifecycle rules their bucket applies.
public protocol LifecycleReader: Sendable {
    /// The bucket's lifecycle document; `.success(nil)` when the bucket has no lifecycle configuration.
    func lifecycle(bucket: String) -> Result<LifecycleDocument?, ObjectListFailure>
}

extension S3Store: LifecycleReader {
    public func lifecycle(bucket: String) -> Result<LifecycleDocument?, ObjectListFailure> {
        let name = BucketURI(bucket)?.bucket ?? bucket
        let r = transport.send(request("GET", bucket: name, key: "", query: [("lifecycle", "")], limit: 1 << 20))
        if r.transportError == nil, r.status == 404, ResponseClassifier.providerError(r).code == "NoSuchLifecycleConfiguration" {
            return .success(nil)
        }
        let state = ResponseClassifier.state(r, what: "\(bucket) lifecycle configuration") { ObjectInfo(size: 0) }
        guard case .present = state else { return .failure(ObjectListFailure(state)) }
        return .success(.s3XML(String(decoding: r.body, as: UTF8.self)))
    }
}

extension GCSStore: LifecycleReader {
    public func lifecycle(bucket: String) -> Result<LifecycleDocument?, ObjectListFailure> {
        let name = BucketURI(bucket)?.bucket ?? bucket
        let r = transport.send(request("/storage/v1/b/\(SigV4.encode(name, keepSlash: false))", query: "fields=lifecycle", limit: 1 << 20))
        let state = ResponseClassifier.state(r, what: "\(bucket) lifecycle configuration") { ObjectInfo(size: 0) }
        guard case .present = state else { return .failure(ObjectListFailure(state)) }
        return .success(.gcsJSON(r.body))
    }
}

extension ObjectRouter {
    /// The lifecycle reader for a bucket URI's backend, or nil when it has none.
    public func lifecycleReader(_ uri: String) -> (any LifecycleReader)? {
        guard case .success(let b) = backend(uri) else { return nil }
        return b as? any LifecycleReader
    }
}
